package io.pulsetracker.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.DeviceSocket;
import io.pulsetracker.support.DeviceWebSocket;
import io.pulsetracker.support.TestFleet;
import io.pulsetracker.support.TestServices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The TCP door against real sockets and hostile input, and the WebSocket door under the same limits. Limits
 * are small so that the suite stays fast: lines of 2 KiB, 3 s idle timeout, 20 connections per address,
 * closing at the 5th bad line.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pulsetracker.admin-token=tcp-door-admin",
            "pulsetracker.ingest.max-line-length=2KB",
            "pulsetracker.ingest.idle-timeout=3s",
            "pulsetracker.ingest.max-connections-per-address=20",
            "pulsetracker.ingest.max-bad-frames=5",
            "server.netty.idle-timeout=3s"
        })
class TcpDoorIntegrationTests {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, TcpDoorIntegrationTests.class);
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    DevicePorts ports;

    @Autowired
    MeterRegistry meters;

    TestFleet fleet;
    String deviceKey;

    @BeforeEach
    void createDevice() {
        fleet = new TestFleet(new ApiClient(httpPort), "tcp-door-admin", "tcp fleet");
        deviceKey = fleet.device("tracker");
    }

    @Test
    void storesTwoFixesSentInOneSegmentEachOnceAndAcksThemInOrder() {
        try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort())) {
            device.send("{\"auth\":\"" + deviceKey + "\",\"ack\":true}\n"
                    + "{\"lat\":1,\"lng\":1,\"timestamp\":1710000000}\n"
                    + "{\"lat\":2,\"lng\":2,\"timestamp\":1710000001}\n");

            assertThat(device.reply().toString()).isEqualTo("{\"ok\":true,\"seq\":1,\"auth\":\"device\"}");
            assertThat(device.reply().toString()).isEqualTo("{\"ok\":true,\"seq\":2}");
            assertThat(device.reply().toString()).isEqualTo("{\"ok\":true,\"seq\":3}");
        }
        fleet.assertStoredOnce(deviceKey, 2);
        assertThat(meters.counter("pulsetracker.ingest.accepted", "protocol", "tcp")
                        .count())
                .isGreaterThanOrEqualTo(2);
        assertThat(fleet.locations(deviceKey).get(0).get("protocol").asString()).isEqualTo("tcp");
    }

    @Test
    void answersEveryLineOfADeviceThatShutsItsSideRightAfterSendingThenCloses() {
        try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort())) {
            device.send("{\"auth\":\"" + deviceKey + "\",\"ack\":true}\n"
                            + "{\"lat\":1,\"lng\":1,\"timestamp\":1710000100}\n"
                            + "{\"lat\":2,\"lng\":2,\"timestamp\":1710000101}")
                    .shutdownOutput();

            assertThat(device.reply().get("auth").asString()).isEqualTo("device");
            assertThat(device.reply().toString()).isEqualTo("{\"ok\":true,\"seq\":2}");
            assertThat(device.reply().toString())
                    .as("the last line needs no line end")
                    .isEqualTo("{\"ok\":true,\"seq\":3}");
            assertThat(device.closedByServer()).isTrue();
        }
        fleet.assertStoredOnce(deviceKey, 2);
    }

    @Test
    void readsAFixSplitAcrossSegmentsSecondsApartOnce() throws InterruptedException {
        try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort())) {
            device.send("{\"key\":\"" + deviceKey + "\",\"ack\":true,\"lat\":36.7");
            Thread.sleep(2_000);
            device.send("5,\"lng\":3.06,\"timestamp\":1710000000}\n");

            assertThat(device.reply().get("ok").asBoolean()).isTrue();
        }
        fleet.assertStoredOnce(deviceKey, 1);
        assertThat(fleet.locations(deviceKey).get(0).get("lat").asDouble()).isEqualTo(36.75);
    }

    @Test
    void decodesACharacterSplitBetweenSegmentsWhole() throws InterruptedException {
        String fix = "{\"key\":\"" + deviceKey + "\",\"ack\":true,\"lat\":1,\"lng\":1,\"timestamp\":1710000000,"
                + "\"attributes\":{\"city\":\"Łódź\"}}\n";
        byte[] line = fix.getBytes(StandardCharsets.UTF_8);
        int split = indexOf(line, (byte) 0xC5) + 1;

        try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort())) {
            device.send(Arrays.copyOfRange(line, 0, split));
            Thread.sleep(500);
            device.send(Arrays.copyOfRange(line, split, line.length));

            assertThat(device.reply().get("ok").asBoolean()).isTrue();
        }
        JsonNode stored = fleet.awaitLocations(deviceKey, 1).get(0);
        assertThat(stored.get("attributes").get("city").asString()).isEqualTo("Łódź");
    }

    @Test
    void answersALineOverTheLimitAndKeepsReadingTheNextLines() {
        try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort())) {
            device.send("{\"lat\":\"" + "9".repeat(3_330) + "\"");

            JsonNode tooLong = device.reply();
            assertThat(tooLong.get("error").asString()).isEqualTo("the line is longer than 2048 bytes and was dropped");
            assertThat(tooLong.get("seq").asInt()).isEqualTo(1);

            device.send("}\n{\"key\":\"" + deviceKey + "\",\"ack\":true,\"lat\":1,\"lng\":1}\n");
            assertThat(device.reply().get("ok").asBoolean()).isTrue();
        }
    }

    @Test
    void closesAConnectionAfterRepeatedProbesAndGarbageWhileOtherDevicesGoOn() {
        try (DeviceSocket prober = DeviceSocket.connect(ports.tcpPort());
                DeviceSocket device = DeviceSocket.connect(ports.tcpPort())) {
            prober.send("\r\n\r\n");
            assertThat(prober.reply().get("error").asString()).isEqualTo("the line is blank: send one JSON fix");
            assertThat(prober.reply().get("seq").asInt()).isEqualTo(2);

            prober.send(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28, '\n'});
            assertThat(prober.reply().get("error").asString()).isEqualTo("the line is not valid UTF-8 text: send JSON");

            prober.send("GET / HTTP/1.1\r\nHost: pulsetracker\r\n");
            assertThat(prober.reply().get("error").asString()).startsWith("the line is not valid JSON");
            JsonNode last = prober.reply();
            assertThat(last.get("close").asString()).isEqualTo("too many bad lines (5): closing the connection");
            assertThat(prober.closedByServer()).isTrue();

            device.send("{\"key\":\"" + deviceKey + "\",\"ack\":true,\"lat\":1,\"lng\":1}\n");
            assertThat(device.reply().get("ok").asBoolean()).isTrue();
        }
        assertThat(meters.counter("pulsetracker.ingest.closed", "protocol", "tcp", "reason", "abuse")
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void closesAClientSendingOneByteAtATimeWhileAValidDeviceKeepsItsLatency() throws Exception {
        CompletableFuture<Long> closedAfter = CompletableFuture.supplyAsync(this::trickleUntilClosed);
        try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort())) {
            device.send("{\"auth\":\"" + deviceKey + "\",\"ack\":true}\n").reply();
            for (int second = 0; second < 4; second++) {
                device.send("{\"lat\":1,\"lng\":1,\"timestamp\":" + (1710000000 + second) + "}\n");
                assertThat(device.reply().get("ok").asBoolean()).isTrue();
                Thread.sleep(1_000);
            }
        }
        // Closed for idling (3 s), not earlier: the trickled bytes never made a line.
        assertThat(closedAfter.get(15, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(2_500L);
    }

    @Test
    void closesAnIdleDeviceThatNeverReadsItsRepliesWhileOthersAreServed() throws Exception {
        byte[] rejected = "{\"lat\":666,\"lng\":1,\"device_id\":\"x\"}\n"
                .repeat(100)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // Its replies fill the socket, so the server stops reading; the idle timeout must still close it,
        // although the goodbye line can never be written (that write used to keep it open for ever).
        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> sendUntilClosed(rejected));

        assertThat(closed.get(30, TimeUnit.SECONDS)).isTrue();
        try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort())) {
            device.send("{\"key\":\"" + deviceKey + "\",\"ack\":true,\"lat\":1,\"lng\":1}\n");
            assertThat(device.reply().get("ok").asBoolean()).isTrue();
        }
    }

    private boolean sendUntilClosed(byte[] burst) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.setReceiveBufferSize(4_096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", ports.tcpPort()));
            for (long sent = 0; sent < 400L * 1024 * 1024; sent += burst.length) {
                socket.getOutputStream().write(burst);
            }
            return false;
        } catch (java.io.IOException closedByServer) {
            return true;
        }
    }

    @Test
    void capsTheConnectionsOfOneAddressAndServesOtherAddresses() {
        List<DeviceSocket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1_000; i++) {
                idle.add(DeviceSocket.connect(ports.tcpPort(), "127.0.0.3"));
            }
            JsonNode refused = idle.get(999).reply();
            assertThat(refused.get("error").asString()).isEqualTo("more than 20 open connections from 127.0.0.3");
            assertThat(idle.get(999).closedByServer()).isTrue();

            try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort(), "127.0.0.4")) {
                device.send("{\"key\":\"" + deviceKey + "\",\"ack\":true,\"lat\":1,\"lng\":1}\n");
                assertThat(device.reply().get("ok").asBoolean()).isTrue();
            }
            // The refused connections are counted as each one closes, which may still be going on.
            assertThat(eventually(() -> meters.counter(
                                    "pulsetracker.ingest.closed", "protocol", "tcp", "reason", "address-cap")
                            .count()))
                    .isEqualTo(980);
        } finally {
            idle.forEach(DeviceSocket::close);
        }
    }

    @Test
    void closesAnIdleWebSocketWithAReasonAfterTheIdleTimeout() {
        long start = System.nanoTime();
        try (DeviceWebSocket device =
                DeviceWebSocket.connect("ws://127.0.0.1:" + ports.websocketPort() + "/?key=" + deviceKey)) {
            assertThat(device.reply().get("auth").asString()).isEqualTo("device");

            assertThat(device.reply().get("close").asString()).isEqualTo("idle timeout");
            assertThat(device.closeStatus()).isEqualTo(1008);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(2_500L);
    }

    @Test
    void capsTheWebSocketConnectionsOfOneAddressOnBothWebSocketServers() {
        List<DeviceWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                String uri = i % 2 == 0
                        ? "ws://127.0.0.1:" + ports.websocketPort() + "/"
                        : "ws://127.0.0.1:" + httpPort + "/ws/track";
                open.add(DeviceWebSocket.connect(uri));
            }
            try (DeviceWebSocket refused = DeviceWebSocket.connect("ws://127.0.0.1:" + httpPort + "/ws/track")) {
                assertThat(refused.reply().get("error").asString())
                        .isEqualTo("more than 20 open connections from 127.0.0.1");
                assertThat(refused.closeStatus()).isEqualTo(1008);
            }
        } finally {
            open.forEach(DeviceWebSocket::close);
        }
    }

    @Test
    void capsAndClosesConnectionsToTheWebSocketPortThatNeverFinishTheirHandshake() {
        double refusedBefore = meters.counter(
                        "pulsetracker.ingest.closed", "protocol", "websocket", "reason", "address-cap")
                .count();
        List<DeviceSocket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) {
                DeviceSocket socket = DeviceSocket.connect(ports.websocketPort(), "127.0.0.6");
                slow.add(socket.send("GET /?key=x HTTP/1.1\r\nHost: a\r\n"));
            }
            // The server may accept the 25 connections in another order: any 5 of them are refused.
            assertThat(eventually(() -> meters.counter(
                                    "pulsetracker.ingest.closed", "protocol", "websocket", "reason", "address-cap")
                            .count()))
                    .isEqualTo(refusedBefore + 5);
            assertThat(meters.get("pulsetracker.ingest.connections")
                            .tag("protocol", "websocket")
                            .gauge()
                            .value())
                    .isGreaterThanOrEqualTo(20);

            for (DeviceSocket socket : slow) {
                assertThat(socket.closedByServer())
                        .as("refused, or not upgraded within the idle timeout")
                        .isTrue();
            }
        } finally {
            slow.forEach(DeviceSocket::close);
        }
        assertThat(meters.counter("pulsetracker.ingest.closed", "protocol", "websocket", "reason", "idle")
                        .count())
                .isGreaterThanOrEqualTo(20);
    }

    @Test
    void closesAConnectionToTheHttpPortThatNeverFinishesItsRequestHeaders() {
        try (DeviceSocket slow = DeviceSocket.connect(httpPort, "127.0.0.7")) {
            slow.send("GET /ws/track HTTP/1.1\r\nHost: a\r\n");

            assertThat(slow.closedByServer()).isTrue();
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void logsAndAnswersKeysMaskedToTheirFirstFourCharacters(CapturedOutput output) {
        String unknownKey = "zz" + deviceKey;
        try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort(), "127.0.0.21");
                DeviceSocket guesser = DeviceSocket.connect(ports.tcpPort(), "127.0.0.22")) {
            device.send("{\"auth\":\"" + deviceKey + "\"}\n{\"lat\":666,\"lng\":1}\n");
            assertThat(device.reply().get("error").asString()).startsWith("lat must be within");

            guesser.send("{\"key\":\"" + unknownKey + "\",\"lat\":1,\"lng\":1}\n");
            JsonNode refused = guesser.reply();
            assertThat(refused.get("error").asString())
                    .isEqualTo("key is not a known device key, was [\"" + unknownKey.substring(0, 4) + "…\"]");
            assertThat(refused.toString()).doesNotContain(unknownKey);
        }
        assertThat(output.getAll())
                .contains("(device " + deviceKey.substring(0, 4) + "…)")
                .contains("(device zz" + deviceKey.substring(0, 2) + "…)")
                .doesNotContain(deviceKey);
    }

    @Test
    void keepsReactorNettysUnlimitedWarningsAboutAbortedRequestsOutOfTheLog() {
        // One such WARN per aborted connection, unlimited (a scanner floods the log); the level is all we set.
        assertThat(org.slf4j.LoggerFactory.getLogger("reactor.netty.http.server.HttpServerOperations")
                        .isWarnEnabled())
                .isFalse();
    }

    @Test
    void countsAMessageThatIsNoJsonObjectAsABadFrameNotAsAnUnnamedField() {
        double before = meters.counter("pulsetracker.ingest.rejected", "protocol", "tcp", "field", "frame")
                .count();
        try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort())) {
            device.send("42\n");
            assertThat(device.reply().get("error").asString()).isEqualTo("a fix must be a JSON object, was [42]");
        }

        assertThat(meters.counter("pulsetracker.ingest.rejected", "protocol", "tcp", "field", "frame")
                        .count())
                .isEqualTo(before + 1);
        assertThat(meters.find("pulsetracker.ingest.rejected").tag("field", "").counter())
                .isNull();
    }

    /** Sends one byte a second without ever ending the line; returns how long the server let it go on. */
    /** Polls {@code count} until it stops changing for half a second (at most ten seconds), then returns it. */
    private static double eventually(java.util.function.DoubleSupplier count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double last = count.getAsDouble();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - stableSince < TimeUnit.MILLISECONDS.toNanos(500)) {
            sleepQuietly(50);
            double now = count.getAsDouble();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private long trickleUntilClosed() {
        long start = System.nanoTime();
        try (DeviceSocket slow = DeviceSocket.connect(ports.tcpPort())) {
            slow.readTimeout(1_000);
            for (int i = 0; i < 12; i++) {
                slow.send("{");
                try {
                    if (slow.reply() == null) {
                        break;
                    }
                    assertThat(slow.closedByServer()).isTrue();
                    break;
                } catch (java.io.UncheckedIOException quiet) {
                    // no reply within a second: the server is still waiting for the line
                }
            }
        } catch (java.io.UncheckedIOException reset) {
            // the server closed the connection while the client was writing
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException("no byte " + value);
    }
}
