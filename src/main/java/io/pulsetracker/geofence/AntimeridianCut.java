package io.pulsetracker.geofence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Makes polygons that cross the antimeridian usable: a ring whose consecutive longitudes jump by more than
 * 180 degrees (179.9 to -179.9) is meant to take the short way, 0.2 degrees east, not 359.8 degrees west.
 *
 * <p>{@link #unwrap} rewrites such a ring with continuous longitudes (179.9, 180.1, ...), beyond ±180 where
 * needed; a ring whose longitudes go all the way round (Antarctica) encircles a pole, and is closed over
 * the pole on the side of the ring's mean latitude. {@link #intoWorld} then cuts a polygon built from
 * unwrapped rings at the meridians ±180 and moves each piece back into [-180, 180], giving a MultiPolygon
 * whose parts end exactly on 180 and -180. Stateless and thread-safe.
 */
final class AntimeridianCut {

    private AntimeridianCut() {}

    /** Returns the ring with continuous longitudes; the same ring when no consecutive step exceeds 180. */
    static Coordinate[] unwrap(Coordinate[] ring) {
        Coordinate[] unwrapped = continuous(ring);
        Coordinate end = unwrapped[unwrapped.length - 1];
        if (end.x == ring[0].x) {
            return unwrapped;
        }
        return overThePole(continuous(startingAtTheJump(ring)));
    }

    /** The ring's positions with a multiple of 360 added to each longitude so that no step exceeds 180. */
    private static Coordinate[] continuous(Coordinate[] ring) {
        List<Coordinate> unwrapped = new ArrayList<>(ring.length);
        unwrapped.add(new Coordinate(ring[0]));
        double shift = 0;
        for (int i = 1; i < ring.length; i++) {
            double step = ring[i].x - ring[i - 1].x;
            if (step > 180) {
                shift -= 360;
            } else if (step < -180) {
                shift += 360;
            }
            unwrapped.add(new Coordinate(ring[i].x + shift, ring[i].y));
        }
        return unwrapped.toArray(Coordinate[]::new);
    }

    /**
     * The same closed ring, starting at the position after its first jump across the antimeridian, so that
     * the ring's two ends lie on either side of ±180 and a closing path along the meridians there meets the
     * ring nowhere else.
     */
    private static Coordinate[] startingAtTheJump(Coordinate[] ring) {
        int open = ring.length - 1;
        int jump = 1;
        while (jump < ring.length && Math.abs(ring[jump].x - ring[jump - 1].x) <= 180) {
            jump++;
        }
        Coordinate[] rotated = new Coordinate[ring.length];
        for (int i = 0; i < open; i++) {
            rotated[i] = ring[(jump + i) % open];
        }
        rotated[open] = rotated[0];
        return rotated;
    }

    /**
     * Closes a continuous ring that went once round the globe by running from its end to the pole on the
     * side of its mean latitude, along that pole's parallel, and back up to its start.
     */
    private static Coordinate[] overThePole(Coordinate[] ring) {
        double meanLatitude = Arrays.stream(ring)
                .mapToDouble(position -> position.y)
                .average()
                .orElse(0);
        double pole = meanLatitude < 0 ? -90 : 90;
        Coordinate start = ring[0];
        Coordinate end = ring[ring.length - 1];
        List<Coordinate> closed = new ArrayList<>(Arrays.asList(ring));
        closed.add(new Coordinate(end.x, pole));
        closed.add(new Coordinate(start.x, pole));
        closed.add(new Coordinate(start));
        return closed.toArray(Coordinate[]::new);
    }

    /**
     * Moves a hole unwrapped on its own by whole turns so that it lies with its shell: its box's centre
     * within 180 degrees of the shell's.
     */
    static Coordinate[] alongside(Coordinate[] hole, Envelope shell) {
        double holeCentre = Arrays.stream(hole)
                .mapToDouble(position -> position.x)
                .average()
                .orElse(0);
        double turns = Math.round((shell.centre().x - holeCentre) / 360);
        if (turns == 0) {
            return hole;
        }
        return Arrays.stream(hole)
                .map(position -> new Coordinate(position.x + turns * 360, position.y))
                .toArray(Coordinate[]::new);
    }

    /** Tells whether the geometry reaches beyond longitude ±180, so that {@link #intoWorld} must cut it. */
    static boolean beyondTheWorld(Geometry geometry) {
        Envelope box = geometry.getEnvelopeInternal();
        return box.getMinX() < -180 || box.getMaxX() > 180;
    }

    /** Cuts a valid polygonal geometry at every meridian ±180 + k·360 and moves the pieces into [-180, 180]. */
    static List<Polygon> intoWorld(Geometry geometry) {
        GeometryFactory factory = geometry.getFactory();
        Envelope box = geometry.getEnvelopeInternal();
        List<Polygon> pieces = new ArrayList<>();
        long firstTurn = (long) Math.floor((box.getMinX() + 180) / 360);
        long lastTurn = (long) Math.floor((box.getMaxX() + 180) / 360);
        for (long turn = firstTurn; turn <= lastTurn; turn++) {
            double west = -180 + 360 * turn;
            Geometry window = factory.toGeometry(new Envelope(west, west + 360, -90, 90));
            Geometry piece = OverlayNGRobust.overlay(geometry, window, OverlayNG.INTERSECTION);
            Geometry moved =
                    AffineTransformation.translationInstance(-360.0 * turn, 0).transform(piece);
            moved.apply((CoordinateFilter) position -> position.x = Math.max(-180, Math.min(180, position.x)));
            moved.geometryChanged();
            PolygonExtracter.getPolygons(moved, pieces);
        }
        pieces.removeIf(Geometry::isEmpty);
        return pieces;
    }
}
