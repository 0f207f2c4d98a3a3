package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class FenceShapeParsingTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":"
            + "[[[13.40,52.50],[13.41,52.50],[13.41,52.51],[13.40,52.51],[13.40,52.50]]]}";

    @Test
    void readsAPolygon() {
        FenceShape shape = parse(SQUARE);

        assertThat(shape).isInstanceOf(PolygonShape.class);
        assertThat(((PolygonShape) shape).geometry()).isInstanceOf(Polygon.class);
        assertThat(shape.envelope().getMinX()).isEqualTo(13.40);
        assertThat(shape.envelope().getMaxY()).isEqualTo(52.51);
    }

    @Test
    void readsAGeometryGivenAsAJsonString() {
        JsonNode text = JsonNodeFactory.instance.stringNode(SQUARE);

        assertThat(FenceShape.fromGeoJson(text)).isEqualTo(parse(SQUARE));
    }

    @Test
    void readsTheGeometryOfAFeature() {
        String feature = "{\"type\":\"Feature\",\"properties\":{\"name\":\"square\"},\"geometry\":" + SQUARE + "}";

        assertThat(parse(feature)).isEqualTo(parse(SQUARE));
    }

    @Test
    void readsAFeatureWhoseGeometryIsAJsonString() {
        ObjectNode feature =
                JsonNodeFactory.instance.objectNode().put("type", "Feature").put("geometry", SQUARE);

        assertThat(FenceShape.fromGeoJson(feature)).isEqualTo(parse(SQUARE));
    }

    @Test
    void readsAMultiPolygonWhosePartsEndOnBothSidesOfTheAntimeridian() {
        FenceShape shape = parse("{\"type\":\"MultiPolygon\",\"coordinates\":["
                + "[[[179,-17],[180,-17],[180,-16],[179,-16],[179,-17]]],"
                + "[[[-180,-17],[-179,-17],[-179,-16],[-180,-16],[-180,-17]]]]}");

        assertThat(((PolygonShape) shape).geometry()).isInstanceOf(MultiPolygon.class);
        assertThat(shape.envelope().getWidth()).isEqualTo(360);
    }

    @Test
    void acceptsPositionsWithAltitudeAndDropsIt() {
        FenceShape shape = parse("{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[13.40,52.50,30],[13.41,52.50,31],[13.41,52.51,32],[13.40,52.51,33],[13.40,52.50,30]]]}");

        assertThat(shape.toGeoJson()).isEqualTo(parse(SQUARE).toGeoJson());
    }

    @Test
    void readsACircleWithRadiusInMetres() {
        FenceShape shape = parse("{\"type\":\"Circle\",\"center\":[16.37,48.20],\"radius_m\":150}");

        assertThat(shape).isEqualTo(new CircleShape(16.37, 48.20, 150));
    }

    @Test
    void acceptsRadiusAsAnAliasOfRadiusInMetres() {
        FenceShape shape = parse("{\"type\":\"Circle\",\"center\":[16.37,48.20],\"radius\":150}");

        assertThat(shape).isEqualTo(new CircleShape(16.37, 48.20, 150));
    }

    @Test
    void writesPolygonsInRfc7946OrientationWhateverTheInputOrientation() {
        String clockwise = "{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[13.40,52.50],[13.40,52.51],[13.41,52.51],[13.41,52.50],[13.40,52.50]]]}";

        JsonNode written = parse(clockwise).toGeoJson();

        assertThat(written).isEqualTo(JSON.readTree(SQUARE));
    }

    @Test
    void readsItsOwnCanonicalFormBackIntoAnEqualShape() {
        String withHole = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,10],[10,10],[10,0],[0,0]],"
                + "[[2,2],[4,2],[4,4],[2,4],[2,2]]]}";

        for (String json : new String[] {SQUARE, withHole, "{\"type\":\"Circle\",\"center\":[1,2],\"radius\":3}"}) {
            JsonNode canonical = parse(json).toGeoJson();

            assertThat(FenceShape.fromGeoJson(canonical).toGeoJson()).isEqualTo(canonical);
        }
    }

    @Test
    void writesACircleWithCenterAndRadiusInMetres() {
        JsonNode written = new CircleShape(16.37, 48.20, 100).toGeoJson();

        assertThat(written)
                .isEqualTo(JSON.readTree("{\"type\":\"Circle\",\"center\":[16.37,48.20],\"radius_m\":100.0}"));
    }

    private static FenceShape parse(String json) {
        return FenceShape.fromGeoJson(JSON.readTree(json));
    }
}
