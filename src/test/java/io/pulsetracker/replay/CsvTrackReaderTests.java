package io.pulsetracker.replay;

import static io.pulsetracker.replay.SharedTrackData.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTrackReaderTests {

    private final TrackReader utcReader = new CsvTrackReader(ZoneOffset.UTC);

    @TempDir
    Path folder;

    @Test
    void readsTheFixLinesOfBothGnssLoggerRecordings() throws IOException {
        TrackReading june = utcReader.read(track("android-gnsslogger/pseudoranges_log_2016_06_30_21_26_07-fix.csv"));
        TrackReading august = utcReader.read(track("android-gnsslogger/pseudoranges_log_2016_08_22_14_45_50-fix.csv"));

        assertThat(june.points()).hasSize(216);
        assertThat(june.skipped()).isZero();
        assertThat(august.points()).hasSize(207);

        TrackPoint first = june.points().get(0);
        assertThat(first.recordedAt()).isEqualTo(Instant.parse("2016-06-30T21:26:09Z"));
        assertThat(first.latitude()).isEqualTo(37.422541);
        assertThat(first.longitude()).isEqualTo(-122.081659);
        assertThat(first.altitudeMeters()).isEqualTo(-33.0);
        assertThat(first.speedMetersPerSecond()).isEqualTo(0.0);
        assertThat(first.accuracyMeters()).isEqualTo(3.0);
        assertThat(june.points().get(215).recordedAt()).isEqualTo(Instant.parse("2016-06-30T21:29:51Z"));
        assertThat(august.points().get(0).recordedAt()).isEqualTo(Instant.parse("2016-08-22T21:45:55.999Z"));
    }

    @Test
    void readsUnicsvLocalTimesOnTheGivenOffset() throws IOException {
        TrackReading reading = new CsvTrackReader(ZoneOffset.of("-05:00")).read(track("gpsbabel/bike_unicsv.csv"));

        assertThat(reading.points()).hasSize(1_812);
        assertThat(reading.skipped()).isZero();
        TrackPoint first = reading.points().get(0);
        assertThat(first.recordedAt()).isEqualTo(Instant.parse("2013-04-30T19:23:57Z"));
        assertThat(first.latitude()).isEqualTo(40.781704);
        assertThat(first.longitude()).isEqualTo(-73.960901);
        assertThat(first.altitudeMeters()).isEqualTo(58.2);
        assertThat(reading.points().get(1_811).recordedAt()).isEqualTo(Instant.parse("2013-04-30T19:54:11Z"));
    }

    @Test
    void readsUnicsvTimesAsUtcByDefault() throws IOException {
        TrackReading reading = utcReader.read(track("gpsbabel/bike_unicsv.csv"));

        assertThat(reading.points().get(0).recordedAt()).isEqualTo(Instant.parse("2013-04-30T14:23:57Z"));
    }

    @Test
    void refusesACsvLayoutItDoesNotKnow() {
        assertThatIOException()
                .isThrownBy(() -> utcReader.read(track("gpsbabel/mtk_logger_m241.csv")))
                .withMessageContaining("unrecognised CSV header [INDEX, RCR, DATE, TIME");
    }

    @Test
    void skipsMalformedRowsAndKeepsTheOthers() throws IOException {
        Path file = Files.writeString(
                folder.resolve("track.csv"),
                """
                No,Latitude,Longitude,Altitude,Speed,Date,Time
                1,40.781704,-73.960901,58.2,0.00,2013/04/30,14:23:57
                2,not-a-latitude,-73.960900,58.2,0.00,2013/04/30,14:23:58
                3,40.781705,-73.960900,,,2013/04/30,14:23:59

                4,40.781706,-73.960900,58.2,0.00,2013/04/31,14:24:00
                """);

        TrackReading reading = utcReader.read(file);

        assertThat(reading.points()).hasSize(2);
        assertThat(reading.points().get(1).altitudeMeters()).isNull();
        assertThat(reading.skipped()).isEqualTo(2);
        assertThat(reading.skipNotes().get(0)).isEqualTo("line 3: latitude is not a number: [not-a-latitude]");
        assertThat(reading.skipNotes().get(1)).startsWith("line 6: ");
    }

    @Test
    void splitsQuotedFieldsThatContainCommas() {
        assertThat(CsvTrackReader.fields("1,\"Central Park, NY\",\"say \"\"hi\"\"\",,x"))
                .containsExactly("1", "Central Park, NY", "say \"hi\"", "", "x");
    }
}
