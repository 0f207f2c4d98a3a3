package io.pulsetracker.geofence;

import org.locationtech.jts.geom.Envelope;
import tools.jackson.databind.JsonNode;

/**
 * A fence made of every point within {@code radiusMeters} of a centre, measured along the surface of
 * the sphere used by {@link GreatCircle}.
 *
 * <p>The centre is in WGS84 degrees, longitude first (matching GeoJSON's {@code "center":[lng, lat]}).
 * The radius is in metres, greater than 0 and at most {@value #MAX_RADIUS_METERS}. A point exactly on
 * the circle is inside; so is a point up to {@value #BOUNDARY_TOLERANCE_METERS} m beyond it, so that a
 * point computed to lie on the circle is not lost to floating-point rounding.
 *
 * @param centerLongitude longitude of the centre, degrees in [-180, 180]
 * @param centerLatitude latitude of the centre, degrees in [-90, 90]
 * @param radiusMeters radius in metres, in (0, {@value #MAX_RADIUS_METERS}]
 */
public record CircleShape(double centerLongitude, double centerLatitude, double radiusMeters) implements FenceShape {

    /** The largest accepted radius, in metres. */
    public static final double MAX_RADIUS_METERS = 1_000_000;

    /** How far beyond the radius a point still counts as on the circle, in metres. */
    public static final double BOUNDARY_TOLERANCE_METERS = 1e-6;

    /** Widens the envelope, in degrees (about 0.1 mm), so rounding never cuts off the boundary. */
    private static final double ENVELOPE_MARGIN_DEGREES = 1e-9;

    public CircleShape {
        requireInRange("centerLongitude", centerLongitude, 180);
        requireInRange("centerLatitude", centerLatitude, 90);
        if (!(radiusMeters > 0 && radiusMeters <= MAX_RADIUS_METERS)) {
            throw new InvalidFenceShapeException(
                    "radius must be greater than 0 and at most 1000000 metres, was [" + radiusMeters + "]");
        }
    }

    /**
     * Tells whether the point lies inside the circle or on its boundary. Note the argument order:
     * latitude first, in WGS84 degrees.
     */
    public boolean covers(double latitude, double longitude) {
        double distance = GreatCircle.distanceMeters(centerLatitude, centerLongitude, latitude, longitude);
        return distance <= radiusMeters + BOUNDARY_TOLERANCE_METERS;
    }

    /**
     * Returns a box that certainly contains the circle. The latitude half-span is the radius as an angle;
     * the longitude half-span is that angle divided by the cosine of the box's latitude farthest from the
     * equator, which is never narrower than the circle. When the circle reaches a pole or the
     * antimeridian the box spans all longitudes.
     */
    @Override
    public Envelope envelope() {
        double latitudeSpan = Math.toDegrees(radiusMeters / GreatCircle.EARTH_RADIUS_METERS) + ENVELOPE_MARGIN_DEGREES;
        double south = centerLatitude - latitudeSpan;
        double north = centerLatitude + latitudeSpan;
        if (south <= -90 || north >= 90) {
            return new Envelope(-180, 180, Math.max(south, -90), Math.min(north, 90));
        }

        double farthestLatitude = Math.max(Math.abs(south), Math.abs(north));
        double longitudeSpan = latitudeSpan / Math.cos(Math.toRadians(farthestLatitude));
        double west = centerLongitude - longitudeSpan;
        double east = centerLongitude + longitudeSpan;
        if (west <= -180 || east >= 180) {
            return new Envelope(-180, 180, south, north);
        }
        return new Envelope(west, east, south, north);
    }

    @Override
    public JsonNode toGeoJson() {
        return GeoJsonFenceWriter.circle(this);
    }

    private static void requireInRange(String name, double degrees, double limit) {
        if (!(degrees >= -limit && degrees <= limit)) {
            throw new InvalidFenceShapeException(
                    name + " must be within [-" + (int) limit + ", " + (int) limit + "], was [" + degrees + "]");
        }
    }
}
