package io.pulsetracker.geofence;

import java.util.List;

/**
 * The JSON form of a {@link GeofenceEvent}, the same in webhooks (which add {@code event_sent_at}) and on
 * the {@code <prefix>:<app key>:events} channel. Field names are snake_case on the wire; times are epoch
 * seconds (UTC), and {@code location_recorded_at_ms} repeats the recorded time in epoch milliseconds so that
 * receivers can order events of one device that happened within the same second; the point is GeoJSON,
 * {@code [longitude, latitude]}.
 *
 * @param id deterministic event id; the same on every delivery attempt
 * @param event {@code inside}, {@code outside} or {@code cross}
 * @param point where the device was
 * @param deviceId the device's app-scoped {@code device_id}
 * @param deviceKey the device key
 * @param appKey the app key
 * @param geofenceId the fence's id
 * @param geofenceName the fence's name
 * @param locationRecordedAt when the device measured the position, epoch seconds
 * @param locationReceivedAt when the server received it, epoch seconds
 * @param locationRecordedAtMs when the device measured the position, epoch milliseconds (the fix's own
 *     precision); added after the other fields, which keep their meaning for existing receivers
 */
public record GeofenceEventPayload(
        String id,
        String event,
        Point point,
        String deviceId,
        String deviceKey,
        String appKey,
        long geofenceId,
        String geofenceName,
        long locationRecordedAt,
        long locationReceivedAt,
        long locationRecordedAtMs) {

    /** The payload of {@code event}. */
    public static GeofenceEventPayload of(GeofenceEvent event) {
        var fix = event.fix();
        return new GeofenceEventPayload(
                event.id(),
                event.transition().wireName(),
                new Point("Point", List.of(fix.longitude(), fix.latitude())),
                fix.deviceIdentifier(),
                fix.deviceKey(),
                fix.appKey(),
                event.geofenceId(),
                event.geofenceName(),
                fix.recordedAt().getEpochSecond(),
                fix.receivedAt().getEpochSecond(),
                fix.recordedAt().toEpochMilli());
    }

    /**
     * A GeoJSON Point.
     *
     * @param type always {@code Point}
     * @param coordinates {@code [longitude, latitude]}
     */
    public record Point(String type, List<Double> coordinates) {}
}
