package io.pulsetracker.geofence;

import static io.pulsetracker.geofence.InvalidFenceShapeException.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a submitted fence shape: unwraps a JSON string or a Feature, then dispatches on {@code type}.
 * Stateless and thread-safe.
 *
 * <p>A member the shape does not know is refused, naming it, so that a rule put inside the geometry by
 * mistake ({@code "hysteresis_m"} next to {@code "radius_m"}) is never silently ignored. PulseTracker's own
 * {@code Circle} and {@code Corridor} take no other member at all. GeoJSON objects ({@code Polygon},
 * {@code MultiPolygon}, {@code Feature}) may carry foreign members (RFC 7946, section 6.1), which are
 * ignored, except the names of fence fields and of the other shapes' members, which are refused.
 */
final class GeoJsonFenceReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String ACCEPTED_TYPES = "Polygon, MultiPolygon, Feature, Circle or Corridor";

    private static final Set<String> CIRCLE_MEMBERS = Set.of("type", "center", "radius_m", "radius");
    private static final Set<String> CORRIDOR_MEMBERS = Set.of("type", "coordinates", "width_m");

    /** The fields of a fence request, which go next to {@code geometry}, never inside it. */
    private static final Set<String> FENCE_FIELDS = Set.of(
            "name",
            "app_key",
            "app_id",
            "webhook_url",
            "repair",
            "hysteresis_m",
            "min_dwell_fixes",
            "min_dwell_seconds",
            "max_accuracy_m",
            "cross_events");

    /** Members of PulseTracker's own shapes, or near misses of them, never of a GeoJSON geometry. */
    private static final Set<String> SHAPE_MEMBERS = Set.of("center", "radius", "radius_m", "radius_km", "width_m");

    private GeoJsonFenceReader() {}

    static FenceShape read(JsonNode submitted, boolean repair) {
        JsonNode object = unwrap(submitted, "geometry");
        String type = typeOf(object, "");
        return switch (type) {
            case "Polygon", "MultiPolygon" -> polygonal(refuseMisplaced(object, type, ""), type, "", repair);
            case "Feature" -> featureGeometry(refuseMisplaced(object, type, ""), repair);
            case "Circle" -> circle(requireOnly(object, type, CIRCLE_MEMBERS));
            case "Corridor" -> corridor(requireOnly(object, type, CORRIDOR_MEMBERS));
            default -> throw new InvalidFenceShapeException(
                    "type must be " + ACCEPTED_TYPES + ", was " + quote(object.get("type")));
        };
    }

    private static PolygonShape featureGeometry(JsonNode feature, boolean repair) {
        JsonNode geometry = unwrap(feature.get("geometry"), "geometry of the Feature");
        String type = typeOf(geometry, "geometry.");
        if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
            throw new InvalidFenceShapeException(
                    "geometry.type of a Feature must be Polygon or MultiPolygon, was " + quote(geometry.get("type")));
        }
        return polygonal(refuseMisplaced(geometry, type, "geometry."), type, "geometry.", repair);
    }

    private static JsonNode requireOnly(JsonNode object, String type, Set<String> members) {
        for (String member : object.propertyNames()) {
            if (!members.contains(member)) {
                throw new InvalidFenceShapeException("a " + type + " has no member [" + member + "]; its members are "
                        + new TreeSet<>(members) + misplacedHint(member));
            }
        }
        return object;
    }

    private static JsonNode refuseMisplaced(JsonNode object, String type, String prefix) {
        for (String member : object.propertyNames()) {
            if (FENCE_FIELDS.contains(member) || SHAPE_MEMBERS.contains(member)) {
                throw new InvalidFenceShapeException(
                        prefix + member + " does not belong in a " + type + misplacedHint(member));
            }
        }
        return object;
    }

    private static String misplacedHint(String member) {
        return FENCE_FIELDS.contains(member)
                ? " (a fence field such as " + member + " goes next to geometry, not inside it)"
                : "";
    }

    private static PolygonShape polygonal(JsonNode object, String type, String prefix, boolean repair) {
        JsonNode coordinates = object.get("coordinates");
        String path = prefix + "coordinates";
        Geometry geometry = type.equals("Polygon")
                ? GeoJsonPolygonReader.polygon(coordinates, path, repair)
                : GeoJsonPolygonReader.multiPolygon(coordinates, path, repair);
        return new PolygonShape(geometry);
    }

    private static CircleShape circle(JsonNode object) {
        Coordinate center = GeoJsonPolygonReader.position(object.get("center"), "center");
        return new CircleShape(center.x, center.y, radiusMeters(object));
    }

    private static CorridorShape corridor(JsonNode object) {
        JsonNode positions = object.get("coordinates");
        if (positions == null || !positions.isArray()) {
            throw new InvalidFenceShapeException(
                    "coordinates of a Corridor must be an array of [longitude, latitude] positions, was "
                            + quote(positions));
        }
        List<Coordinate> line = new ArrayList<>(positions.size());
        for (int i = 0; i < positions.size(); i++) {
            line.add(GeoJsonPolygonReader.position(positions.get(i), "coordinates[" + i + "]"));
        }

        JsonNode width = object.get("width_m");
        double meters = width != null && width.isNumber() ? width.doubleValue() : Double.NaN;
        if (!(meters > 0 && meters <= CorridorShape.MAX_WIDTH_METERS)) {
            throw new InvalidFenceShapeException("width_m of a Corridor must be its total width in metres, greater"
                    + " than 0 and at most 100000, was " + quote(width));
        }
        return new CorridorShape(line, meters);
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
