package io.pulsetracker.geofence;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/**
 * The path a device is assumed to have taken between two consecutive fixes: the straight line in
 * longitude/latitude (the same kind of line as a polygon's edges), the short way round when the two
 * longitudes are more than 180 degrees apart. Immutable.
 *
 * @param fromLatitude latitude of the earlier fix, degrees
 * @param fromLongitude longitude of the earlier fix, degrees
 * @param toLatitude latitude of the later fix, degrees
 * @param toLongitude longitude of the later fix, unwrapped to within 180 degrees of {@code fromLongitude},
 *     so possibly beyond ±180
 */
record FixPath(double fromLatitude, double fromLongitude, double toLatitude, double toLongitude) {

    private static final int SEARCH_STEPS = 64;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    /** The path between two fixes; arguments latitude first, WGS84 degrees. */
    static FixPath between(double fromLatitude, double fromLongitude, double toLatitude, double toLongitude) {
        double unwrapped = toLongitude;
        if (unwrapped - fromLongitude > 180) {
            unwrapped -= 360;
        } else if (fromLongitude - unwrapped > 180) {
            unwrapped += 360;
        }
        return new FixPath(fromLatitude, fromLongitude, toLatitude, unwrapped);
    }

    /**
     * Returns the smallest value of {@code distance(latitude, longitude)} along the path, found by a
     * golden-section search between the ends. Exact for a distance that has one minimum along the path
     * (the distance to a circle's centre or to one arc of a corridor, away from the poles).
     */
    double minimumAlong(DoubleBinaryOperator distance) {
        double low = 0;
        double high = 1;
        double best = Math.min(at(distance, 0), at(distance, 1));
        for (int step = 0; step < SEARCH_STEPS && high - low > 1e-12; step++) {
            double left = high - GOLDEN * (high - low);
            double right = low + GOLDEN * (high - low);
            double leftValue = at(distance, left);
            double rightValue = at(distance, right);
            best = Math.min(best, Math.min(leftValue, rightValue));
            if (leftValue <= rightValue) {
                high = right;
            } else {
                low = left;
            }
        }
        return best;
    }

    /** The path as JTS lines in [-180, 180]: one, or two when it crosses the antimeridian. */
    List<LineString> lines(GeometryFactory factory) {
        if (toLongitude >= -180 && toLongitude <= 180) {
            return List.of(factory.createLineString(new Coordinate[] {
                new Coordinate(fromLongitude, fromLatitude), new Coordinate(toLongitude, toLatitude)
            }));
        }
        double meridian = toLongitude > 180 ? 180 : -180;
        double fraction = (meridian - fromLongitude) / (toLongitude - fromLongitude);
        double crossingLatitude = fromLatitude + fraction * (toLatitude - fromLatitude);
        LineString before = factory.createLineString(new Coordinate[] {
            new Coordinate(fromLongitude, fromLatitude), new Coordinate(meridian, crossingLatitude)
        });
        LineString after = factory.createLineString(new Coordinate[] {
            new Coordinate(-meridian, crossingLatitude), new Coordinate(toLongitude - 2 * meridian, toLatitude)
        });
        return List.of(before, after);
    }

    /** The boxes the path's lines lie in. */
    List<Envelope> envelopes(GeometryFactory factory) {
        return lines(factory).stream().map(LineString::getEnvelopeInternal).toList();
    }

    private double at(DoubleBinaryOperator distance, double fraction) {
        double latitude = fromLatitude + fraction * (toLatitude - fromLatitude);
        double longitude = fromLongitude + fraction * (toLongitude - fromLongitude);
        return distance.applyAsDouble(latitude, longitude);
    }
}
