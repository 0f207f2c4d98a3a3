package io.pulsetracker.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pulsetracker.replay.RecordingTrackServer.Answer;
import io.pulsetracker.replay.RecordingTrackServer.Request;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TrackSenderTests {

    private static final DeviceCredentials DEVICE_KEY = new DeviceCredentials.DeviceKey("dev-key-1");

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
    void sendsTheRealTrackInBatchesWithTheDeviceKey() throws Exception {
        ReplaySummary summary = sender(DEVICE_KEY, 100).send(mtkTrack().subList(0, 250));

        List<Request> requests = server.requests();
        assertThat(requests).hasSize(3).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/api/track");
            assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer dev-key-1");
            assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
            assertThat(request.headers().containsKey("X-App-Key")).isFalse();
        });
        assertThat(requests).extracting(request -> request.json().size()).containsExactly(100, 100, 50);

        assertThat(summary.sent()).isEqualTo(250);
        assertThat(summary.accepted()).isEqualTo(250);
        assertThat(summary.allAccepted()).isTrue();
    }

    @Test
    void writesTheRealPointsInFileOrderWithUtcMillisecondTimestamps() throws Exception {
        List<TrackPoint> points = mtkTrack().subList(0, 250);

        sender(DEVICE_KEY, 100).send(points);

        List<Request> requests = server.requests();
        JsonNode first = requests.get(0).json().get(0);
        assertThat(first.get("timestamp").asString()).isEqualTo("2012-11-07T09:11:35.000Z");
        assertThat(first.get("lat").asDouble()).isEqualTo(47.964920044);
        assertThat(first.get("lng").asDouble()).isEqualTo(7.825054169);
        assertThat(first.get("altitude").asDouble()).isEqualTo(72.758);
        assertThat(first.get("speed").asDouble()).isEqualTo(0.85825);
        assertThat(first.has("device_id")).isFalse();
        assertThat(requests.get(2).json().get(49).get("timestamp").asString())
                .isEqualTo(TrackApiJson.TIMESTAMP.format(points.get(249).recordedAt()));
    }

    @Test
    void writesEveryKnownValueUnderTheServersFieldNames() throws Exception {
        TrackPoint point = new TrackPoint(Instant.parse("2012-11-07T09:11:35.5Z"), 47.99, 7.84, 250.0, 1.2, 90.0, 4.0);

        sender(DEVICE_KEY, 100).send(List.of(point));

        JsonNode fix = server.requests().get(0).json().get(0);
        assertThat(fix.propertyNames())
                .containsExactlyInAnyOrder("lat", "lng", "timestamp", "speed", "altitude", "heading", "accuracy");
        assertThat(fix.get("timestamp").asString()).isEqualTo("2012-11-07T09:11:35.500Z");
        assertThat(fix.get("heading").asDouble()).isEqualTo(90.0);
        assertThat(fix.get("accuracy").asDouble()).isEqualTo(4.0);
    }

    @Test
    void leavesUnknownValuesOutOfTheFix() throws Exception {
        sender(DEVICE_KEY, 100).send(List.of(TrackPoint.at(Instant.parse("2019-03-09T00:00:00Z"), -45.8, 170.5)));

        JsonNode fix = server.requests().get(0).json().get(0);
        assertThat(fix.propertyNames()).containsExactlyInAnyOrder("lat", "lng", "timestamp");
        assertThat(fix.get("timestamp").asString()).isEqualTo("2019-03-09T00:00:00.000Z");
    }

    @Test
    void writesTheDeviceIdIntoEveryFixWhenSendingWithAnAppKey() throws Exception {
        DeviceCredentials appKey = new DeviceCredentials.AppKey("app-key-7", "abc123");

        sender(appKey, 2).send(minutePoints(3));

        assertThat(server.requests()).hasSize(2).allSatisfy(request -> {
            assertThat(request.headers().getFirst("X-App-Key")).isEqualTo("app-key-7");
            assertThat(request.headers().containsKey("Authorization")).isFalse();
            assertThat(request.json())
                    .allSatisfy(
                            fix -> assertThat(fix.get("device_id").asString()).isEqualTo("abc123"));
        });
    }

    @Test
    void resendsTheSameBatchAfterTheServerAsksToRetryLater() throws Exception {
        server.thenAnswer(Answer.accepted("{\"accepted\":2}"), Answer.unavailable("1"));

        ReplaySummary summary = sender(DEVICE_KEY, 2).send(minutePoints(4));

        List<Request> requests = server.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(2).body()).isEqualTo(requests.get(1).body());
        assertThat(requests.get(2).receivedAtNanos() - requests.get(1).receivedAtNanos())
                .isGreaterThanOrEqualTo(Duration.ofMillis(950).toNanos());
        assertThat(summary.sent()).isEqualTo(4);
        assertThat(summary.accepted()).isEqualTo(4);
    }

    @Test
    void givesUpAfterThirtyTriesWhenTheServerStaysUnavailable() {
        server.alwaysAnswer(Answer.unavailable("0"));

        assertThatExceptionOfType(ReplayAbortedException.class)
                .isThrownBy(() -> sender(DEVICE_KEY, 10).send(minutePoints(3)))
                .satisfies(e -> assertThat(e.status()).isEqualTo(503))
                .withMessageContaining("30 tries");
        assertThat(server.requests()).hasSize(TrackSender.MAX_TRIES);
    }

    @Test
    void stopsWithTheProblemWhenTheServerRefusesABatch() {
        server.thenAnswer(
                Answer.accepted("{\"accepted\":2}"), Answer.problem(401, "Unauthorized", "Unknown device key"));

        assertThatExceptionOfType(ReplayAbortedException.class)
                .isThrownBy(() -> sender(DEVICE_KEY, 2).send(minutePoints(6)))
                .withMessage("server answered 401: Unauthorized: Unknown device key")
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.acceptedBefore()).isEqualTo(2);
                });
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void listsTheErrorsOfAProblem() {
        String body = "{\"title\":\"Bad Request\",\"detail\":\"2 fixes are invalid\","
                + "\"errors\":[{\"field\":\"lat\",\"message\":\"must be within [-90, 90]\"},\"timestamp missing\"]}";
        server.thenAnswer(new Answer(400, java.util.Map.of(), body));

        assertThatExceptionOfType(ReplayAbortedException.class)
                .isThrownBy(() -> sender(DEVICE_KEY, 2).send(minutePoints(1)))
                .satisfies(e -> assertThat(e.problemErrors())
                        .containsExactly("lat: must be within [-90, 90]", "timestamp missing"));
    }

    @Test
    void countsRejectedFixesAtTheirPositionInTheFile() throws Exception {
        List<TrackPoint> points = minutePoints(6);
        server.thenAnswer(
                Answer.accepted("{\"accepted\":3}"),
                Answer.accepted("{\"accepted\":2,\"rejected\":[{\"index\":1,\"field\":\"lat\",\"value\":\"95.0\","
                        + "\"message\":\"lat must be within [-90, 90], was [95.0]\"}]}"));

        ReplaySummary summary = sender(DEVICE_KEY, 3).send(points);

        assertThat(summary.accepted()).isEqualTo(5);
        assertThat(summary.rejected()).isEqualTo(1);
        assertThat(summary.allAccepted()).isFalse();
        RejectedFix rejected = summary.rejections().get(0);
        assertThat(rejected.pointIndex()).isEqualTo(4);
        assertThat(rejected.point()).isSameAs(points.get(4));
        assertThat(rejected.field()).isEqualTo("lat");
        assertThat(rejected.value()).isEqualTo("95.0");
    }

    @Test
    void keepsTheAverageAtOrBelowTheGivenRate() throws Exception {
        ReplaySettings settings = new ReplaySettings(server.url(), DEVICE_KEY, 5, 20);

        long started = System.nanoTime();
        ReplaySummary summary = new TrackSender(settings).send(minutePoints(10));

        // Measured from the start, not between receipts: a slow first request must not shorten the gap.
        List<Request> requests = server.requests();
        assertThat(requests.get(1).receivedAtNanos() - started)
                .isGreaterThanOrEqualTo(Duration.ofMillis(240).toNanos());
        assertThat(summary.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(240));
    }

    @Test
    void reportsProgressAfterEveryAnsweredBatch() throws Exception {
        List<ReplayProgress> reports = new ArrayList<>();

        sender(DEVICE_KEY, 4).send(minutePoints(10), reports::add);

        assertThat(reports).extracting(ReplayProgress::sent).containsExactly(4, 8, 10);
        assertThat(reports).extracting(ReplayProgress::total).containsOnly(10);
        assertThat(reports.get(2).percent()).isEqualTo(100);
        assertThat(ProgressLine.describe(reports.get(0))).startsWith("sent 4/10 fixes (40%), accepted 4, rejected 0, ");
    }

    @Test
    void failsWithoutStatusWhenNothingListensOnThePort() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        ReplaySettings settings = new ReplaySettings(URI.create("http://127.0.0.1:" + closedPort), DEVICE_KEY, 10, 0);

        assertThatExceptionOfType(ReplayAbortedException.class)
                .isThrownBy(() -> new TrackSender(settings).send(minutePoints(1)))
                .withMessageStartingWith("cannot reach http://127.0.0.1:" + closedPort + "/api/track")
                .satisfies(e -> assertThat(e.status()).isZero());
    }

    private TrackSender sender(DeviceCredentials credentials, int batchSize) {
        return new TrackSender(new ReplaySettings(server.url(), credentials, batchSize, 0));
    }

    private static List<TrackPoint> mtkTrack() throws IOException {
        return TrackFormat.GPX
                .reader(ZoneOffset.UTC)
                .read(SharedTrackData.track("gpsbabel/mtk_logger_m241_multiple_tracks.gpx"))
                .points();
    }

    private static List<TrackPoint> minutePoints(int count) {
        List<TrackPoint> points = new ArrayList<>();
        Instant start = Instant.parse("2024-05-01T12:00:00Z");
        for (int i = 0; i < count; i++) {
            points.add(TrackPoint.at(start.plusSeconds(60L * i), 48.0 + i / 1000.0, 7.8));
        }
        return points;
    }
}
