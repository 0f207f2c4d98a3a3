package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsetracker.geofence.internal.AppFences;
import io.pulsetracker.geofence.internal.DeviceFenceState;
import io.pulsetracker.tracking.Fix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The per-fence rules, one fix at a time, without storage: hysteresis, dwell, accuracy gate, cross. */
class FenceTransitionsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant TEN_O_CLOCK = Instant.parse("2024-05-01T10:00:00Z");
    private static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":"
            + "[[[13.40,52.50],[13.41,52.50],[13.41,52.51],[13.40,52.51],[13.40,52.50]]]}";

    private static final long TEN_MINUTES = new GeofenceProperties(Duration.ofMinutes(10)).maxCrossGapMillis();

    private final List<String> events = new ArrayList<>();
    private DeviceFenceState state = DeviceFenceState.NEW;
    private int seconds;

    @Test
    void keepsAStillDeviceInsideACircleWhileItsJitterStaysWithinTheHysteresisMargin() {
        AppFences fences = fences(new CircleShape(16.37, 48.20, 100), new FenceRules(15.0, null, null, null, false));

        for (double meters : new double[] {95, 106, 97, 104}) {
            send(fences, northOf(48.20, meters), 16.37);
        }

        assertThat(events).containsExactly("inside @0");
    }

    @Test
    void letsTheSameJitterFlapWithoutHysteresis() {
        AppFences fences = fences(new CircleShape(16.37, 48.20, 100), FenceRules.NONE);

        for (double meters : new double[] {95, 106, 97, 104}) {
            send(fences, northOf(48.20, meters), 16.37);
        }

        assertThat(events).containsExactly("inside @0", "outside @1", "inside @2", "outside @3");
    }

    @Test
    void leavesOnceTheDeviceIsBeyondTheBoundaryPlusTheMargin() {
        AppFences fences = fences(new CircleShape(16.37, 48.20, 100), new FenceRules(15.0, null, null, null, false));

        send(fences, 48.20, 16.37);
        send(fences, northOf(48.20, 114), 16.37);
        send(fences, northOf(48.20, 116), 16.37);

        assertThat(events).containsExactly("inside @0", "outside @2");
    }

    @Test
    void measuresAPolygonsHysteresisMarginInMetresAcrossItsEdge() {
        AppFences fences = fences(polygon(SQUARE), new FenceRules(20.0, null, null, null, false));
        double metresPerDegreeEast = FlatDistance.METERS_PER_DEGREE * Math.cos(Math.toRadians(52.505));

        send(fences, 52.505, 13.405);
        send(fences, 52.505, 13.41 + 15 / metresPerDegreeEast);
        send(fences, 52.505, 13.41 + 25 / metresPerDegreeEast);

        assertThat(events).containsExactly("inside @0", "outside @2");
    }

    @Test
    void countsAnEntryOnlyAfterTheMinimumNumberOfFixesInside() {
        AppFences fences = fences(polygon(SQUARE), new FenceRules(null, 3, null, null, false));

        send(fences, 52.505, 13.405);
        send(fences, 52.505, 13.405);
        send(fences, 52.505, 13.42);
        send(fences, 52.505, 13.405);
        send(fences, 52.505, 13.405);
        send(fences, 52.505, 13.405);

        assertThat(events).containsExactly("inside @5");
    }

    @Test
    void countsAnEntryOnlyAfterTheMinimumSecondsInside() {
        AppFences fences = fences(polygon(SQUARE), new FenceRules(null, null, 30, null, false));

        for (int fix = 0; fix < 5; fix++) {
            sendAt(fences, 52.505, 13.405, fix * 10);
        }

        assertThat(events).containsExactly("inside @30");
    }

    @Test
    void neverFiresOutsideForADeviceThatLeftBeforeItsDwellWasMet() {
        AppFences fences = fences(polygon(SQUARE), new FenceRules(null, 2, null, null, false));

        send(fences, 52.505, 13.405);
        send(fences, 52.505, 13.42);

        assertThat(events).isEmpty();
        assertThat(state.entering()).isEmpty();
    }

    @Test
    void letsAFixLessAccurateThanTheGateMoveNoState() {
        AppFences fences = fences(polygon(SQUARE), new FenceRules(null, null, null, 50.0, false));

        send(fences, 52.505, 13.405, 80.0);
        send(fences, 52.505, 13.405, 20.0);
        send(fences, 52.505, 13.50, 500.0);
        send(fences, 52.505, 13.405, null);

        assertThat(events).containsExactly("inside @1");
        assertThat(fences.gatesAccuracy(80.0)).isTrue();
        assertThat(fences.gatesAccuracy(null)).isFalse();
    }

    @Test
    void firesCrossWhenThePathBetweenTwoFixesOutsidePassesThroughACircle() {
        AppFences fences = fences(new CircleShape(10, 10, 10_000), new FenceRules(null, null, null, null, true));

        send(fences, 10, 10);
        send(fences, 0, 0);
        send(fences, 20, 20);

        assertThat(events).containsExactly("inside @0", "outside @1", "cross @2");
    }

    @Test
    void firesNoCrossForAFenceThatDidNotAskForIt() {
        AppFences fences = fences(new CircleShape(10, 10, 10_000), FenceRules.NONE);

        send(fences, 0, 0);
        send(fences, 20, 20);

        assertThat(events).isEmpty();
    }

    @Test
    void firesNoCrossWhenThePathMissesTheFence() {
        AppFences fences = fences(polygon(SQUARE), new FenceRules(null, null, null, null, true));

        send(fences, 52.49, 13.39);
        send(fences, 52.49, 13.42);

        assertThat(events).isEmpty();
    }

    @Test
    void firesCrossForAPathThroughAPolygonTheShortWayAcrossTheAntimeridian() {
        FenceShape island = polygon("{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[-180,-17],[-179.9,-17],[-179.9,-16],[-180,-16],[-180,-17]]]}");
        AppFences fences = fences(island, new FenceRules(null, null, null, null, true));

        send(fences, -16.5, 179.5);
        send(fences, -16.5, -179.5);

        assertThat(events).containsExactly("cross @1");
    }

    @Test
    void coversACorridorUpToHalfItsWidthOnEachSide() {
        FenceShape road = corridor("[[13.40,52.50],[13.42,52.50]]", 40);
        AppFences fences = fences(road, FenceRules.NONE);

        send(fences, northOf(52.50, 19), 13.41);
        send(fences, northOf(52.50, 21), 13.41);
        send(fences, 52.50 - (northOf(52.50, 19) - 52.50), 13.41);

        assertThat(events).containsExactly("inside @0", "outside @1", "inside @2");
    }

    @Test
    void firesCrossForAPathOverACorridor() {
        FenceShape road = corridor("[[13.40,52.50],[13.42,52.50]]", 10);
        AppFences fences = fences(road, new FenceRules(null, null, null, null, true));

        send(fences, 52.49, 13.41);
        send(fences, 52.51, 13.411);

        assertThat(events).containsExactly("cross @1");
    }

    @Test
    void evaluatesTheNextFixAgainstAnEditedShapeKeepingTheStateOfTheFence() {
        send(fences(polygon(SQUARE), FenceRules.NONE), 52.505, 13.405);
        FenceShape movedEast = polygon(SQUARE.replace("13.40", "13.50").replace("13.41", "13.51"));

        send(fences(movedEast, FenceRules.NONE), 52.505, 13.405);

        assertThat(events).containsExactly("inside @0", "outside @1");
    }

    /**
     * The real case of the MTK logger track: a fix in Freiburg on 2014-11-23, then, after four and a half
     * months switched off, one 130 km north-east. The straight line between them passes through Freiburg
     * districts, so with every district firing {@code cross} the same two fixes minutes apart give crosses.
     */
    @Test
    void firesNoCrossBetweenTwoFixesMonthsApartOfTheRealTrack() {
        AppFences districts = freiburgDistrictsWithCrossEvents();

        record(districts, 47.964515686, 7.824753284, null, Instant.parse("2014-11-23T15:39:51Z"), "2014");
        record(districts, 48.947223663, 8.957732201, null, Instant.parse("2015-04-07T08:29:00Z"), "2015");

        assertThat(events).isEmpty();
    }

    @Test
    void firesCrossBetweenTheSameTwoFixesTenMinutesApart() {
        AppFences districts = freiburgDistrictsWithCrossEvents();

        record(districts, 47.964515686, 7.824753284, null, Instant.parse("2015-04-07T08:19:00Z"), "first");
        record(districts, 48.947223663, 8.957732201, null, Instant.parse("2015-04-07T08:29:00Z"), "second");

        assertThat(events).isNotEmpty().allMatch(event -> event.equals("cross second"));
    }

    private static AppFences freiburgDistrictsWithCrossEvents() {
        List<Geofence> fences = new ArrayList<>();
        FenceRules cross = new FenceRules(null, null, null, null, true);
        for (JsonNode district :
                SharedPolygonFiles.read("click_that_hood/freiburg.geojson").get("features")) {
            fences.add(new Geofence(
                    fences.size() + 1,
                    1,
                    "district",
                    null,
                    FenceShape.fromGeoJson(district),
                    cross,
                    0,
                    TEN_O_CLOCK,
                    null));
        }
        return AppFences.of(1, 1, fences);
    }

    private void send(AppFences fences, double latitude, double longitude) {
        send(fences, latitude, longitude, null);
    }

    private void send(AppFences fences, double latitude, double longitude, Double accuracy) {
        record(fences, latitude, longitude, accuracy, seconds++);
    }

    private void sendAt(AppFences fences, double latitude, double longitude, int second) {
        record(fences, latitude, longitude, null, second);
    }

    private void record(AppFences fences, double latitude, double longitude, Double accuracy, int second) {
        record(fences, latitude, longitude, accuracy, TEN_O_CLOCK.plusSeconds(second), "@" + second);
    }

    private void record(
            AppFences fences, double latitude, double longitude, Double accuracy, Instant at, String label) {
        Fix fix = new Fix(
                1, "app", 2, "device", "van", at, at, latitude, longitude, null, null, null, accuracy, null, null,
                "http");
        List<GeofenceEvent> fired = new ArrayList<>();
        state = FenceTransitions.next(fix, state, fences, TEN_MINUTES, fired);
        fired.forEach(event -> events.add(event.transition().wireName() + " " + label));
    }

    private static AppFences fences(FenceShape shape, FenceRules rules) {
        Geofence fence = new Geofence(7, 1, "fence", null, shape, rules, 0, TEN_O_CLOCK, null);
        return AppFences.of(1, 1, List.of(fence));
    }

    private static double northOf(double latitude, double meters) {
        return latitude + Math.toDegrees(meters / GreatCircle.EARTH_RADIUS_METERS);
    }

    private static FenceShape polygon(String json) {
        return FenceShape.fromGeoJson(JSON.readTree(json));
    }

    private static FenceShape corridor(String line, double width) {
        return FenceShape.fromGeoJson(
                JSON.readTree("{\"type\":\"Corridor\",\"coordinates\":" + line + ",\"width_m\":" + width + "}"));
    }
}
