package io.pulsetracker.account;

import java.time.Instant;

/**
 * A device of an app.
 *
 * <p>A device is known by two names: its {@code key}, unique across the whole installation, which
 * authenticates it alone ({@code Authorization: Bearer <key>}, the packet's {@code clientId}); and its
 * {@code identifier}, unique within its app, which it sends as {@code device_id} next to the app key.
 *
 * @param id numeric id
 * @param appId the owning app's id
 * @param appKey the owning app's key
 * @param key the device key
 * @param identifier the app-scoped {@code device_id}
 * @param name display name
 * @param createdAt registration time
 */
public record Device(
        long id, long appId, String appKey, String key, String identifier, String name, Instant createdAt) {}
