package io.pulsetracker.replay;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded position of a track, as read from a file.
 *
 * <p>Latitude and longitude are WGS84 decimal degrees; latitude is north-positive, longitude
 * east-positive. The optional values are {@code null} when the file does not carry them; a
 * non-finite optional value (NaN, infinity) is treated as unknown and stored as {@code null}.
 *
 * @param recordedAt when the receiver took the fix, never {@code null}
 * @param latitude degrees within [-90, 90]
 * @param longitude degrees within [-180, 180]
 * @param altitudeMeters height in metres as the file gives it (above mean sea level for NMEA and
 *     GPX)
 * @param speedMetersPerSecond ground speed in metres per second
 * @param headingDegrees course over ground in degrees clockwise from true north
 * @param accuracyMeters horizontal accuracy estimate in metres
 */
public record TrackPoint(
        Instant recordedAt,
        double latitude,
        double longitude,
        Double altitudeMeters,
        Double speedMetersPerSecond,
        Double headingDegrees,
        Double accuracyMeters) {

    /**
     * Checks the required values.
     *
     * @throws NullPointerException when {@code recordedAt} is {@code null}
     * @throws IllegalArgumentException when a coordinate is out of range or not a number; the
     *     message names the coordinate and quotes the value
     */
    public TrackPoint {
        Objects.requireNonNull(recordedAt, "recordedAt");
        requireWithin("latitude", latitude, 90);
        requireWithin("longitude", longitude, 180);

        altitudeMeters = finiteOrNull(altitudeMeters);
        speedMetersPerSecond = finiteOrNull(speedMetersPerSecond);
        headingDegrees = finiteOrNull(headingDegrees);
        accuracyMeters = finiteOrNull(accuracyMeters);
    }

    /** A point with a time and a position only. */
    public static TrackPoint at(Instant recordedAt, double latitude, double longitude) {
        return new TrackPoint(recordedAt, latitude, longitude, null, null, null, null);
    }

    private static void requireWithin(String name, double degrees, double bound) {
        if (!(degrees >= -bound && degrees <= bound)) {
            throw new IllegalArgumentException(
                    name + " must be within [-" + (int) bound + ", " + (int) bound + "], was [" + degrees + "]");
        }
    }

    private static Double finiteOrNull(Double value) {
        return value != null && Double.isFinite(value) ? value : null;
    }
}
