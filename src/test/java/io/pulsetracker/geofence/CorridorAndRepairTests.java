package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Corridors (a line with a width, on the sphere) and the opt-in repair of invalid polygons. */
class CorridorAndRepairTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String BOWTIE = "{\"type\":\"Polygon\",\"coordinates\":[[[10.40,50.90],[10.90,50.90],"
            + "[10.10,50.10],[10.90,50.10],[10.40,50.90]]]}";

    @Test
    void readsACorridorAndWritesItBackInTheSameForm() {
        String json = "{\"type\":\"Corridor\",\"coordinates\":[[13.4,52.5],[13.5,52.6]],\"width_m\":40.0}";

        FenceShape corridor = FenceShape.fromGeoJson(JSON.readTree(json));

        assertThat(corridor).isInstanceOf(CorridorShape.class);
        assertThat(corridor.toGeoJson()).isEqualTo(JSON.readTree(json));
        assertThat(FenceShape.fromGeoJson(corridor.toGeoJson())).isEqualTo(corridor);
    }

    @Test
    void measuresACorridorsHalfWidthOnTheSphereAtEachSideAndAroundItsEnds() {
        CorridorShape alongAMeridian = corridor("[[10,60],[10,61]]", 1000);
        double metresPerDegreeEast = FlatDistance.METERS_PER_DEGREE * Math.cos(Math.toRadians(60.5));

        assertThat(alongAMeridian.covers(60.5, 10 + 499 / metresPerDegreeEast)).isTrue();
        assertThat(alongAMeridian.covers(60.5, 10 - 501 / metresPerDegreeEast)).isFalse();
        assertThat(alongAMeridian.distanceToLineMeters(southOf(60, 556), 10)).isCloseTo(556.0, within(0.01));
        assertThat(alongAMeridian.covers(southOf(60, 499), 10)).isTrue();
    }

    @Test
    void followsTheGreatCircleRatherThanTheParallelBetweenFarApartPositions() {
        CorridorShape corridor = corridor("[[0,60],[20,60]]", 2000);

        assertThat(corridor.covers(60, 10)).isFalse();
        assertThat(corridor.covers(60.3783, 10)).isTrue();
        assertThat(corridor.envelope().getMaxY()).isGreaterThan(60.378);
    }

    @Test
    void crossesTheAntimeridianTheShortWay() {
        CorridorShape corridor = corridor("[[179.9,-16.5],[-179.9,-16.5]]", 200);
        FenceIndex index = FenceIndex.of(Map.of(1L, corridor));

        assertThat(index.covering(-16.5, 180)).containsExactly(1L);
        assertThat(index.covering(-16.5, -179.95)).containsExactly(1L);
        assertThat(index.covering(-16.5, 0)).isEmpty();
    }

    @Test
    void rejectsACorridorWithoutAUsableWidthOrLine() {
        assertRejected(
                "{\"type\":\"Corridor\",\"coordinates\":[[0,0],[1,1]]}",
                "width_m of a Corridor must be its total width in metres");
        assertRejected(
                "{\"type\":\"Corridor\",\"coordinates\":[[0,0]],\"width_m\":10}",
                "coordinates of a Corridor must hold at least 2 positions, had 1: [[0.0, 0.0]]");
        assertRejected(
                "{\"type\":\"Corridor\",\"coordinates\":[[0,0],[0,101.38]],\"width_m\":10}",
                "latitude at coordinates[1] must be within [-90, 90], was [101.38]");
        assertRejected(
                "{\"type\":\"Corridor\",\"coordinates\":[[0,0],[120,0]],\"width_m\":10}",
                "segments may be at most 10000 km");
    }

    @Test
    void rejectsABowtieByDefaultButRepairsItIntoTwoTrianglesWhenAsked() {
        assertRejected(BOWTIE, "self-intersects");

        FenceShape repaired = FenceShape.fromGeoJson(JSON.readTree(BOWTIE), true);

        Geometry geometry = ((PolygonShape) repaired).geometry();
        assertThat(geometry.isValid()).isTrue();
        assertThat(geometry.getNumGeometries()).isEqualTo(2);
        FenceIndex index = FenceIndex.of(Map.of(1L, repaired));
        assertThat(index.covering(50.85, 10.6)).containsExactly(1L);
        assertThat(index.covering(50.15, 10.5)).containsExactly(1L);
        assertThat(index.covering(50.5, 10.2)).isEmpty();
    }

    @Test
    void stillRejectsMalformedInputWhenAskedToRepair() {
        JsonNode unclosed = JSON.readTree("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}");

        assertThatThrownBy(() -> FenceShape.fromGeoJson(unclosed, true))
                .isInstanceOf(InvalidFenceShapeException.class)
                .hasMessageContaining("is not closed");
    }

    @Test
    void repairsEveryInvalidCountryOfARealWorldFileIntoAValidShape() {
        JsonNode countries = SharedPolygonFiles.read("countries-land-10km.geo.json");
        int invalid = 0;
        for (JsonNode feature : countries.get("features")) {
            try {
                FenceShape.fromGeoJson(feature);
            } catch (InvalidFenceShapeException rejected) {
                invalid++;
                FenceShape repaired = FenceShape.fromGeoJson(feature, true);
                assertThat(((PolygonShape) repaired).geometry().isValid()).isTrue();
            }
        }

        assertThat(invalid).isPositive();
    }

    private static CorridorShape corridor(String line, double width) {
        return (CorridorShape) FenceShape.fromGeoJson(
                JSON.readTree("{\"type\":\"Corridor\",\"coordinates\":" + line + ",\"width_m\":" + width + "}"));
    }

    private static double southOf(double latitude, double meters) {
        return latitude - Math.toDegrees(meters / GreatCircle.EARTH_RADIUS_METERS);
    }

    private static void assertRejected(String json, String... messageParts) {
        assertThatThrownBy(() -> FenceShape.fromGeoJson(JSON.readTree(json)))
                .isInstanceOf(InvalidFenceShapeException.class)
                .message()
                .contains(messageParts);
    }
}
