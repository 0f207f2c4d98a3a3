package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class GreatCircleTests {

    private static final double ONE_DEGREE_METERS = GreatCircle.EARTH_RADIUS_METERS * Math.PI / 180;

    @Test
    void measuresNothingBetweenAPointAndItself() {
        assertThat(GreatCircle.distanceMeters(48.2, 16.37, 48.2, 16.37)).isZero();
    }

    @Test
    void measuresOneDegreeOfLatitudeAsOneDegreeOfArc() {
        assertThat(GreatCircle.distanceMeters(10, 20, 11, 20)).isCloseTo(ONE_DEGREE_METERS, within(1e-6));
    }

    @Test
    void measuresTheShortWayAcrossTheAntimeridian() {
        assertThat(GreatCircle.distanceMeters(0, 179.5, 0, -179.5)).isCloseTo(ONE_DEGREE_METERS, within(1e-6));
    }

    @Test
    void measuresHalfTheEarthFromPoleToPole() {
        double halfCircumference = Math.PI * GreatCircle.EARTH_RADIUS_METERS;

        assertThat(GreatCircle.distanceMeters(90, 0, -90, 0)).isCloseTo(halfCircumference, within(1e-6));
    }

    @Test
    void measuresViennaToBerlinAtAboutFiveHundredTwentyKilometres() {
        double meters = GreatCircle.distanceMeters(48.2082, 16.3738, 52.5200, 13.4050);

        assertThat(meters).isCloseTo(523_000, within(2_000.0));
    }

    @Test
    void circleEnvelopeContainsEveryPointOfTheCircle() {
        double[] latitudes = {0, 30, -45, 60, 80, -85, 89.5};
        double[] radii = {1, 100, 10_000, 250_000, 1_000_000};
        for (double latitude : latitudes) {
            for (double radius : radii) {
                assertEnvelopeContainsBoundary(new CircleShape(13.4, latitude, radius));
            }
        }
    }

    @Test
    void circleEnvelopeSpansAllLongitudesWhenTheCircleReachesAPoleOrTheAntimeridian() {
        Envelope polar = new CircleShape(0, 89.99, 5_000).envelope();
        Envelope antimeridian = new CircleShape(179.99, 0, 5_000).envelope();

        assertThat(polar.getMinX()).isEqualTo(-180);
        assertThat(polar.getMaxY()).isEqualTo(90);
        assertThat(antimeridian.getMinX()).isEqualTo(-180);
        assertThat(antimeridian.getMaxX()).isEqualTo(180);
    }

    private static void assertEnvelopeContainsBoundary(CircleShape circle) {
        Envelope envelope = circle.envelope();
        for (int bearing = 0; bearing < 360; bearing++) {
            double[] point = destination(circle, Math.toRadians(bearing));

            assertThat(envelope.covers(point[1], point[0]))
                    .as("%s at bearing %d reaches %s outside %s", circle, bearing, Arrays.toString(point), envelope)
                    .isTrue();
        }
    }

    /**
     * Returns {latitude, longitude} at the circle's radius from its centre, along the given bearing,
     * longitude wrapped into [-180, 180).
     */
    private static double[] destination(CircleShape circle, double bearing) {
        double angle = circle.radiusMeters() / GreatCircle.EARTH_RADIUS_METERS;
        double latitude = Math.toRadians(circle.centerLatitude());
        double sinLatitude =
                Math.sin(latitude) * Math.cos(angle) + Math.cos(latitude) * Math.sin(angle) * Math.cos(bearing);
        double targetLatitude = Math.asin(sinLatitude);
        double longitudeDelta = Math.atan2(
                Math.sin(bearing) * Math.sin(angle) * Math.cos(latitude),
                Math.cos(angle) - Math.sin(latitude) * sinLatitude);
        double longitude = circle.centerLongitude() + Math.toDegrees(longitudeDelta);
        double wrappedLongitude = (longitude + 540) % 360 - 180;
        return new double[] {Math.toDegrees(targetLatitude), wrappedLongitude};
    }
}
