package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class FenceIndexTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String COUNTER_CLOCKWISE_SQUARE =
            "[[13.40,52.50],[13.41,52.50],[13.41,52.51],[13.40,52.51],[13.40,52.50]]";

    private static final String CLOCKWISE_SQUARE =
            "[[13.40,52.50],[13.40,52.51],[13.41,52.51],[13.41,52.50],[13.40,52.50]]";

    @ParameterizedTest
    @ValueSource(strings = {COUNTER_CLOCKWISE_SQUARE, CLOCKWISE_SQUARE})
    void countsEdgesAndVerticesOfASquareAsInsideWhateverItsOrientation(String ring) {
        FenceIndex index = FenceIndex.of(Map.of(7L, polygon(ring)));

        assertThat(index.covering(52.505, 13.40)).containsExactly(7L);
        assertThat(index.covering(52.505, 13.41)).containsExactly(7L);
        assertThat(index.covering(52.50, 13.40)).containsExactly(7L);
        assertThat(index.covering(52.505, 13.405)).containsExactly(7L);
        assertThat(index.covering(52.505, 13.415)).isEmpty();
    }

    @Test
    void treatsAHoleAsOutsideButItsEdgeAsInside() {
        FenceShape withHole = polygon("[[0,0],[10,0],[10,10],[0,10],[0,0]]", "[[2,2],[2,4],[4,4],[4,2],[2,2]]");
        FenceIndex index = FenceIndex.of(Map.of(1L, withHole));

        assertThat(index.covering(3, 3)).isEmpty();
        assertThat(index.covering(3, 2)).containsExactly(1L);
        assertThat(index.covering(4, 4)).containsExactly(1L);
        assertThat(index.covering(6, 6)).containsExactly(1L);
    }

    @Test
    void findsAPointInEitherPartOfAMultiPolygon() {
        FenceShape twoIslands = FenceShape.fromGeoJson(JSON.readTree("{\"type\":\"MultiPolygon\",\"coordinates\":["
                + "[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}"));
        FenceIndex index = FenceIndex.of(Map.of(3L, twoIslands));

        assertThat(index.covering(0.5, 0.5)).containsExactly(3L);
        assertThat(index.covering(5.5, 5.5)).containsExactly(3L);
        assertThat(index.covering(3, 3)).isEmpty();
    }

    @Test
    void returnsIdsOfOverlappingFencesInAscendingOrder() {
        Map<Long, FenceShape> fences = new HashMap<>();
        fences.put(42L, polygon("[[0,0],[2,0],[2,2],[0,2],[0,0]]"));
        fences.put(-5L, new CircleShape(1, 1, 50_000));
        fences.put(7L, polygon("[[0.5,0.5],[1.5,0.5],[1.5,1.5],[0.5,1.5],[0.5,0.5]]"));
        fences.put(1_000_000_000_000L, polygon("[[-1,-1],[3,-1],[3,3],[-1,3],[-1,-1]]"));

        long[] covering = FenceIndex.of(fences).covering(1, 1);

        assertThat(covering).containsExactly(-5L, 7L, 42L, 1_000_000_000_000L);
    }

    @Test
    void buildsAnUpdatedIndexThatKeepsReplacesAndDropsFencesLeavingTheOldOneAsItWas() {
        FenceIndex before = FenceIndex.of(Map.of(
                1L, cell(0, 0),
                2L, cell(5, 5),
                3L, cell(8, 8)));

        FenceIndex after = before.updated(Map.of(2L, cell(6, 6), 4L, new CircleShape(20.5, 20.5, 1000)), Set.of(1L));

        assertThat(after.covering(0.5, 0.5)).containsExactly(1L);
        assertThat(after.covering(5.5, 5.5)).isEmpty();
        assertThat(after.covering(6.5, 6.5)).containsExactly(2L);
        assertThat(after.covering(8.5, 8.5)).isEmpty();
        assertThat(after.covering(20.5, 20.5)).containsExactly(4L);
        assertThat(after.size()).isEqualTo(3);
        assertThat(before.covering(5.5, 5.5)).containsExactly(2L);
        assertThat(before.covering(8.5, 8.5)).containsExactly(3L);
    }

    @Test
    void anEmptyIndexHoldsNothingAndMatchesNothing() {
        FenceIndex index = FenceIndex.of(Map.of());

        assertThat(index.size()).isZero();
        assertThat(index.covering(52.5, 13.4)).isEmpty();
    }

    @Test
    void countsItsFences() {
        FenceIndex index = FenceIndex.of(Map.of(1L, new CircleShape(0, 0, 1), 2L, new CircleShape(0, 0, 2)));

        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void matchesPointsOnACircleByGreatCircleDistance() {
        FenceIndex index = FenceIndex.of(Map.of(1L, new CircleShape(16.37, 48.20, 100)));

        assertThat(index.covering(48.20, 16.37)).containsExactly(1L);
        assertThat(index.covering(northOf(48.20, 95), 16.37)).containsExactly(1L);
        assertThat(index.covering(northOf(48.20, 100), 16.37)).containsExactly(1L);
        assertThat(index.covering(northOf(48.20, 106), 16.37)).isEmpty();
    }

    @Test
    void matchesTheCentreOfATenKilometreCircleButNotFarAwayPoints() {
        FenceIndex index = FenceIndex.of(Map.of(1L, new CircleShape(10, 10, 10_000)));

        assertThat(index.covering(10, 10)).containsExactly(1L);
        assertThat(index.covering(0, 0)).isEmpty();
        assertThat(index.covering(20, 20)).isEmpty();
    }

    @Test
    void matchesACircleAcrossTheAntimeridian() {
        FenceIndex index = FenceIndex.of(Map.of(1L, new CircleShape(179.9995, -16.5, 200)));

        assertThat(index.covering(-16.5, -179.9995)).containsExactly(1L);
        assertThat(index.covering(-16.5, -179.99)).isEmpty();
    }

    @Test
    void matchesACircleAroundAPoleAtEveryLongitude() {
        FenceIndex index = FenceIndex.of(Map.of(1L, new CircleShape(0, 89.999, 500)));

        assertThat(index.covering(89.9995, 179)).containsExactly(1L);
        assertThat(index.covering(90, 0)).containsExactly(1L);
        assertThat(index.covering(89.99, 0)).isEmpty();
    }

    @Test
    void treatsLongitudeMinus180And180AsTheSameMeridian() {
        FenceShape east = polygon("[[179,-17],[180,-17],[180,-16],[179,-16],[179,-17]]");
        FenceShape west = polygon("[[-180,-17],[-179,-17],[-179,-16],[-180,-16],[-180,-17]]");
        FenceIndex index = FenceIndex.of(Map.of(1L, east, 2L, west));

        assertThat(index.covering(-16.5, 180)).containsExactly(1L, 2L);
        assertThat(index.covering(-16.5, -180)).containsExactly(1L, 2L);
        assertThat(index.covering(-16.5, 179.5)).containsExactly(1L);
    }

    @Test
    void rejectsCoordinatesOutOfRangeQuotingThem() {
        FenceIndex index = FenceIndex.of(Map.of());

        assertThatThrownBy(() -> index.covering(666.6666, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latitude must be within [-90, 90], was [666.6666]");
        assertThatThrownBy(() -> index.covering(0, Double.NaN)).hasMessageContaining("was [NaN]");
    }

    @Test
    void answersTheSameFromManyThreadsAtOnce() throws Exception {
        Map<Long, FenceShape> grid = new HashMap<>();
        for (int x = 0; x < 30; x++) {
            for (int y = 0; y < 30; y++) {
                grid.put(x * 100L + y, cell(x, y));
            }
        }
        FenceIndex index = FenceIndex.of(grid);

        List<Callable<Boolean>> lookups = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            lookups.add(() -> everyCellCentreFindsItsCell(index));
        }
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            for (Future<Boolean> result : executor.invokeAll(lookups)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            executor.shutdown();
        }
    }

    private static boolean everyCellCentreFindsItsCell(FenceIndex index) {
        for (int x = 0; x < 30; x++) {
            for (int y = 0; y < 30; y++) {
                long[] covering = index.covering(y + 0.5, x + 0.5);
                if (covering.length != 1 || covering[0] != x * 100L + y) {
                    return false;
                }
            }
        }
        return true;
    }

    private static FenceShape cell(int x, int y) {
        return polygon("[[" + x + "," + y + "],[" + (x + 1) + "," + y + "],[" + (x + 1) + "," + (y + 1) + "],[" + x
                + "," + (y + 1) + "],[" + x + "," + y + "]]");
    }

    private static double northOf(double latitude, double meters) {
        return latitude + Math.toDegrees(meters / GreatCircle.EARTH_RADIUS_METERS);
    }

    private static FenceShape polygon(String... rings) {
        String json = "{\"type\":\"Polygon\",\"coordinates\":[" + String.join(",", rings) + "]}";
        return FenceShape.fromGeoJson(JSON.readTree(json));
    }
}
