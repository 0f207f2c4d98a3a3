package io.pulsetracker.geofence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.LongStream;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Answers "which fences contain this point?", "is this point within a margin of that fence?" and "which
 * fences does the path between two fixes pass through?" for a fixed set of fences.
 *
 * <p>Semantics: a point on a polygon's boundary (an edge, a vertex, or the edge of a hole) is inside;
 * a point strictly within a hole is outside. A point in a circle is inside when its great-circle
 * distance from the centre (see {@link GreatCircle}) is at most the radius, in a corridor when its
 * great-circle distance from the corridor's line is at most half the width. Longitudes -180 and 180
 * name the same meridian: a point on it is matched against fences on either side.
 *
 * <p>Cost: an STR-tree over the fences' envelopes picks the candidates, so a lookup does not scan
 * every fence; each candidate polygon is tested against an indexed, prepared copy built once, here.
 * Building costs O(n log n) in the total number of vertices.
 *
 * <p>Immutable and thread-safe once {@link #of} returns; to change the fences, build a new index (with
 * {@link #updated}, which reuses the prepared geometries of unchanged fences) and swap it in. The index
 * holds its own copies of the polygons, so later changes to the shapes' JTS geometries do not affect it.
 *
 * <p>Limitations: polygon edges are straight lines in longitude/latitude, not great-circle arcs, so a
 * long edge far from the equator deviates from the shortest path between its vertices.
 */
public final class FenceIndex {

    private static final GeometryFactory POINTS = GeoJsonPolygonReader.WGS84;

    private final STRtree fences;

    private final Map<Long, IndexedFence> byId;

    private FenceIndex(STRtree fences, Map<Long, IndexedFence> byId) {
        this.fences = fences;
        this.byId = byId;
    }

    /**
     * Builds an index over the given fences. The map is read once and not retained; an empty map gives
     * an index that never matches.
     *
     * @param fencesById the fences, keyed by fence id
     * @throws NullPointerException if the map, an id or a shape is {@code null}
     */
    public static FenceIndex of(Map<Long, FenceShape> fencesById) {
        return new FenceIndex(new STRtree(), Map.of()).updated(fencesById, Set.of());
    }

    /**
     * Builds a new index from this one: the fences {@code kept} are taken over as they are (their
     * prepared geometries are not built again), the fences in {@code fresh} are added or replace those of
     * the same id; every other fence of this index is left out. This index does not change.
     *
     * <p>Cost: O(n log n) in the number of fences for the tree, plus preparing the fresh fences only.
     *
     * @param fresh new and changed fences, keyed by fence id
     * @param kept ids of unchanged fences of this index; ids it does not hold are ignored
     * @throws NullPointerException if an argument, an id or a shape is {@code null}
     */
    public FenceIndex updated(Map<Long, FenceShape> fresh, Set<Long> kept) {
        Objects.requireNonNull(fresh, "fresh");
        Objects.requireNonNull(kept, "kept");
        Map<Long, IndexedFence> next = new HashMap<>();
        kept.stream().filter(byId::containsKey).forEach(id -> next.put(id, byId.get(id)));
        fresh.forEach((id, shape) -> {
            Objects.requireNonNull(id, "fence id");
            Objects.requireNonNull(shape, () -> "shape of fence " + id);
            next.put(id, IndexedFence.of(id, shape));
        });

        STRtree tree = new STRtree();
        next.values().forEach(fence -> tree.insert(fence.envelope(), fence));
        tree.build();
        return new FenceIndex(tree, Map.copyOf(next));
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
        return byId.size();
    }

    /**
     * Tells whether the point lies inside the fence or at most {@code meters} beyond its boundary, for
     * hysteresis. Latitude first, WGS84 degrees; false for an id the index does not hold.
     *
     * <p>Circles and corridors measure on the sphere. For polygons the distance to the nearest edge is
     * computed on a flat map centred on the point (longitudes scaled by the cosine of its latitude), which
     * is accurate to well under a percent for margins up to a few kilometres.
     */
    public boolean isWithin(long fenceId, double latitude, double longitude, double meters) {
        IndexedFence fence = byId.get(fenceId);
        return fence != null && fence.distanceMeters(latitude, longitude) <= meters;
    }

    /**
     * Returns, in ascending order, the ids of the fences among {@code candidates} whose area the path
     * between two fixes meets (see {@link FixPath}: a straight line in longitude/latitude, the short way
     * across the antimeridian). Arguments latitude first, WGS84 degrees.
     *
     * <p>For polygons the test is exact in longitude/latitude. For circles and corridors it searches the
     * path for its point nearest to the centre or to each arc of the line, which is exact unless the path
     * runs close to a pole.
     */
    public long[] crossedBy(
            double fromLatitude, double fromLongitude, double toLatitude, double toLongitude, Set<Long> candidates) {
        FixPath path = FixPath.between(fromLatitude, fromLongitude, toLatitude, toLongitude);
        return path.envelopes(POINTS).stream()
                .flatMap(box -> ((List<?>) fences.query(box)).stream())
                .map(IndexedFence.class::cast)
                .filter(fence -> candidates.contains(fence.id()))
                .filter(fence -> fence.meets(path))
                .mapToLong(IndexedFence::id)
                .distinct()
                .sorted()
                .toArray();
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

    /** A fence as the index tests it: a prepared polygon, a circle or a corridor. */
    private sealed interface IndexedFence {

        long id();

        /** The box the index files the fence under. */
        Envelope envelope();

        boolean covers(Point point);

        /** Metres from the point to the fence, 0 inside; latitude first. */
        double distanceMeters(double latitude, double longitude);

        /** Whether the path meets the fence's area. */
        boolean meets(FixPath path);

        static IndexedFence of(long id, FenceShape shape) {
            if (shape instanceof PolygonShape polygon) {
                return PreparedPolygonFence.of(id, polygon);
            }
            if (shape instanceof CircleShape circle) {
                return new CircleFence(id, circle);
            }
            return new CorridorFence(id, (CorridorShape) shape);
        }
    }

    private record PreparedPolygonFence(long id, PreparedGeometry prepared) implements IndexedFence {

        @Override
        public Envelope envelope() {
            return prepared.getGeometry().getEnvelopeInternal();
        }

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

        @Override
        public double distanceMeters(double latitude, double longitude) {
            if (covers(POINTS.createPoint(new Coordinate(longitude, latitude)))) {
                return 0;
            }
            return FlatDistance.toBoundaryMeters(prepared.getGeometry(), latitude, longitude);
        }

        @Override
        public boolean meets(FixPath path) {
            return path.lines(POINTS).stream().anyMatch(prepared::intersects);
        }
    }

    private record CircleFence(long id, CircleShape circle) implements IndexedFence {

        @Override
        public Envelope envelope() {
            return circle.envelope();
        }

        @Override
        public boolean covers(Point point) {
            return circle.covers(point.getY(), point.getX());
        }

        @Override
        public double distanceMeters(double latitude, double longitude) {
            double fromCentre =
                    GreatCircle.distanceMeters(circle.centerLatitude(), circle.centerLongitude(), latitude, longitude);
            return Math.max(0, fromCentre - circle.radiusMeters());
        }

        @Override
        public boolean meets(FixPath path) {
            return path.minimumAlong(this::distanceMeters) <= CircleShape.BOUNDARY_TOLERANCE_METERS;
        }
    }

    private record CorridorFence(long id, CorridorShape corridor) implements IndexedFence {

        @Override
        public Envelope envelope() {
            return corridor.envelope();
        }

        @Override
        public boolean covers(Point point) {
            return corridor.covers(point.getY(), point.getX());
        }

        @Override
        public double distanceMeters(double latitude, double longitude) {
            return Math.max(0, corridor.distanceToLineMeters(latitude, longitude) - corridor.widthMeters() / 2);
        }

        /** Searches each arc of the line on its own: the distance to one arc has a single minimum. */
        @Override
        public boolean meets(FixPath path) {
            double reach = corridor.widthMeters() / 2 + CircleShape.BOUNDARY_TOLERANCE_METERS;
            List<Coordinate> line = corridor.line();
            for (int i = 1; i < line.size(); i++) {
                Coordinate start = line.get(i - 1);
                Coordinate end = line.get(i);
                double nearest = path.minimumAlong((latitude, longitude) ->
                        GreatCircle.distanceToArcMeters(latitude, longitude, start.y, start.x, end.y, end.x));
                if (nearest <= reach) {
                    return true;
                }
            }
            return false;
        }
    }
}
