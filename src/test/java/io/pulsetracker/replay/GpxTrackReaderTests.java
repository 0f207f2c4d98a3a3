package io.pulsetracker.replay;

import static io.pulsetracker.replay.SharedTrackData.track;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpxTrackReaderTests {

    private final TrackReader reader = new GpxTrackReader(ZoneOffset.UTC);

    @TempDir
    Path folder;

    @Test
    void readsEveryTrackPointOfTheSixTracksOfTheHoluxLog() throws IOException {
        TrackReading reading = reader.read(track("gpsbabel/mtk_logger_m241_multiple_tracks.gpx"));

        List<TrackPoint> points = reading.points();
        assertThat(points).hasSize(14_263);
        assertThat(reading.skipped()).isZero();

        TrackPoint first = points.get(0);
        assertThat(first.recordedAt()).isEqualTo(Instant.parse("2012-11-07T09:11:35Z"));
        assertThat(first.latitude()).isEqualTo(47.964920044);
        assertThat(first.longitude()).isEqualTo(7.825054169);
        assertThat(first.altitudeMeters()).isEqualTo(72.758);
        assertThat(first.speedMetersPerSecond()).isEqualTo(0.85825);
        assertThat(first.headingDegrees()).isNull();

        TrackPoint last = points.get(points.size() - 1);
        assertThat(last.recordedAt()).isEqualTo(Instant.parse("2015-04-07T17:36:36Z"));
        assertThat(last.latitude()).isEqualTo(48.950790405);
        assertThat(last.longitude()).isEqualTo(8.856036186);
    }

    @Test
    void readsTheOtherLoggersAndIgnoresWaypoints() throws IOException {
        TrackReading dg100 = reader.read(track("gpsbabel/dg100.gpx"));
        TrackReading edge800 = reader.read(track("gpsbabel/garmin-edge-800-output.gpx"));

        assertThat(dg100.points()).hasSize(12_027);
        assertThat(dg100.points().get(12_026).recordedAt()).isEqualTo(Instant.parse("2020-05-08T15:34:22Z"));
        assertThat(edge800.points()).hasSize(1_286);
        assertThat(edge800.points().get(0).recordedAt()).isEqualTo(Instant.parse("2012-04-12T12:53:58Z"));
    }

    @Test
    void skipsPointsWithoutTimeOrWithInvalidCoordinatesAndCountsThem() throws IOException {
        Path file = gpx11(
                """
                <trk><trkseg>
                  <trkpt lat="47.1" lon="7.1"><ele>300</ele></trkpt>
                  <trkpt lat="95.0" lon="7.1"><time>2024-05-01T12:00:01Z</time></trkpt>
                  <trkpt lat="47.1" lon="east"><time>2024-05-01T12:00:02Z</time></trkpt>
                  <trkpt lat="47.1" lon="7.1"><time>2024-05-01T12:00:03Z</time></trkpt>
                </trkseg></trk>""");

        TrackReading reading = reader.read(file);

        assertThat(reading.points())
                .extracting(TrackPoint::recordedAt)
                .containsExactly(Instant.parse("2024-05-01T12:00:03Z"));
        assertThat(reading.skipped()).isEqualTo(3);
        assertThat(reading.skipNotes())
                .containsExactly(
                        "line 3: point has no <time>",
                        "line 4: latitude must be within [-90, 90], was [95.0]",
                        "line 5: lon is not a number: [east]");
    }

    @Test
    void readsRoutePointsOnlyWhenTheFileHasNoTrackPoints() throws IOException {
        String route =
                """
                <rte>
                  <rtept lat="47.1" lon="7.1"><time>2024-05-01T12:00:00Z</time></rtept>
                  <rtept lat="47.2" lon="7.2"><time>2024-05-01T12:01:00Z</time></rtept>
                </rte>""";
        String track =
                "<trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>2024-05-01T13:00:00Z</time></trkpt>" + "</trkseg></trk>";

        assertThat(reader.read(gpx11(route)).points())
                .extracting(TrackPoint::latitude)
                .containsExactly(47.1, 47.2);
        assertThat(reader.read(gpx11(route + track)).points())
                .extracting(TrackPoint::latitude)
                .containsExactly(1.0);
    }

    @Test
    void takesSpeedAndCourseFromGarminExtensionsAndReadsZonelessTimesOnTheFileClock() throws IOException {
        Path file = gpx11(
                """
                <trk><trkseg><trkpt lat="40.78" lon="-73.96">
                  <time>2013-04-30T14:23:57</time>
                  <extensions><gpxtpx:TrackPointExtension
                      xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2">
                    <gpxtpx:speed>3.5</gpxtpx:speed><gpxtpx:course>271.0</gpxtpx:course>
                  </gpxtpx:TrackPointExtension></extensions>
                </trkpt></trkseg></trk>""");

        TrackPoint point =
                new GpxTrackReader(ZoneOffset.ofHours(-5)).read(file).points().get(0);

        assertThat(point.recordedAt()).isEqualTo(Instant.parse("2013-04-30T19:23:57Z"));
        assertThat(point.speedMetersPerSecond()).isEqualTo(3.5);
        assertThat(point.headingDegrees()).isEqualTo(271.0);
    }

    @Test
    void keepsThePointsBeforeTheFileBreaksOff() throws IOException {
        Path file = folder.resolve("cut.gpx");
        Files.writeString(
                file,
                """
                <gpx version="1.0"><trk><trkseg>
                <trkpt lat="47.1" lon="7.1"><time>2024-05-01T12:00:00Z</time></trkpt>
                <trkpt lat="47.2" lon="7.2"><time>2024-05-01T12:""");

        TrackReading reading = reader.read(file);

        assertThat(reading.points()).hasSize(1);
        assertThat(reading.skipped()).isEqualTo(1);
        assertThat(reading.skipNotes().get(0)).contains("malformed XML, reading stopped here");
    }

    private Path gpx11(String body) throws IOException {
        Path file = folder.resolve("track.gpx");
        Files.writeString(
                file, "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n" + body + "\n</gpx>\n");
        return file;
    }
}
