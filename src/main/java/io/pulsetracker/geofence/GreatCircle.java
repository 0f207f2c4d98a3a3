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

    /**
     * Returns the distance from a point to the shorter great-circle arc between two others, in metres: the
     * distance to the nearest point of the arc, which is one of its ends or a point between them.
     *
     * <p>Latitude before longitude for each point, WGS84 degrees. Correct across the antimeridian. When
     * the two ends coincide (or are antipodal, where the arc is not defined) the nearer end counts.
     */
    public static double distanceToArcMeters(
            double latitude,
            double longitude,
            double startLatitude,
            double startLongitude,
            double endLatitude,
            double endLongitude) {
        double[] point = unitVector(latitude, longitude);
        double[] start = unitVector(startLatitude, startLongitude);
        double[] end = unitVector(endLatitude, endLongitude);
        double toEnds = Math.min(
                distanceMeters(latitude, longitude, startLatitude, startLongitude),
                distanceMeters(latitude, longitude, endLatitude, endLongitude));

        double[] normal = cross(start, end);
        double length = Math.sqrt(dot(normal, normal));
        if (length < 1e-15) {
            return toEnds;
        }
        scale(normal, 1 / length);
        double sinOffTrack = dot(point, normal);
        double[] foot = {
            point[0] - sinOffTrack * normal[0], point[1] - sinOffTrack * normal[1], point[2] - sinOffTrack * normal[2]
        };
        boolean footOnArc = dot(cross(start, foot), normal) >= 0 && dot(cross(foot, end), normal) >= 0;
        if (!footOnArc || dot(foot, foot) < 1e-30) {
            return toEnds;
        }
        return Math.min(toEnds, EARTH_RADIUS_METERS * Math.asin(Math.min(1.0, Math.abs(sinOffTrack))));
    }

    /**
     * Returns the highest latitude reached by the shorter great-circle arc between two points, in degrees;
     * with {@code north} false, the lowest. The ends' latitudes when the arc bulges no further.
     */
    static double extremeLatitudeOfArc(
            double startLatitude, double startLongitude, double endLatitude, double endLongitude, boolean north) {
        double atEnds = north ? Math.max(startLatitude, endLatitude) : Math.min(startLatitude, endLatitude);
        double[] start = unitVector(startLatitude, startLongitude);
        double[] end = unitVector(endLatitude, endLongitude);
        double[] normal = cross(start, end);
        double length = Math.sqrt(dot(normal, normal));
        if (length < 1e-15) {
            return atEnds;
        }
        scale(normal, 1 / length);
        double sign = north ? 1 : -1;
        double[] summit = {
            -normal[2] * normal[0] * sign, -normal[2] * normal[1] * sign, (1 - normal[2] * normal[2]) * sign
        };
        boolean summitOnArc = dot(cross(start, summit), normal) >= 0 && dot(cross(summit, end), normal) >= 0;
        if (!summitOnArc || dot(summit, summit) < 1e-30) {
            return atEnds;
        }
        double latitude = Math.toDegrees(Math.asin(Math.min(1.0, Math.sqrt(1 - normal[2] * normal[2]))));
        return north ? Math.max(atEnds, latitude) : Math.min(atEnds, -latitude);
    }

    private static double[] unitVector(double latitude, double longitude) {
        double phi = Math.toRadians(latitude);
        double lambda = Math.toRadians(longitude);
        return new double[] {Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static void scale(double[] vector, double factor) {
        vector[0] *= factor;
        vector[1] *= factor;
        vector[2] *= factor;
    }
}
