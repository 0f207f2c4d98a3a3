package io.pulsetracker.geofence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fixes evaluated per second on one core (one thread; a score is fixes/s) against more than 10,000 real
 * fences, through {@link FenceIndex} and through two naive loops over every fence in the same run: one
 * testing each fence with a prepared geometry, one with the plain JTS geometry.
 *
 * <p>The fences: every country of {@code countries-land-10km} (invalid ones repaired), of
 * {@code johan-world-countries-110m}, the Natural Earth 1:10m countries and regions, and the
 * {@code click_that_hood} districts of Freiburg, Manhattan and New York, the districts repeated on a
 * world-wide grid of 12 x 12 offsets (10 degrees of latitude by 30 of longitude apart). The fixes:
 * {@value #FIXES} seeded positions, half inside the box of a random fence, half anywhere between latitudes
 * -60 and 75 (the plain loop, far slower, takes the first {@value #FIXES_FOR_PLAIN_LOOP} of them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class FenceLookupBenchmark {

    static final int FIXES = 4096;

    /** The plain loop takes about 20 ms a fix: it gets the first fixes only, so an invocation stays short. */
    static final int FIXES_FOR_PLAIN_LOOP = 256;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] DISTRICT_FILES = {
        "click_that_hood/freiburg.geojson",
        "click_that_hood/manhattan.geojson",
        "click_that_hood/new-york-city-boroughs.geojson"
    };
    private static final String[] WORLD_FILES = {"countries-land-10km.geo.json", "johan-world-countries-110m.geo.json"};

    private FenceIndex index;
    private List<PreparedGeometry> prepared;
    private List<FenceShape> shapes;
    private double[] latitudes;
    private double[] longitudes;
    private Point[] points;

    @Setup
    public void loadRealFences() throws Exception {
        Path polygons = polygonsFolder();
        List<FenceShape> fences = new ArrayList<>();
        for (String file : WORLD_FILES) {
            features(polygons.resolve(file)).forEach(feature -> fences.add(FenceShape.fromGeoJson(feature, true)));
        }
        for (String folder : new String[] {"ne10m-countries", "ne10m-regions"}) {
            try (var files = Files.list(polygons.resolve(folder))) {
                for (Path file : files.sorted().toList()) {
                    fences.add(FenceShape.fromGeoJson(JSON.readTree(file), true));
                }
            }
        }
        fences.addAll(districtsOnAGrid(polygons));

        Map<Long, FenceShape> byId = new HashMap<>();
        for (int id = 0; id < fences.size(); id++) {
            byId.put((long) id, fences.get(id));
        }
        index = FenceIndex.of(byId);
        shapes = fences;
        prepared = fences.stream().map(FenceLookupBenchmark::prepare).toList();
        seedFixes(fences);
        System.out.println("\nFences: " + index.size() + ", fixes per invocation: " + FIXES);
    }

    @Benchmark
    @OperationsPerInvocation(FIXES)
    public void fenceIndex(Blackhole sink) {
        for (int i = 0; i < FIXES; i++) {
            sink.consume(index.covering(latitudes[i], longitudes[i]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FIXES)
    public void naiveLoopPrepared(Blackhole sink) {
        for (int i = 0; i < FIXES; i++) {
            int matches = 0;
            for (int fence = 0; fence < prepared.size(); fence++) {
                if (covers(prepared.get(fence), shapes.get(fence), points[i])) {
                    matches++;
                }
            }
            sink.consume(matches);
        }
    }

    @Benchmark
    @OperationsPerInvocation(FIXES_FOR_PLAIN_LOOP)
    public void naiveLoopPlain(Blackhole sink) {
        for (int i = 0; i < FIXES_FOR_PLAIN_LOOP; i++) {
            int matches = 0;
            for (FenceShape shape : shapes) {
                if (covers(null, shape, points[i])) {
                    matches++;
                }
            }
            sink.consume(matches);
        }
    }

    private static boolean covers(PreparedGeometry prepared, FenceShape shape, Point point) {
        if (shape instanceof PolygonShape polygon) {
            return prepared != null
                    ? prepared.covers(point)
                    : polygon.geometry().covers(point);
        }
        if (shape instanceof CircleShape circle) {
            return circle.covers(point.getY(), point.getX());
        }
        return ((CorridorShape) shape).covers(point.getY(), point.getX());
    }

    private static PreparedGeometry prepare(FenceShape shape) {
        if (shape instanceof PolygonShape polygon) {
            return PreparedGeometryFactory.prepare(polygon.geometry());
        }
        return null;
    }

    /** The districts, moved as a set so that their first feature's box starts at each grid point. */
    private static List<FenceShape> districtsOnAGrid(Path polygons) throws Exception {
        List<Geometry> districts = new ArrayList<>();
        for (String file : DISTRICT_FILES) {
            features(polygons.resolve(file))
                    .forEach(feature ->
                            districts.add(((PolygonShape) FenceShape.fromGeoJson(feature, true)).geometry()));
        }

        List<FenceShape> copies = new ArrayList<>();
        for (double latitude = -50; latitude <= 60; latitude += 10) {
            for (double longitude = -165; longitude <= 165; longitude += 30) {
                for (Geometry district : districts) {
                    Envelope box = district.getEnvelopeInternal();
                    double east = longitude - Math.floor(box.getMinX());
                    double north = latitude - Math.floor(box.getMinY());
                    Geometry moved = AffineTransformation.translationInstance(east, north)
                            .transform(district);
                    copies.add(new PolygonShape(moved));
                }
            }
        }
        return copies;
    }

    private void seedFixes(List<FenceShape> fences) {
        SplittableRandom random = new SplittableRandom(20_240_501);
        latitudes = new double[FIXES];
        longitudes = new double[FIXES];
        points = new Point[FIXES];
        for (int i = 0; i < FIXES; i++) {
            if (i % 2 == 0) {
                Envelope box = fences.get(random.nextInt(fences.size())).envelope();
                latitudes[i] = box.getMinY() + random.nextDouble() * box.getHeight();
                longitudes[i] = box.getMinX() + random.nextDouble() * box.getWidth();
            } else {
                latitudes[i] = -60 + random.nextDouble() * 135;
                longitudes[i] = -180 + random.nextDouble() * 360;
            }
            points[i] = GeoJsonPolygonReader.WGS84.createPoint(new Coordinate(longitudes[i], latitudes[i]));
        }
    }

    private static List<JsonNode> features(Path file) {
        List<JsonNode> features = new ArrayList<>();
        JSON.readTree(file).get("features").forEach(features::add);
        return features;
    }

    private static Path polygonsFolder() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            Path candidate = folder.resolve("shared").resolve("data").resolve("polygons");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/data/polygons beside the working directory or its ancestors");
    }
}
