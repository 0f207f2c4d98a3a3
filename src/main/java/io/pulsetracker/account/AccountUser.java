package io.pulsetracker.account;

/**
 * The user an API request acts for, as resolved from its bearer token.
 *
 * @param id the user's id
 * @param name the user's unique name
 * @param admin whether the user may act on every user's apps
 */
public record AccountUser(long id, String name, boolean admin) {}
