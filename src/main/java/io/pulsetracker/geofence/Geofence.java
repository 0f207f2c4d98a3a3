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
 * @param rules hysteresis, dwell, accuracy gate and cross events; {@link FenceRules#NONE} when none is set
 * @param revision how many times the fence was edited (0 when never)
 * @param createdAt creation time
 * @param updatedAt time of the last edit, or null when never edited
 */
public record Geofence(
        long id,
        long appId,
        String name,
        String webhookUrl,
        FenceShape shape,
        FenceRules rules,
        long revision,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * The parts of a fence a client chooses, for creating or replacing one.
     *
     * @param name display name
     * @param webhookUrl where events are posted, or null
     * @param shape the area
     * @param rules the fence's rules
     */
    public record Definition(String name, String webhookUrl, FenceShape shape, FenceRules rules) {}

    /** This fence's definition. */
    public Definition definition() {
        return new Definition(name, webhookUrl, shape, rules);
    }
}
