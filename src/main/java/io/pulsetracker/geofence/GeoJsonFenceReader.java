package io.pulsetracker.geofence;

import static io.pulsetracker.geofence.InvalidFenceShapeException.quote;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a submitted fence shape: unwraps a JSON string or a Feature, then dispatches on {@code type}.
 * Stateless and thread-safe.
 */
final class GeoJsonFenceReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String ACCEPTED_TYPES = "Polygon, MultiPolygon, Feature or Circle";

    private GeoJsonFenceReader() {}

    static FenceShape read(JsonNode submitted) {
        JsonNode object = unwrap(submitted, "geometry");
        String type = typeOf(object, "");
        return switch (type) {
            case "Polygon", "MultiPolygon" -> polygonal(object, type, "");
            case "Feature" -> featureGeometry(object);
            case "Circle" -> circle(object);
            default -> throw new InvalidFenceShapeException(
                    "type must be " + ACCEPTED_TYPES + ", was " + quote(object.get("type")));
        };
    }

    private static PolygonShape featureGeometry(JsonNode feature) {
        JsonNode geometry = unwrap(feature.get("geometry"), "geometry of the Feature");
        String type = typeOf(geometry, "geometry.");
        if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
            throw new InvalidFenceShapeException(
                    "geometry.type of a Feature must be Polygon or MultiPolygon, was " + quote(geometry.get("type")));
        }
        return polygonal(geometry, type, "geometry.");
    }

    private static PolygonShape polygonal(JsonNode object, String type, String prefix) {
        JsonNode coordinates = object.get("coordinates");
        String path = prefix + "coordinates";
        Geometry geometry = type.equals("Polygon")
                ? GeoJsonPolygonReader.polygon(coordinates, path)
                : GeoJsonPolygonReader.multiPolygon(coordinates, path);
        return new PolygonShape(geometry);
    }

    private static CircleShape circle(JsonNode object) {
        Coordinate center = GeoJsonPolygonReader.position(object.get("center"), "center");
        return new CircleShape(center.x, center.y, radiusMeters(object));
    }

    private static double radiusMeters(JsonNode circle) {
        JsonNode canonical = circle.get("radius_m");
        JsonNode alias = circle.get("radius");
        if (canonical != null && alias != null) {
            throw new InvalidFenceShapeException("give the radius once, as radius_m or as radius, was radius_m "
                    + quote(canonical) + " and radius " + quote(alias));
        }
        if (canonical == null && alias == null) {
            throw new InvalidFenceShapeException("Circle needs radius_m, its radius in metres; it was missing");
        }

        String name = canonical != null ? "radius_m" : "radius";
        JsonNode radius = canonical != null ? canonical : alias;
        double meters = radius.isNumber() ? radius.doubleValue() : Double.NaN;
        if (!(meters > 0 && meters <= CircleShape.MAX_RADIUS_METERS)) {
            throw new InvalidFenceShapeException(
                    name + " must be a number of metres greater than 0 and at most 1000000, was " + quote(radius));
        }
        return meters;
    }

    /** Returns the JSON object itself, or the object a JSON string holds. */
    private static JsonNode unwrap(JsonNode node, String name) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new InvalidFenceShapeException(name + " is missing");
        }

        JsonNode object = node.isString() ? parse(node.stringValue(), name) : node;
        if (object == null || !object.isObject()) {
            throw new InvalidFenceShapeException(
                    name + " must be a GeoJSON object, or a string holding one, was " + quote(node));
        }
        return object;
    }

    private static JsonNode parse(String text, String name) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidFenceShapeException(
                    name + " is a string but not valid JSON (" + e.getOriginalMessage() + "): " + quote(text), e);
        }
    }

    private static String typeOf(JsonNode object, String prefix) {
        JsonNode type = object.get("type");
        if (type == null || type.isNull()) {
            throw new InvalidFenceShapeException(
                    prefix + "type is missing, expected " + ACCEPTED_TYPES + " in " + quote(object));
        }
        if (!type.isString()) {
            throw new InvalidFenceShapeException(prefix + "type must be a string, was " + quote(type));
        }
        return type.stringValue();
    }
}
