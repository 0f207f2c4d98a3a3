/**
 * Users, their apps (the tenants) and the apps' devices; API tokens and the authorization of every request.
 *
 * <p>The types in this package are the module's API: other modules look up apps and devices through
 * {@link io.pulsetracker.account.Apps} and {@link io.pulsetracker.account.Devices}. Everything under
 * {@code internal} is private to the module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Accounts")
package io.pulsetracker.account;
