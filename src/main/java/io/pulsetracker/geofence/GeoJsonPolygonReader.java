package io.pulsetracker.geofence;

import static io.pulsetracker.geofence.InvalidFenceShapeException.quote;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import tools.jackson.databind.JsonNode;

/**
 * Turns GeoJSON polygon coordinates into valid JTS geometry, checking every position and ring on the
 * way so that each error names its index path, such as {@code coordinates[1][0][7]}.
 *
 * <p>Altitudes are checked and then dropped. Stateless and thread-safe.
 */
final class GeoJsonPolygonReader {

    /** WGS84 longitude/latitude, full double precision. */
    static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), 4326);

    private GeoJsonPolygonReader() {}

    /**
     * Reads a GeoJSON Polygon's rings. With {@code repair}, a polygon that breaks the JTS validity rules is
     * repaired instead of rejected (see {@link PolygonValidity#repaired}); the structural checks (ranges,
     * closed rings, four positions) apply either way. A polygon crossing the antimeridian is checked with
     * continuous longitudes and returned cut at ±180 (see {@link AntimeridianCut}), as a MultiPolygon.
     */
    static Geometry polygon(JsonNode coordinates, String path, boolean repair) {
        Polygon polygon = rings(coordinates, path);
        Geometry valid = repair ? PolygonValidity.repaired(polygon, path) : requireValid(polygon, path);
        if (!AntimeridianCut.beyondTheWorld(valid)) {
            return valid;
        }
        return collect(AntimeridianCut.intoWorld(valid), path);
    }

    /**
     * Reads a GeoJSON MultiPolygon's polygons; {@code repair} and the antimeridian as for {@link #polygon}.
     * When a part is cut at ±180, parts touching along that meridian are merged.
     */
    static Geometry multiPolygon(JsonNode coordinates, String path, boolean repair) {
        requireArray(coordinates, path, "an array of polygons");
        if (coordinates.isEmpty()) {
            throw new InvalidFenceShapeException(path + " must hold at least one polygon, was []");
        }

        Polygon[] polygons = new Polygon[coordinates.size()];
        for (int i = 0; i < polygons.length; i++) {
            polygons[i] = rings(coordinates.get(i), path + "[" + i + "]");
        }
        MultiPolygon multiPolygon = WGS84.createMultiPolygon(polygons);
        if (!AntimeridianCut.beyondTheWorld(multiPolygon)) {
            return repair ? PolygonValidity.repaired(multiPolygon, path) : requireValid(multiPolygon, path);
        }

        List<Polygon> pieces = new ArrayList<>();
        for (int i = 0; i < polygons.length; i++) {
            String part = path + "[" + i + "]";
            Geometry valid = repair ? PolygonValidity.repaired(polygons[i], part) : requireValid(polygons[i], part);
            pieces.addAll(AntimeridianCut.intoWorld(valid));
        }
        return collect(pieces, path);
    }

    private static Geometry requireValid(Polygon polygon, String path) {
        PolygonValidity.requireValid(polygon, path);
        return polygon;
    }

    private static Geometry requireValid(MultiPolygon multiPolygon, String path) {
        PolygonValidity.requireValid(multiPolygon, path);
        return multiPolygon;
    }

    /** The pieces cut at ±180 as one valid MultiPolygon, merging pieces that share an edge. */
    private static Geometry collect(List<Polygon> pieces, String path) {
        MultiPolygon collected = WGS84.createMultiPolygon(pieces.toArray(Polygon[]::new));
        if (collected.isValid()) {
            return collected;
        }
        Geometry merged = OverlayNGRobust.union(collected);
        List<Polygon> parts = new ArrayList<>();
        PolygonExtracter.getPolygons(merged, parts);
        MultiPolygon result = WGS84.createMultiPolygon(parts.toArray(Polygon[]::new));
        if (!result.isValid()) {
            throw new InvalidFenceShapeException("the polygon at " + path
                    + " crosses the antimeridian and its parts cut at longitude 180/-180 do not form a valid"
                    + " shape; split it into a MultiPolygon whose parts end on 180 and -180");
        }
        return result;
    }

    /**
     * Reads a {@code [longitude, latitude]} or {@code [longitude, latitude, altitude]} position and
     * returns it as a JTS coordinate, x = longitude and y = latitude.
     */
    static Coordinate position(JsonNode position, String path) {
        if (position == null || !position.isArray()) {
            throw new InvalidFenceShapeException(
                    "position at " + path + " must be an array [longitude, latitude], was " + quote(position));
        }
        if (position.size() != 2 && position.size() != 3) {
            throw new InvalidFenceShapeException("position at " + path
                    + " must hold 2 or 3 numbers (longitude, latitude, optional altitude), had " + position.size()
                    + ": " + quote(position));
        }

        double longitude = finiteNumber(position, 0, "longitude", path);
        double latitude = finiteNumber(position, 1, "latitude", path);
        if (position.size() == 3) {
            finiteNumber(position, 2, "altitude", path);
        }
        requireWithin(longitude, 180, "longitude", position.get(0), path);
        requireWithin(latitude, 90, "latitude", position.get(1), path);
        return new Coordinate(longitude, latitude);
    }

    private static Polygon rings(JsonNode rings, String path) {
        requireArray(rings, path, "an array of rings");
        if (rings.isEmpty()) {
            throw new InvalidFenceShapeException(path + " must hold at least one ring, the exterior, was []");
        }

        LinearRing shell = WGS84.createLinearRing(AntimeridianCut.unwrap(ring(rings.get(0), path + "[0]")));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            Coordinate[] hole = AntimeridianCut.unwrap(ring(rings.get(i), path + "[" + i + "]"));
            holes[i - 1] = WGS84.createLinearRing(AntimeridianCut.alongside(hole, shell.getEnvelopeInternal()));
        }
        return WGS84.createPolygon(shell, holes);
    }

    private static Coordinate[] ring(JsonNode positions, String path) {
        requireArray(positions, path, "an array of [longitude, latitude] positions");
        Coordinate[] coordinates = new Coordinate[positions.size()];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = position(positions.get(i), path + "[" + i + "]");
        }

        requireClosedRing(coordinates, positions, path);
        return coordinates;
    }

    private static void requireClosedRing(Coordinate[] ring, JsonNode positions, String path) {
        if (ring.length < 4) {
            throw new InvalidFenceShapeException("ring at " + path
                    + " must hold at least 4 positions (3 corners and the first repeated at the end), had "
                    + ring.length + ": " + quote(positions));
        }

        Coordinate first = ring[0];
        Coordinate last = ring[ring.length - 1];
        if (!first.equals2D(last)) {
            throw new InvalidFenceShapeException("ring at " + path + " is not closed: its first position "
                    + format(first) + " differs from its last " + format(last)
                    + "; repeat the first position at the end");
        }
    }

    private static double finiteNumber(JsonNode position, int index, String name, String path) {
        JsonNode value = position.get(index);
        double number = value.isNumber() ? value.doubleValue() : Double.NaN;
        if (!Double.isFinite(number)) {
            throw new InvalidFenceShapeException(
                    name + " at " + path + "[" + index + "] must be a finite number, was " + quote(value));
        }
        return number;
    }

    private static void requireWithin(double degrees, int limit, String name, JsonNode value, String path) {
        if (degrees < -limit || degrees > limit) {
            throw new InvalidFenceShapeException(
                    name + " at " + path + " must be within [-" + limit + ", " + limit + "], was " + quote(value));
        }
    }

    private static void requireArray(JsonNode node, String path, String expected) {
        if (node == null || !node.isArray()) {
            throw new InvalidFenceShapeException(path + " must be " + expected + ", was " + quote(node));
        }
    }

    static String format(Coordinate coordinate) {
        return "[" + coordinate.x + ", " + coordinate.y + "]";
    }
}
