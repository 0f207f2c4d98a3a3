package io.pulsetracker.geofence;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.LongStream;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Answers "which fences contain this point?" for a fixed set of fences.
 *
 * <p>Semantics: a point on a polygon's boundary (an edge, a vertex, or the edge of a hole) is inside;
 * a point strictly within a hole is outside. A point in a circle is inside when its great-circle
 * distance from the centre (see {@link GreatCircle}) is at most the radius. Longitudes -180 and 180
 * name the same meridian: a point on it is matched against fences on either side.
 *
 * <p>Cost: an STR-tree over the fences' envelopes picks the candidates, so a lookup does not scan
 * every fence; each candidate polygon is tested against an indexed, prepared copy built once, here.
 * Building costs O(n log n) in the total number of vertices.
 *
 * <p>Immutable and thread-safe once {@link #of} returns; to change the fences, build a new index and
 * swap it in. The index holds its own copies of the polygons, so later changes to the shapes' JTS
 * geometries do not affect it.
 *
 * <p>Limitations: polygon edges are straight lines in longitude/latitude, not great-circle arcs, so a
 * long edge far from the equator deviates from the shortest path between its vertices.
 */
public final class FenceIndex {

    private static final GeometryFactory POINTS = GeoJsonPolygonReader.WGS84;

    private final STRtree fences;

    private final int size;

    private FenceIndex(STRtree fences, int size) {
        this.fences = fences;
        this.size = size;
    }

    /**
     * Builds an index over the given fences. The map is read once and not retained; an empty map gives
     * an index that never matches.
     *
     * @param fencesById the fences, keyed by fence id
     * @throws NullPointerException if the map, an id or a shape is {@code null}
     */
    public static FenceIndex of(Map<Long, FenceShape> fencesById) {
        Objects.requireNonNull(fencesById, "fencesById");
        STRtree tree = new STRtree();
        fencesById.forEach((id, shape) -> {
            Objects.requireNonNull(id, "fence id");
            Objects.requireNonNull(shape, () -> "shape of fence " + id);
            tree.insert(shape.envelope(), IndexedFence.of(id, shape));
        });

        tree.build();
        return new FenceIndex(tree, fencesById.size());
    }

    /**
     * Returns the ids of all fences that contain the point, in ascending order; an empty array when
     * none does.
     *
     * <p>Note the argument order: latitude first, then longitude, both WGS84 degrees.
     *
     * @throws IllegalArgumentException if latitude is not within [-90, 90] or longitude not within
     *     [-180, 180] (NaN included)
     */
    public long[] covering(double latitude, double longitude) {
        requireWithin("latitude", latitude, 90);
        requireWithin("longitude", longitude, 180);
        if (Math.abs(longitude) == 180) {
            return LongStream.concat(matches(latitude, -180), matches(latitude, 180))
                    .distinct()
                    .sorted()
                    .toArray();
        }
        return matches(latitude, longitude).sorted().toArray();
    }

    /** Returns how many fences the index holds. */
    public int size() {
        return size;
    }

    private LongStream matches(double latitude, double longitude) {
        Point point = POINTS.createPoint(new Coordinate(longitude, latitude));
        List<?> candidates = fences.query(point.getEnvelopeInternal());
        return candidates.stream()
                .map(IndexedFence.class::cast)
                .filter(fence -> fence.covers(point))
                .mapToLong(IndexedFence::id);
    }

    private static void requireWithin(String name, double degrees, int limit) {
        if (!(degrees >= -limit && degrees <= limit)) {
            throw new IllegalArgumentException(
                    name + " must be within [-" + limit + ", " + limit + "], was [" + degrees + "]");
        }
    }

    /** A fence as the index tests it: a prepared polygon or a circle. */
    private sealed interface IndexedFence {

        long id();

        boolean covers(Point point);

        static IndexedFence of(long id, FenceShape shape) {
            if (shape instanceof PolygonShape polygon) {
                return PreparedPolygonFence.of(id, polygon);
            }
            return new CircleFence(id, (CircleShape) shape);
        }
    }

    private record PreparedPolygonFence(long id, PreparedGeometry prepared) implements IndexedFence {

        /**
         * Prepares a private copy of the polygon and runs one test against it, so that its point
         * locator is built now rather than on the first lookup.
         */
        static PreparedPolygonFence of(long id, PolygonShape shape) {
            PreparedGeometry prepared =
                    PreparedGeometryFactory.prepare(shape.geometry().copy());
            prepared.covers(POINTS.createPoint(prepared.getGeometry().getCoordinate()));
            return new PreparedPolygonFence(id, prepared);
        }

        @Override
        public boolean covers(Point point) {
            return prepared.covers(point);
        }
    }

    private record CircleFence(long id, CircleShape circle) implements IndexedFence {

        @Override
        public boolean covers(Point point) {
            return circle.covers(point.getY(), point.getX());
        }
    }
}
