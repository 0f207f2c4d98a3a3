package io.pulsetracker.geofence;

import java.time.Instant;

/**
 * A geofence of an app.
 *
 * @param id numeric id
 * @param appId owning app
 * @param name display name
 * @param webhookUrl where this fence's events are posted, or null for none
 * @param shape the area; its boundary counts as inside
 * @param createdAt creation time
 */
public record Geofence(long id, long appId, String name, String webhookUrl, FenceShape shape, Instant createdAt) {}
