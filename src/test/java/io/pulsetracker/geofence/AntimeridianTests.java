package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Polygons drawn across the antimeridian are cut at ±180 into a MultiPolygon, the short way round. */
class AntimeridianTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void cutsARingThatJumpsFrom179ToMinus179IntoTwoPartsEndingOn180AndMinus180() {
        FenceShape shape =
                parse("{\"type\":\"Polygon\",\"coordinates\":" + "[[[179,0],[-179,0],[-179,1],[179,1],[179,0]]]}");
        FenceIndex index = FenceIndex.of(Map.of(1L, shape));

        Geometry cut = ((PolygonShape) shape).geometry();
        assertThat(cut.getGeometryType()).isEqualTo("MultiPolygon");
        assertThat(cut.getNumGeometries()).isEqualTo(2);
        assertThat(cut.getArea()).isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(index.covering(0.5, 179.5)).containsExactly(1L);
        assertThat(index.covering(0.5, -179.5)).containsExactly(1L);
        assertThat(index.covering(0.5, 180)).containsExactly(1L);
        assertThat(index.covering(0.5, 0)).isEmpty();
    }

    @Test
    void keepsAHoleThatLiesAcrossTheAntimeridianToo() {
        FenceShape shape = parse("{\"type\":\"Polygon\",\"coordinates\":[[[178,-2],[-178,-2],[-178,2],[178,2],"
                + "[178,-2]],[[179.5,-0.5],[179.5,0.5],[-179.5,0.5],[-179.5,-0.5],[179.5,-0.5]]]}");
        FenceIndex index = FenceIndex.of(Map.of(1L, shape));

        assertThat(index.covering(0, 180)).isEmpty();
        assertThat(index.covering(0, -179.8)).isEmpty();
        assertThat(index.covering(0, 179)).containsExactly(1L);
        assertThat(index.covering(1, -179)).containsExactly(1L);
    }

    @Test
    void closesARingThatGoesRoundThePoleOverThatPole() {
        JsonNode antarctica = null;
        for (JsonNode feature :
                SharedPolygonFiles.read("johan-world-countries-110m.geo.json").get("features")) {
            if ("ATA".equals(feature.get("id").asString())) {
                antarctica = feature;
            }
        }

        FenceIndex index = FenceIndex.of(Map.of(1L, FenceShape.fromGeoJson(antarctica)));

        assertThat(index.covering(-90, 0)).containsExactly(1L);
        assertThat(index.covering(-85, 135)).containsExactly(1L);
        assertThat(index.covering(-60, 0)).isEmpty();
        assertThat(index.covering(-33.9, 18.4)).isEmpty();
    }

    @Test
    void writesTheCutShapeSoThatItReadsBackUnchanged() {
        FenceShape shape =
                parse("{\"type\":\"Polygon\",\"coordinates\":" + "[[[179,0],[-179,0],[-179,1],[179,1],[179,0]]]}");

        assertThat(FenceShape.fromGeoJson(shape.toGeoJson()).toGeoJson()).isEqualTo(shape.toGeoJson());
    }

    private static FenceShape parse(String json) {
        return FenceShape.fromGeoJson(JSON.readTree(json));
    }
}
