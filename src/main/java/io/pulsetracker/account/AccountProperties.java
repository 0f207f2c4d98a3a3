package io.pulsetracker.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the accounts module, under {@code pulsetracker.*}.
 *
 * @param adminToken when set, an admin user with this API token is ensured at start-up (env {@code
 *     PULSE_ADMIN_TOKEN}); the token is stored hashed and never logged
 */
@ConfigurationProperties("pulsetracker")
public record AccountProperties(String adminToken) {}
