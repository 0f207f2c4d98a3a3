package io.pulsetracker.geofence;

import io.pulsetracker.tracking.Fix;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A device entered, left or passed through a fence, caused by one fix.
 *
 * <p>The {@code id} is derived from the fence, the device, the fix's recorded time and the transition, so
 * evaluating the same fix again yields the same id: receivers de-duplicate by it.
 *
 * @param id deterministic event id (a name-based UUID)
 * @param transition inside, outside or cross
 * @param geofenceId the fence
 * @param geofenceName the fence's name when the event happened
 * @param webhookUrl the fence's webhook URL, or null
 * @param fix the fix that caused it
 */
public record GeofenceEvent(
        String id, GeofenceTransition transition, long geofenceId, String geofenceName, String webhookUrl, Fix fix) {

    /** Creates the event of {@code fix} crossing {@code fence}, with its deterministic id. */
    public static GeofenceEvent of(GeofenceTransition transition, Geofence fence, Fix fix) {
        String identity = "geofence-event:" + fence.id() + ":" + fix.deviceId() + ":"
                + fix.recordedAt().toEpochMilli() + ":" + transition.wireName();
        String id = UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8))
                .toString();
        return new GeofenceEvent(id, transition, fence.id(), fence.name(), fence.webhookUrl(), fix);
    }
}
