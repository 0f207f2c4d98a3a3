package io.pulsetracker.tracking;

import java.time.Instant;

/**
 * One position report of one device, whatever door it came through, after validation and authentication.
 *
 * <p>Coordinates are WGS84 degrees; the optional measurements use SI units. Instants are UTC and carry at
 * most millisecond precision. A fix is identified by {@code (deviceId, recordedAt)}: a second fix with the
 * same pair is a duplicate.
 *
 * @param appId owning app's id
 * @param appKey owning app's key
 * @param deviceId device's numeric id
 * @param deviceKey device key
 * @param deviceIdentifier the app-scoped {@code device_id}
 * @param recordedAt when the device measured the position (device clock, UTC)
 * @param receivedAt when the server received it
 * @param latitude degrees north, in [-90, 90]
 * @param longitude degrees east, in [-180, 180]
 * @param altitude metres above sea level, or null
 * @param speed metres per second, or null
 * @param heading degrees clockwise from true north in [0, 360], or null
 * @param accuracy horizontal accuracy radius in metres, or null
 * @param battery charge level in [0, 1], or null
 * @param attributes the device's extra fields as a compact JSON object text, or null
 * @param protocol the door it arrived through: {@code http}, {@code tcp}, {@code udp}, {@code websocket}
 */
public record Fix(
        long appId,
        String appKey,
        long deviceId,
        String deviceKey,
        String deviceIdentifier,
        Instant recordedAt,
        Instant receivedAt,
        double latitude,
        double longitude,
        Double altitude,
        Double speed,
        Double heading,
        Double accuracy,
        Double battery,
        String attributes,
        String protocol) {

    /** The identity of this fix: a fix with the same key is a duplicate. */
    public FixKey key() {
        return new FixKey(deviceId, recordedAt.toEpochMilli());
    }

    /**
     * The identity of a fix.
     *
     * @param deviceId device's numeric id
     * @param recordedAtMillis recorded time in epoch milliseconds
     */
    public record FixKey(long deviceId, long recordedAtMillis) {}
}
