package io.pulsetracker.webhook.internal;

import java.time.Instant;
import java.util.List;

/**
 * A URL an app registered to receive its events.
 *
 * @param id numeric id, stable for the endpoint's life
 * @param appId the owning app
 * @param url where events are posted
 * @param eventTypes the wire names of the event types it receives, or null for all
 * @param enabled whether new events are queued for it and queued ones sent
 * @param secret the current signing secret, {@code whsec_<base64>}
 * @param previousSecret the secret before the last rotation, or null
 * @param previousSecretUntil until when the previous secret still signs, or null
 * @param createdAt creation time
 * @param updatedAt time of the last change
 */
record WebhookEndpoint(
        long id,
        long appId,
        String url,
        List<String> eventTypes,
        boolean enabled,
        String secret,
        String previousSecret,
        Instant previousSecretUntil,
        Instant createdAt,
        Instant updatedAt) {

    /** Whether the previous secret still signs at {@code now}. */
    boolean overlapping(Instant now) {
        return previousSecret != null && previousSecretUntil != null && previousSecretUntil.isAfter(now);
    }
}
