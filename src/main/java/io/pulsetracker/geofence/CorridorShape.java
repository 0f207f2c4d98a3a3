package io.pulsetracker.geofence;

import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import tools.jackson.databind.JsonNode;

/**
 * A fence along a route: every point within half of {@code widthMeters} of a line, so a 40 m corridor
 * reaches 20 m to each side of its line (and 20 m beyond its ends, which are rounded).
 *
 * <p>The line's segments are shorter great-circle arcs between consecutive positions, and distances are
 * measured on the sphere of {@link GreatCircle}, so a corridor may cross the antimeridian: a segment from
 * longitude 179.9 to -179.9 is 0.2 degrees long. Positions are WGS84 degrees, longitude first.
 *
 * <p>The record copies the positions it is given; do not modify the coordinates it returns.
 *
 * @param line the positions of the line, x = longitude and y = latitude; at least two
 * @param widthMeters the total width in metres, in (0, {@value #MAX_WIDTH_METERS}]
 */
public record CorridorShape(List<Coordinate> line, double widthMeters) implements FenceShape {

    /** The widest accepted corridor, in metres (50 km to each side). */
    public static final double MAX_WIDTH_METERS = 100_000;

    /** The longest accepted segment, in metres: a quarter of the Earth, so that "shorter arc" is clear. */
    public static final double MAX_SEGMENT_METERS = 10_000_000;

    public CorridorShape {
        line = line.stream().map(Coordinate::new).toList();
        if (line.size() < 2) {
            throw new InvalidFenceShapeException(
                    "coordinates of a Corridor must hold at least 2 positions, had " + line.size() + ": "
                            + line.stream().map(GeoJsonPolygonReader::format).toList());
        }
        if (!(widthMeters > 0 && widthMeters <= MAX_WIDTH_METERS)) {
            throw new InvalidFenceShapeException(
                    "width_m must be greater than 0 and at most 100000 metres, was [" + widthMeters + "]");
        }
        for (int i = 1; i < line.size(); i++) {
            requireShortSegment(line.get(i - 1), line.get(i), i);
        }
    }

    /** The distance from the point to the corridor's line in metres. Latitude first, WGS84 degrees. */
    public double distanceToLineMeters(double latitude, double longitude) {
        double nearest = Double.POSITIVE_INFINITY;
        for (int i = 1; i < line.size(); i++) {
            Coordinate start = line.get(i - 1);
            Coordinate end = line.get(i);
            nearest = Math.min(
                    nearest, GreatCircle.distanceToArcMeters(latitude, longitude, start.y, start.x, end.y, end.x));
        }
        return nearest;
    }

    /** Tells whether the point is inside the corridor or on its edge. Latitude first, WGS84 degrees. */
    public boolean covers(double latitude, double longitude) {
        return distanceToLineMeters(latitude, longitude) <= widthMeters / 2 + CircleShape.BOUNDARY_TOLERANCE_METERS;
    }

    /**
     * Returns a box that certainly contains the corridor: the line's extent, arcs bulging towards a pole
     * included, widened by half the width. It spans all longitudes when a segment crosses the antimeridian
     * or the corridor reaches a pole.
     */
    @Override
    public Envelope envelope() {
        double south = 90;
        double north = -90;
        double west = 180;
        double east = -180;
        boolean crossesAntimeridian = false;
        for (int i = 1; i < line.size(); i++) {
            Coordinate start = line.get(i - 1);
            Coordinate end = line.get(i);
            north = Math.max(north, GreatCircle.extremeLatitudeOfArc(start.y, start.x, end.y, end.x, true));
            south = Math.min(south, GreatCircle.extremeLatitudeOfArc(start.y, start.x, end.y, end.x, false));
            west = Math.min(west, Math.min(start.x, end.x));
            east = Math.max(east, Math.max(start.x, end.x));
            crossesAntimeridian |= Math.abs(end.x - start.x) > 180;
        }

        double margin = Math.toDegrees(widthMeters / 2 / GreatCircle.EARTH_RADIUS_METERS) + 1e-9;
        south -= margin;
        north += margin;
        if (south <= -90 || north >= 90) {
            return new Envelope(-180, 180, Math.max(south, -90), Math.min(north, 90));
        }
        double longitudeMargin = margin / Math.cos(Math.toRadians(Math.max(Math.abs(south), Math.abs(north))));
        if (crossesAntimeridian || west - longitudeMargin <= -180 || east + longitudeMargin >= 180) {
            return new Envelope(-180, 180, south, north);
        }
        return new Envelope(west - longitudeMargin, east + longitudeMargin, south, north);
    }

    @Override
    public JsonNode toGeoJson() {
        return GeoJsonFenceWriter.corridor(this);
    }

    private static void requireShortSegment(Coordinate start, Coordinate end, int index) {
        double length = GreatCircle.distanceMeters(start.y, start.x, end.y, end.x);
        if (length > MAX_SEGMENT_METERS) {
            throw new InvalidFenceShapeException("the Corridor's segment from coordinates[" + (index - 1)
                    + "] to coordinates[" + index + "] is " + Math.round(length / 1000)
                    + " km long; segments may be at most 10000 km: add positions in between");
        }
    }
}
