package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class FenceShapeRejectionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void rejectsABowtieRingSayingWhereItSelfIntersects() {
        assertRejected(
                polygon("[[10.40,50.90],[10.90,50.90],[10.10,50.10],[10.90,50.10],[10.40,50.90]]"),
                "polygon at coordinates self-intersects at [10.59",
                "(longitude, latitude)");
    }

    @Test
    void rejectsARingThatIsNotClosed() {
        assertRejected(
                polygon("[[0,0],[1,0],[1,1],[0,1]]"),
                "ring at coordinates[0] is not closed",
                "first position [0.0, 0.0] differs from its last [0.0, 1.0]");
    }

    @Test
    void rejectsARingOfThreePositions() {
        assertRejected(
                polygon("[[0,0],[1,0],[0,0]]"), "ring at coordinates[0] must hold at least 4 positions", "had 3");
    }

    @Test
    void rejectsALatitudeBeyondTheNorthPoleNamingItsPosition() {
        assertRejected(
                polygon("[[0,0],[1,0],[1,101.38],[0,1],[0,0]]"),
                "latitude at coordinates[0][2] must be within [-90, 90], was [101.38]");
    }

    @Test
    void rejectsALongitudeBeyondTheAntimeridianNamingItsPosition() {
        assertRejected(
                polygon("[[0,0],[1,0],[1,1],[0,1],[0,0]]", "[[0.2,0.2],[181,0.2],[0.4,0.4],[0.2,0.2]]"),
                "longitude at coordinates[1][1] must be within [-180, 180], was [181]");
    }

    @Test
    void rejectsACoordinateGivenAsAString() {
        assertRejected(
                polygon("[[0,0],[\"NaN\",0],[1,1],[0,1],[0,0]]"),
                "longitude at coordinates[0][1][0] must be a finite number, was [\"NaN\"]");
    }

    @Test
    void rejectsACoordinateThatIsNotANumber() {
        ObjectNode polygon = (ObjectNode) JSON.readTree(polygon("[[0,0],[1,0],[1,1],[0,1],[0,0]]"));
        ArrayNode position = (ArrayNode) polygon.get("coordinates").get(0).get(2);
        position.set(1, JsonNodeFactory.instance.numberNode(Double.NaN));

        assertThatThrownBy(() -> FenceShape.fromGeoJson(polygon))
                .isInstanceOf(InvalidFenceShapeException.class)
                .hasMessageContaining("latitude at coordinates[0][2][1] must be a finite number, was [");
    }

    @Test
    void rejectsACoordinateTooLargeForADouble() {
        assertRejected(
                polygon("[[0,0],[1e999,0],[1,1],[0,1],[0,0]]"),
                "longitude at coordinates[0][1][0] must be a finite number");
    }

    @Test
    void rejectsAPositionWithFourNumbers() {
        assertRejected(
                polygon("[[0,0,0,0],[1,0],[1,1],[0,1],[0,0]]"),
                "position at coordinates[0][0] must hold 2 or 3 numbers",
                "had 4: [[0,0,0,0]]");
    }

    @Test
    void rejectsAGeometryWithoutType() {
        assertRejected("{\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}", "type is missing");
    }

    @Test
    void rejectsAnUnsupportedTypeQuotingIt() {
        assertRejected(
                "{\"type\":\"Point\",\"coordinates\":[0,0]}",
                "type must be Polygon, MultiPolygon, Feature, Circle or Corridor, was [\"Point\"]");
    }

    @Test
    void rejectsAPolygonWithoutCoordinates() {
        assertRejected("{\"type\":\"Polygon\"}", "coordinates must be an array of rings, was [missing]");
    }

    @Test
    void rejectsCoordinatesThatAreNotAnArray() {
        assertRejected("{\"type\":\"Polygon\",\"coordinates\":\"0,0\"}", "coordinates must be an array of rings");
    }

    @Test
    void rejectsAHoleOutsideItsShellNamingTheHole() {
        assertRejected(
                polygon(
                        "[[0,0],[1,0],[1,1],[0,1],[0,0]]",
                        "[[0.2,0.2],[0.4,0.2],[0.4,0.4],[0.2,0.2]]",
                        "[[5,5],[6,5],[6,6],[5,6],[5,5]]"),
                "hole at coordinates[2] lies outside its shell coordinates[0]: JTS found [Hole lies outside shell]"
                        + " at [5.0, 5.0]");
    }

    @Test
    void rejectsARingWithoutAreaSayingSoInsteadOfSelfIntersection() {
        assertRejected(
                polygon("[[0,0],[1,0],[2,0],[0,0]]"),
                "ring at coordinates[0] encloses no area: its positions [[0.0, 0.0], [1.0, 0.0], [2.0, 0.0],"
                        + " [0.0, 0.0]] lie on one line");
    }

    @Test
    void rejectsOverlappingPartsOfAMultiPolygon() {
        assertRejected(
                "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],"
                        + "[[[1,1],[3,1],[3,3],[1,3],[1,1]]]]}",
                "the polygons of the MultiPolygon at coordinates must not overlap and may touch only at points:",
                "JTS found [Self-intersection] at [2.0, 1.0] (longitude, latitude)",
                "within the bounds of [coordinates[0], coordinates[1]]");
    }

    @Test
    void namesTheFaultyPartOfAMultiPolygon() {
        assertRejected(
                "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],"
                        + "[[[10.40,50.90],[10.90,50.90],[10.10,50.10],[10.90,50.10],[10.40,50.90]]]]}",
                "polygon at coordinates[1] self-intersects");
    }

    @Test
    void rejectsAnEmptyPolygon() {
        assertRejected("{\"type\":\"Polygon\",\"coordinates\":[]}", "coordinates must hold at least one ring");
    }

    @Test
    void rejectsAFeatureWithoutGeometry() {
        assertRejected("{\"type\":\"Feature\",\"geometry\":null}", "geometry of the Feature is missing");
    }

    @Test
    void rejectsAFeatureWhoseGeometryIsNotAnArea() {
        assertRejected(
                "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}}",
                "geometry.type of a Feature must be Polygon or MultiPolygon, was [\"LineString\"]");
    }

    @Test
    void rejectsAStringThatIsNotJson() {
        JsonNode text = JsonNodeFactory.instance.stringNode("{\"type\":\"Polygon\",");

        assertThatThrownBy(() -> FenceShape.fromGeoJson(text))
                .isInstanceOf(InvalidFenceShapeException.class)
                .hasMessageContaining("geometry is a string but not valid JSON");
    }

    @Test
    void rejectsAStringHoldingAnotherString() {
        JsonNode text = JsonNodeFactory.instance.stringNode("\"{}\"");

        assertThatThrownBy(() -> FenceShape.fromGeoJson(text))
                .isInstanceOf(InvalidFenceShapeException.class)
                .hasMessageContaining("geometry must be a GeoJSON object, or a string holding one");
    }

    @Test
    void rejectsAMissingGeometry() {
        assertThatThrownBy(() -> FenceShape.fromGeoJson(null))
                .isInstanceOf(InvalidFenceShapeException.class)
                .hasMessage("geometry is missing");
    }

    @Test
    void rejectsCirclesWithoutAUsableRadius() {
        String circle = "{\"type\":\"Circle\",\"center\":[16.37,48.20],";

        assertRejected(circle + "\"radius_m\":0}", "radius_m must be a number of metres greater than 0", "was [0]");
        assertRejected(circle + "\"radius_m\":1000001}", "at most 1000000, was [1000001]");
        assertRejected(circle + "\"radius\":\"150\"}", "radius must be a number of metres", "was [\"150\"]");
        assertRejected("{\"type\":\"Circle\",\"center\":[16.37,48.20]}", "Circle needs radius_m");
        assertRejected(circle + "\"radius_m\":150,\"radius\":150}", "give the radius once");
    }

    @Test
    void rejectsACircleWhoseCenterIsOutOfRange() {
        assertRejected(
                "{\"type\":\"Circle\",\"center\":[48.20,116.37],\"radius_m\":10}",
                "latitude at center must be within [-90, 90], was [116.37]");
    }

    @Test
    void rejectsAPolygonShapeOfTheWrongGeometryType() {
        assertThatThrownBy(() -> new PolygonShape(GeoJsonPolygonReader.WGS84.createPoint()))
                .isInstanceOf(InvalidFenceShapeException.class)
                .hasMessage("geometry must be a Polygon or MultiPolygon, was [Point]");
    }

    private static String polygon(String... rings) {
        return "{\"type\":\"Polygon\",\"coordinates\":[" + String.join(",", rings) + "]}";
    }

    private static void assertRejected(String json, String... messageParts) {
        assertThatThrownBy(() -> FenceShape.fromGeoJson(JSON.readTree(json)))
                .isInstanceOf(InvalidFenceShapeException.class)
                .message()
                .contains(messageParts);
    }
}
