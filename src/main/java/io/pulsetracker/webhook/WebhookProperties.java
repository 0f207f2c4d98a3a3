package io.pulsetracker.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings, under {@code pulsetracker.webhook.*}.
 *
 * @param connectTimeout how long to wait for the receiver's TCP connection
 * @param responseTimeout how long to wait for the receiver's answer after sending
 * @param maxAttempts attempts per delivery before it is marked failed
 * @param firstRetryDelay wait before the second attempt; each later wait is four times longer (with
 *     ±20 % jitter), at most an hour
 * @param pollInterval how often the dispatcher looks for due deliveries (new events also wake it)
 * @param concurrency most deliveries in flight per instance
 * @param allowPrivateAddresses whether URLs may resolve to loopback, private, link-local or metadata
 *     addresses; off by default (SSRF), on for local development and tests
 */
@ConfigurationProperties("pulsetracker.webhook")
public record WebhookProperties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("4s") Duration firstRetryDelay,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("16") int concurrency,
        @DefaultValue("false") boolean allowPrivateAddresses) {}
