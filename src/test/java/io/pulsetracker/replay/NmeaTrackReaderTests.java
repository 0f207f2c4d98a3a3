package io.pulsetracker.replay;

import static io.pulsetracker.replay.SharedTrackData.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NmeaTrackReaderTests {

    private final TrackReader reader = new NmeaTrackReader();

    @TempDir
    Path folder;

    @Test
    void backFillsTheDateOfGgaFixesFromTheZdaAtTheEndAcrossMidnight() throws IOException {
        TrackReading reading = reader.read(track("gpsbabel/backfilldate.nmea"));

        List<TrackPoint> points = reading.points();
        assertThat(points).hasSize(500);
        assertThat(reading.skipped()).isZero();

        TrackPoint first = points.get(0);
        assertThat(first.recordedAt()).isEqualTo(Instant.parse("2019-03-08T23:56:00Z"));
        assertThat(first.latitude()).isCloseTo(50 + 13.476 / 60, within(1e-9));
        assertThat(first.longitude()).isCloseTo(17 + 10.477 / 60, within(1e-9));
        assertThat(first.altitudeMeters()).isEqualTo(468.77);
        assertThat(points.get(499).recordedAt()).isEqualTo(Instant.parse("2019-03-09T00:04:19Z"));

        assertThat(points).extracting(TrackPoint::recordedAt).isSorted();
        assertThat(points)
                .filteredOn(point -> dateOf(point).equals(LocalDate.of(2019, 3, 8)))
                .hasSize(240);
        assertThat(points)
                .filteredOn(point -> dateOf(point).equals(LocalDate.of(2019, 3, 9)))
                .hasSize(260);
    }

    @Test
    void makesOnePointPerEpochOutOfRmcGgaAndZda() throws IOException {
        TrackReading reading = reader.read(track("gpsbabel/nmea-2004-08-07.nmea"));

        assertThat(reading.points()).hasSize(154);
        TrackPoint first = reading.points().get(0);
        assertThat(first.recordedAt()).isEqualTo(Instant.parse("2004-08-07T03:29:08.379Z"));
        assertThat(first.latitude()).isCloseTo(42 + 31.8291 / 60, within(1e-9));
        assertThat(first.longitude()).isCloseTo(-(88 + 7.3033 / 60), within(1e-9));
        assertThat(first.speedMetersPerSecond()).isCloseTo(0.17 * 1852 / 3600, within(1e-9));
        assertThat(first.headingDegrees()).isEqualTo(138.92);
        assertThat(first.altitudeMeters()).isEqualTo(209.8);
    }

    @Test
    void mergesTheGgaOfSeveralTalkersWithTheGnssRmcOfTheSameEpoch() throws IOException {
        TrackReading reading = reader.read(track("gpsd/sirfstarv-nmea.log"));

        assertThat(reading.points()).hasSize(59);
        assertThat(reading.points().get(0).recordedAt()).isEqualTo(Instant.parse("2019-02-05T02:09:35Z"));
        assertThat(reading.points().get(58).recordedAt()).isEqualTo(Instant.parse("2019-02-05T02:10:33Z"));
    }

    @Test
    void skipsCommentLinesAndReadsCrlfFilesInTheSouthernAndEasternHemispheres() throws IOException {
        TrackReading reading = reader.read(track("gpsd/ublox-zed-f9p-nmea.log"));

        assertThat(reading.points()).hasSize(29);
        assertThat(reading.skipped()).isZero();
        TrackPoint first = reading.points().get(0);
        assertThat(first.recordedAt()).isEqualTo(Instant.parse("2019-04-12T00:39:56Z"));
        assertThat(first.latitude()).isCloseTo(-45.8776, within(1e-4));
        assertThat(first.longitude()).isCloseTo(170.5001, within(1e-4));
    }

    @Test
    void skipsAndCountsEpochsWithoutAFix() throws IOException {
        TrackReading haicom = reader.read(track("gpsd/haicom-305N.log"));
        TrackReading telit = reader.read(track("gpsd/telit-he910.log"));

        assertThat(haicom.points()).hasSize(68);
        assertThat(haicom.skipped()).isEqualTo(6);
        assertThat(haicom.skipNotes().get(0)).isEqualTo("line 12: RMC status [V]: the receiver had no fix");
        assertThat(telit.points()).hasSize(187);
        assertThat(telit.skipped()).isEqualTo(37);
        assertThat(telit.points().get(0).recordedAt()).isEqualTo(Instant.parse("2019-03-12T10:51:53.710Z"));
    }

    @Test
    void skipsASentenceWhoseChecksumDoesNotMatch() throws IOException {
        List<String> lines = Files.readAllLines(track("gpsbabel/backfilldate.nmea"));
        String original = lines.get(2);
        lines.set(2, original.replace("5013.476,N", "5013.976,N"));
        Path corrupted = Files.write(folder.resolve("corrupted.nmea"), lines);

        TrackReading reading = reader.read(corrupted);

        assertThat(original).startsWith("$GPGGA,235602.000,5013.476,N");
        assertThat(reading.points()).hasSize(499);
        assertThat(reading.points())
                .extracting(TrackPoint::recordedAt)
                .doesNotContain(Instant.parse("2019-03-08T23:56:02Z"));
        assertThat(reading.skipped()).isEqualTo(1);
        assertThat(reading.skipNotes().get(0)).startsWith("line 3: checksum mismatch: sentence says 6D");
    }

    @Test
    void keepsAnEpochFromItsGgaWhenItsRmcIsCorrupted() throws IOException {
        List<String> lines = Files.readAllLines(track("gpsbabel/nmea-2004-08-07.nmea"));
        int rmcLine = lines.indexOf("$GPRMC,032908.379,A,4231.8291,N,08807.3033,W,0.17,138.92,070804,,*12");
        lines.set(rmcLine, lines.get(rmcLine).replace("*12", "*13"));
        Path corrupted = Files.write(folder.resolve("corrupted.nmea"), lines);

        TrackReading reading = reader.read(corrupted);

        assertThat(reading.points()).hasSize(154);
        assertThat(reading.skipped()).isEqualTo(1);
        TrackPoint first = reading.points().get(0);
        assertThat(first.altitudeMeters()).isEqualTo(209.8);
        assertThat(first.speedMetersPerSecond()).isNull();
    }

    @Test
    void skipsGgaFixesWhenTheFileNeverGivesADate() throws IOException {
        List<String> lines =
                Files.readAllLines(track("gpsbabel/backfilldate.nmea")).subList(0, 3);
        Path undated = Files.write(folder.resolve("undated.nmea"), lines);

        TrackReading reading = reader.read(undated);

        assertThat(reading.points()).isEmpty();
        assertThat(reading.skipped()).isEqualTo(3);
        assertThat(reading.skipNotes().get(0)).contains("no date");
    }

    private static LocalDate dateOf(TrackPoint point) {
        return LocalDate.ofInstant(point.recordedAt(), ZoneOffset.UTC);
    }
}
