package io.pulsetracker.geofence;

import org.locationtech.jts.geom.Envelope;
import tools.jackson.databind.JsonNode;

/**
 * The area of a geofence: a polygon (with holes, or several parts), a circle or a corridor along a line on
 * the Earth's surface.
 *
 * <p>All coordinates are WGS84 degrees. Wherever they appear as a pair, longitude comes first, as in
 * GeoJSON and in JTS (x = longitude, y = latitude). Implementations are immutable values and safe to
 * share between threads, provided nobody mutates the JTS geometry held by a {@link PolygonShape}.
 *
 * <p>To test many points against many shapes, build a {@link FenceIndex}.
 */
public sealed interface FenceShape permits PolygonShape, CircleShape, CorridorShape {

    /**
     * Returns a longitude/latitude box, in degrees, that contains the whole shape. For a circle the box
     * may be larger than the circle; it spans all longitudes when the circle reaches a pole or the
     * antimeridian. The returned envelope is a fresh object the caller may modify.
     */
    Envelope envelope();

    /**
     * Returns the canonical stored form of this shape: a GeoJSON {@code Polygon} or {@code MultiPolygon}
     * with {@code [longitude, latitude]} positions (exterior rings counter-clockwise, holes clockwise,
     * altitudes dropped), or {@code {"type":"Circle","center":[longitude,latitude],"radius_m":r}}.
     * {@link #fromGeoJson} reads this form back into an equal shape.
     */
    JsonNode toGeoJson();

    /**
     * Reads and validates a shape submitted by a client.
     *
     * <p>Accepted: a GeoJSON {@code Polygon} or {@code MultiPolygon} object; a {@code Feature} whose
     * geometry is one of those; a circle {@code {"type":"Circle","center":[longitude,latitude],
     * "radius_m":150}} (radius in metres, {@code radius} is accepted as an alias); a corridor
     * {@code {"type":"Corridor","coordinates":[[longitude,latitude],...],"width_m":40}} (total width in
     * metres, half on each side of the line); or any of these serialized into a JSON string. Ring
     * orientation does not matter. Rings must be closed, hold at least four positions, not cross
     * themselves, and each polygon must be valid by JTS rules; parts may end exactly on longitude -180 or
     * 180. A ring whose consecutive longitudes jump by more than 180 degrees crosses the antimeridian the
     * short way: the polygon is cut there into a MultiPolygon (a ring going once round a pole is closed
     * over that pole).
     *
     * @param geometry the submitted JSON value
     * @return the shape, never {@code null}
     * @throws InvalidFenceShapeException naming the problem, where it is and the offending value
     */
    static FenceShape fromGeoJson(JsonNode geometry) {
        return GeoJsonFenceReader.read(geometry, false);
    }

    /**
     * Reads a shape like {@link #fromGeoJson(JsonNode)}, but repairs a polygon that breaks the JTS validity
     * rules (a ring crossing or touching itself, overlapping parts) with JTS {@code GeometryFixer} instead
     * of rejecting it. Malformed input (out-of-range or missing coordinates, unclosed or too short rings) is
     * rejected all the same.
     *
     * @throws InvalidFenceShapeException naming the problem, or saying that no area was left to keep
     */
    static FenceShape fromGeoJson(JsonNode geometry, boolean repair) {
        return GeoJsonFenceReader.read(geometry, repair);
    }
}
