package io.pulsetracker.geofence;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.util.LinearComponentExtracter;

/**
 * Distances from a point to a polygon's edges in metres, on a flat map centred on the point: north-south
 * degrees are {@value #METERS_PER_DEGREE} m, east-west degrees that times the cosine of the point's
 * latitude. Close to the point (the margins of hysteresis, up to a few kilometres) this agrees with the
 * great-circle distance to well under a percent; farther away it only grows. Stateless and thread-safe.
 */
final class FlatDistance {

    /** Metres in one degree of a great circle on the sphere of {@link GreatCircle}. */
    static final double METERS_PER_DEGREE = GreatCircle.EARTH_RADIUS_METERS * Math.PI / 180;

    private FlatDistance() {}

    /** The distance from the point to the nearest edge of any ring of the polygon, in metres. */
    static double toBoundaryMeters(Geometry polygonal, double latitude, double longitude) {
        double eastScale = METERS_PER_DEGREE * Math.cos(Math.toRadians(latitude));
        double nearest = Double.POSITIVE_INFINITY;
        for (Object ring : LinearComponentExtracter.getLines(polygonal)) {
            CoordinateSequence sequence = ((LineString) ring).getCoordinateSequence();
            for (int i = 1; i < sequence.size(); i++) {
                nearest = Math.min(
                        nearest,
                        toSegment(
                                sequence.getCoordinate(i - 1),
                                sequence.getCoordinate(i),
                                latitude,
                                longitude,
                                eastScale));
            }
        }
        return nearest;
    }

    private static double toSegment(
            Coordinate start, Coordinate end, double latitude, double longitude, double eastScale) {
        double startX = eastOf(start.x, longitude) * eastScale;
        double startY = (start.y - latitude) * METERS_PER_DEGREE;
        double endX = eastOf(end.x, longitude) * eastScale;
        double endY = (end.y - latitude) * METERS_PER_DEGREE;

        double deltaX = endX - startX;
        double deltaY = endY - startY;
        double lengthSquared = deltaX * deltaX + deltaY * deltaY;
        double fraction =
                lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, -(startX * deltaX + startY * deltaY) / lengthSquared));
        return Math.hypot(startX + fraction * deltaX, startY + fraction * deltaY);
    }

    /** Degrees east of {@code origin}, the short way round: within [-180, 180]. */
    private static double eastOf(double longitude, double origin) {
        double delta = longitude - origin;
        if (delta > 180) {
            return delta - 360;
        }
        return delta < -180 ? delta + 360 : delta;
    }
}
