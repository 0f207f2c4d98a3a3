package io.pulsetracker.geofence;

/**
 * Distances on a spherical Earth, for circular fences and for anyone else who needs metres between
 * two fixes.
 *
 * <p>The sphere has the mean Earth radius {@value #EARTH_RADIUS_METERS} m. Against the WGS84
 * ellipsoid the error is below 0.5 %, which is well within what a circular geofence promises.
 * Stateless and thread-safe.
 */
public final class GreatCircle {

    /** Mean Earth radius (IUGG), in metres. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private GreatCircle() {}

    /**
     * Returns the great-circle distance between two points, computed with the haversine formula.
     *
     * <p>Note the argument order: latitude before longitude for each point, both in WGS84 degrees.
     * The result is in metres, never negative, and correct across the antimeridian and near the poles.
     */
    public static double distanceMeters(double latitude1, double longitude1, double latitude2, double longitude2) {
        double phi1 = Math.toRadians(latitude1);
        double phi2 = Math.toRadians(latitude2);
        double halfLatitudeDelta = (phi2 - phi1) / 2;
        double halfLongitudeDelta = Math.toRadians(longitude2 - longitude1) / 2;

        double sinLatitude = Math.sin(halfLatitudeDelta);
        double sinLongitude = Math.sin(halfLongitudeDelta);
        double haversine = sinLatitude * sinLatitude + Math.cos(phi1) * Math.cos(phi2) * sinLongitude * sinLongitude;

        double centralAngle = 2 * Math.asin(Math.min(1.0, Math.sqrt(haversine)));
        return EARTH_RADIUS_METERS * centralAngle;
    }
}
