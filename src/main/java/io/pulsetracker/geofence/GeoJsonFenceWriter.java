package io.pulsetracker.geofence;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes fence shapes in their canonical stored form. Rings follow RFC 7946: exterior rings
 * counter-clockwise, holes clockwise, whatever the orientation the shape was submitted in.
 */
final class GeoJsonFenceWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GeoJsonFenceWriter() {}

    static ObjectNode polygonal(Geometry geometry) {
        ObjectNode object = NODES.objectNode();
        object.put("type", geometry.getGeometryType());
        if (geometry instanceof Polygon polygon) {
            object.set("coordinates", rings(polygon));
            return object;
        }

        ArrayNode polygons = object.putArray("coordinates");
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            polygons.add(rings((Polygon) geometry.getGeometryN(i)));
        }
        return object;
    }

    static ObjectNode circle(CircleShape circle) {
        ObjectNode object = NODES.objectNode();
        object.put("type", "Circle");
        object.putArray("center").add(circle.centerLongitude()).add(circle.centerLatitude());
        object.put("radius_m", circle.radiusMeters());
        return object;
    }

    static ObjectNode corridor(CorridorShape corridor) {
        ObjectNode object = NODES.objectNode();
        object.put("type", "Corridor");
        ArrayNode positions = object.putArray("coordinates");
        corridor.line().forEach(position -> positions.addArray().add(position.x).add(position.y));
        object.put("width_m", corridor.widthMeters());
        return object;
    }

    private static ArrayNode rings(Polygon polygon) {
        ArrayNode rings = NODES.arrayNode();
        rings.add(ring(polygon.getExteriorRing(), true));
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            rings.add(ring(polygon.getInteriorRingN(i), false));
        }
        return rings;
    }

    private static ArrayNode ring(LinearRing ring, boolean counterClockwise) {
        CoordinateSequence sequence = ring.getCoordinateSequence();
        boolean reverse = Orientation.isCCW(sequence) != counterClockwise;
        ArrayNode positions = NODES.arrayNode(sequence.size());
        for (int i = 0; i < sequence.size(); i++) {
            int index = reverse ? sequence.size() - 1 - i : i;
            positions.addArray().add(sequence.getX(index)).add(sequence.getY(index));
        }
        return positions;
    }
}
