package io.pulsetracker.geofence;

import java.util.Objects;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import tools.jackson.databind.JsonNode;

/**
 * A fence bounded by a JTS {@link Polygon} or {@link MultiPolygon} in WGS84 degrees, x = longitude and
 * y = latitude.
 *
 * <p>Edges are straight lines in longitude/latitude, not great circles; holes are outside the fence.
 * Shapes read by {@link FenceShape#fromGeoJson} are valid by JTS rules. This constructor only checks the
 * geometry type, that it is not empty and that it lies within [-180, 180] x [-90, 90]; a caller
 * building a geometry by hand is responsible for its validity.
 *
 * <p>JTS geometries are mutable: do not modify the geometry after handing it over, or the record is no
 * longer a value. {@link FenceIndex} prepares its own copy.
 */
public record PolygonShape(Geometry geometry) implements FenceShape {

    public PolygonShape {
        Objects.requireNonNull(geometry, "geometry");
        if (!(geometry instanceof Polygon || geometry instanceof MultiPolygon)) {
            throw new InvalidFenceShapeException(
                    "geometry must be a Polygon or MultiPolygon, was [" + geometry.getGeometryType() + "]");
        }
        if (geometry.isEmpty()) {
            throw new InvalidFenceShapeException("geometry must not be empty, was [" + geometry + "]");
        }
        requireWithinWorld(geometry.getEnvelopeInternal());
    }

    @Override
    public Envelope envelope() {
        return new Envelope(geometry.getEnvelopeInternal());
    }

    @Override
    public JsonNode toGeoJson() {
        return GeoJsonFenceWriter.polygonal(geometry);
    }

    private static void requireWithinWorld(Envelope envelope) {
        boolean longitudesInRange = envelope.getMinX() >= -180 && envelope.getMaxX() <= 180;
        boolean latitudesInRange = envelope.getMinY() >= -90 && envelope.getMaxY() <= 90;
        if (!longitudesInRange || !latitudesInRange) {
            throw new InvalidFenceShapeException(
                    "geometry must lie within longitude [-180, 180] and latitude [-90, 90], its envelope was ["
                            + envelope + "]");
        }
    }
}
