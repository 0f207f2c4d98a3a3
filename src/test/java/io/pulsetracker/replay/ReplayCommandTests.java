package io.pulsetracker.replay;

import static io.pulsetracker.replay.SharedTrackData.track;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulsetracker.replay.RecordingTrackServer.Answer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplayCommandTests {

    private static final String GPX = "gpsbabel/mtk_logger_m241_multiple_tracks.gpx";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private RecordingTrackServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = RecordingTrackServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void replaysTheFirstPointsOfAGpxFileAndPrintsASummary() {
        int exitCode =
                replay("--device-key", "dev-key-1", "--limit", "250", track(GPX).toString());

        assertThat(exitCode).isEqualTo(ReplayCommand.EXIT_ACCEPTED);
        assertThat(server.requests()).hasSize(3);
        assertThat(out.toString())
                .startsWith("read 14263 points (0 skipped while reading), sent 250, accepted 250, rejected 0 in ")
                .endsWith(" fixes/s" + System.lineSeparator());
        assertThat(err.toString()).contains("\rsent 250/250 fixes (100%), accepted 250, rejected 0, ");
    }

    @Test
    void exitsWithOneAndShowsTheRejectedFixes() {
        server.thenAnswer(
                Answer.accepted("{\"accepted\":1,\"rejected\":[{\"index\":1,\"field\":\"lat\",\"value\":\"47.96\","
                        + "\"message\":\"odd\"}]}"));

        int exitCode = replay("--device-key", "k", "--limit", "2", track(GPX).toString());

        assertThat(exitCode).isEqualTo(ReplayCommand.EXIT_REJECTED);
        assertThat(err.toString()).contains("rejected point 1 (2012-11-07T09:11:40.000Z) lat [47.96]: odd");
        assertThat(out.toString()).contains("accepted 1, rejected 1");
    }

    @Test
    void exitsWithTwoAndPrintsTheProblemWhenTheServerRefusesTheKey() {
        server.thenAnswer(Answer.problem(401, "Unauthorized", "Unknown device key"));

        int exitCode = replay("--device-key", "wrong", track(GPX).toString());

        assertThat(exitCode).isEqualTo(ReplayCommand.EXIT_REFUSED);
        assertThat(err.toString()).contains("replay stopped: server answered 401: Unauthorized: Unknown device key");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void sendsUnicsvTimesShiftedByTheUtcOffsetWithTheAppKey() {
        int exitCode = replay(
                "--app-key",
                "app-1",
                "--device-id",
                "bike",
                "--utc-offset",
                "-05:00",
                "--limit",
                "1",
                track("gpsbabel/bike_unicsv.csv").toString());

        assertThat(exitCode).isEqualTo(ReplayCommand.EXIT_ACCEPTED);
        var fix = server.requests().get(0).json().get(0);
        assertThat(fix.get("timestamp").asString()).isEqualTo("2013-04-30T19:23:57.000Z");
        assertThat(fix.get("device_id").asString()).isEqualTo("bike");
    }

    @Test
    void readsAFileWithAnUnknownExtensionWhenTheFormatIsGiven() {
        int exitCode = replay(
                "--device-key",
                "k",
                "--format",
                "nmea",
                "--limit",
                "5",
                track("gpsd/telit-he910.log").toString());

        assertThat(exitCode).isEqualTo(ReplayCommand.EXIT_ACCEPTED);
        assertThat(err.toString()).contains("skipped 37 records while reading");
    }

    @Test
    void onlyReadsTheFileWhenTheLimitIsZero() {
        int exitCode = replay(
                "--device-key",
                "k",
                "--limit",
                "0",
                track("gpsd/haicom-305N.log").toString());

        assertThat(exitCode).isEqualTo(ReplayCommand.EXIT_ACCEPTED);
        assertThat(server.requests()).isEmpty();
        assertThat(out.toString()).startsWith("read 68 points (6 skipped while reading), sent 0, accepted 0");
        assertThat(err.toString()).contains("line 12: RMC status [V]: the receiver had no fix");
    }

    @Test
    void explainsWhichCredentialsAreMissing() {
        int exitCode = replay(track(GPX).toString());

        assertThat(exitCode).isEqualTo(ReplayCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("missing credentials: give --device-key KEY");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void explainsThatAnAppKeyNeedsADeviceId() {
        int exitCode = replay("--app-key", "app-1", track(GPX).toString());

        assertThat(exitCode).isEqualTo(ReplayCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--app-key needs --device-id");
    }

    @Test
    void exitsWithThreeWhenTheFileDoesNotExist() {
        int exitCode = replay("--device-key", "k", "no-such-track.gpx");

        assertThat(exitCode).isEqualTo(ReplayCommand.EXIT_UNAVAILABLE);
        assertThat(err.toString()).contains("cannot read no-such-track.gpx: no such file");
    }

    @Test
    void printsUsageWithOptionsAndExitCodesOnHelp() {
        int exitCode = ReplayCommand.run(new PrintWriter(out), new PrintWriter(err), "--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains(
                        "Usage: replay",
                        "--device-key=KEY",
                        "--app-key=KEY",
                        "--batch-size=N",
                        "--rate=",
                        "--utc-offset=OFFSET",
                        "GPX, NMEA, CSV",
                        "Exit codes:");
    }

    private int replay(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", server.url().toString()));
        all.addAll(List.of(args));
        return ReplayCommand.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    }
}
