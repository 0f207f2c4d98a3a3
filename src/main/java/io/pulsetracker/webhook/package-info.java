/**
 * Webhooks: the outbox of deliveries written with the events, the dispatcher that signs and posts them
 * with timeouts and retries, and the guard against posting to private addresses.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Webhooks")
package io.pulsetracker.webhook;
