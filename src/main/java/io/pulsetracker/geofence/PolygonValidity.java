package io.pulsetracker.geofence;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.Area;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Checks polygons against the JTS (OGC) validity rules and explains a failure in terms a client can
 * act on: which polygon, what JTS found and where, as {@code [longitude, latitude]}.
 *
 * <p>Rules enforced: rings do not cross or touch themselves, holes lie inside their shell and do not
 * overlap one another, the interior is connected, and the parts of a MultiPolygon do not overlap and
 * touch only at points. Stateless and thread-safe.
 */
final class PolygonValidity {

    private PolygonValidity() {}

    static void requireValid(Polygon polygon, String path) {
        TopologyValidationError error = new IsValidOp(polygon).getValidationError();
        if (error == null) {
            return;
        }
        for (int i = 0; i <= polygon.getNumInteriorRing(); i++) {
            LinearRing ring = i == 0 ? polygon.getExteriorRing() : polygon.getInteriorRingN(i - 1);
            if (Area.ofRing(ring.getCoordinateSequence()) == 0) {
                throw new InvalidFenceShapeException("ring at " + path + "[" + i + "] encloses no area: its"
                        + " positions " + positions(ring) + " lie on one line (a ring must go round an area)");
            }
        }
        if (error.getErrorType() == TopologyValidationError.HOLE_OUTSIDE_SHELL) {
            throw new InvalidFenceShapeException("hole at " + path + "[" + holeAt(polygon, error.getCoordinate())
                    + "] lies outside its shell " + path + "[0]: " + finding(error));
        }
        throw new InvalidFenceShapeException("polygon at " + path + " " + describe(error));
    }

    /** The ring index (1 for the first hole) of the hole holding {@code location}, JTS's pointer to it. */
    private static int holeAt(Polygon polygon, Coordinate location) {
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            if (location != null
                    && polygon.getInteriorRingN(i).getEnvelopeInternal().covers(location)) {
                return i + 1;
            }
        }
        return 1;
    }

    /** The ring's positions as {@code [[lng, lat], ...]}, the first five only for a longer ring. */
    private static String positions(LinearRing ring) {
        Coordinate[] coordinates = ring.getCoordinates();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(coordinates.length, 5); i++) {
            shown.add(GeoJsonPolygonReader.format(coordinates[i]));
        }
        return "[" + String.join(", ", shown) + (coordinates.length > 5 ? ", ...]" : "]");
    }

    /**
     * Validates the whole MultiPolygon at once; only when that fails are the parts checked one by one,
     * so that the message can point at the faulty part.
     */
    static void requireValid(MultiPolygon multiPolygon, String path) {
        TopologyValidationError error = new IsValidOp(multiPolygon).getValidationError();
        if (error == null) {
            return;
        }

        for (int i = 0; i < multiPolygon.getNumGeometries(); i++) {
            requireValid((Polygon) multiPolygon.getGeometryN(i), path + "[" + i + "]");
        }
        throw new InvalidFenceShapeException("the polygons of the MultiPolygon at " + path
                + " must not overlap and may touch only at points: " + finding(error)
                + ", within the bounds of " + partsAround(multiPolygon, error.getCoordinate(), path));
    }

    /**
     * Returns the geometry itself when it is valid, else the JTS {@link GeometryFixer} repair of it: a
     * bowtie becomes two triangles touching at the crossing, a ring touching itself is split, overlapping
     * parts are merged. Fails when nothing with an area is left.
     */
    static Geometry repaired(Geometry geometry, String path) {
        if (geometry.isValid()) {
            return geometry;
        }
        Geometry fixed = GeometryFixer.fix(geometry);
        if (!(fixed instanceof Polygon || fixed instanceof MultiPolygon)) {
            List<Polygon> polygons = new ArrayList<>();
            PolygonExtracter.getPolygons(fixed, polygons);
            fixed = geometry.getFactory().createMultiPolygon(polygons.toArray(Polygon[]::new));
        }
        if (fixed.isEmpty() || !fixed.isValid()) {
            throw new InvalidFenceShapeException("polygon at " + path
                    + " is invalid and could not be repaired into an area: "
                    + finding(new IsValidOp(geometry).getValidationError()));
        }
        return fixed;
    }

    private static String describe(TopologyValidationError error) {
        int type = error.getErrorType();
        if (type == TopologyValidationError.SELF_INTERSECTION
                || type == TopologyValidationError.RING_SELF_INTERSECTION) {
            return "self-intersects" + where(error) + " (JTS: " + error.getMessage() + ")";
        }
        return "is invalid: " + finding(error);
    }

    private static String finding(TopologyValidationError error) {
        return "JTS found [" + error.getMessage() + "]" + where(error);
    }

    private static String where(TopologyValidationError error) {
        Coordinate location = error.getCoordinate();
        if (location == null) {
            return "";
        }
        return " at " + GeoJsonPolygonReader.format(location) + " (longitude, latitude)";
    }

    private static List<String> partsAround(MultiPolygon multiPolygon, Coordinate location, String path) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; location != null && i < multiPolygon.getNumGeometries(); i++) {
            if (multiPolygon.getGeometryN(i).getEnvelopeInternal().covers(location)) {
                parts.add(path + "[" + i + "]");
            }
        }
        return parts;
    }
}
