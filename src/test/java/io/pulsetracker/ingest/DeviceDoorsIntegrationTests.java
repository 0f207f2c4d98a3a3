package io.pulsetracker.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.ApiClient.Response;
import io.pulsetracker.support.DeviceDatagrams;
import io.pulsetracker.support.DeviceSocket;
import io.pulsetracker.support.DeviceWebSocket;
import io.pulsetracker.support.RawWebSocket;
import io.pulsetracker.support.TestFleet;
import io.pulsetracker.support.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every door, over real sockets: the same input is stored alike and rejected with the same message. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pulsetracker.admin-token=device-doors-admin")
class DeviceDoorsIntegrationTests {

    static final List<String> DOORS = List.of("http", "tcp", "udp", "websocket port", "websocket path");

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, DeviceDoorsIntegrationTests.class);
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    DevicePorts ports;

    ApiClient api;
    TestFleet fleet;
    String deviceKey;

    @BeforeEach
    void createDevice() {
        api = new ApiClient(httpPort);
        fleet = new TestFleet(api, "device-doors-admin", "doors");
        deviceKey = fleet.device("tracker");
    }

    @Test
    void storesTheSameFixThroughEveryDoorAlikeButForItsProtocol() {
        String fix =
                "{\"key\":\"%s\",\"ack\":true,\"lat\":36.75,\"lng\":3.06,\"timestamp\":\"2024-03-09T16:00:00.250Z\","
                        + "\"speed\":3.5,\"heading\":90,\"accuracy\":5,\"altitude\":12.5,\"battery\":0.8,"
                        + "\"attributes\":{\"city\":\"Łódź\",\"gears\":[1,2]}}";

        assertStoredAlike(fix::formatted);
    }

    @Test
    void storesTheSamePulseTrackerPacketThroughEveryDoorAlikeButForItsProtocol() {
        String packet = "{\"appId\":\"" + fleet.appKey() + "\",\"clientId\":\"%s\",\"ack\":true,"
                + "\"data\":{\"type\":\"Point\",\"coordinates\":[3.06,36.75,12.5]},"
                + "\"extra\":{\"battery_level\":80},\"timestamp\":1710000000}";

        assertStoredAlike(packet::formatted);
    }

    @Test
    void rejectsWhatHttpRejectsWithTheSameMessageOnEveryDoor() {
        long future = Instant.now().plus(Duration.ofDays(2)).getEpochSecond();
        List<String> fields = List.of(
                "\"lat\":666.6666,\"lng\":8.6",
                "\"lat\":NaN,\"lng\":8.6",
                "\"lat\":50.1,\"lng\":Infinity",
                "\"lat\":\"50,1109\",\"lng\":8.6",
                "\"lat\":null,\"lng\":8.6",
                "\"lng\":8.6",
                "\"lat\":50.1,\"lng\":8.6,\"timestamp\":" + future,
                "\"lat\":50.1,\"lng\":8.6,\"battery\":80");
        for (String body : fields) {
            String fix = "{\"key\":\"" + deviceKey + "\",\"ack\":true," + body + "}";
            assertSameErrorEverywhere(fix);
        }
        assertSameErrorEverywhere("{\"key\":\"no-such-key\",\"ack\":true,\"lat\":1,\"lng\":1}");
        assertThat(fleet.locations(deviceKey)).isEmpty();
    }

    @Test
    void storesAResentDatagramOnceAndAcksEachCopy() {
        String datagram =
                "{\"key\":\"" + deviceKey + "\",\"ack\":true,\"seq\":7,\"lat\":5,\"lng\":5,\"timestamp\":1710000000}";
        try (DeviceDatagrams device = new DeviceDatagrams(ports.udpPort())) {
            for (int copy = 0; copy < 3; copy++) {
                assertThat(device.send(datagram).reply().toString()).isEqualTo("{\"ok\":true,\"seq\":7}");
            }
        }
        fleet.assertStoredOnce(deviceKey, 1);
        assertThat(fleet.locations(deviceKey).get(0).get("protocol").asString()).isEqualTo("udp");
    }

    @Test
    void answersNoDatagramUnaskedAndSurvivesGarbageAndOversizedDatagrams() {
        try (DeviceDatagrams device = new DeviceDatagrams(ports.udpPort())) {
            device.send("{\"key\":\"" + deviceKey + "\",\"lat\":6,\"lng\":6,\"timestamp\":1710000000}");
            device.send(new byte[] {(byte) 0xff, 0x00, (byte) 0xc3});
            device.send("x".repeat(20_000));
            device.send("{\"key\":\"" + deviceKey + "\",\"lat\":666,\"lng\":6}");
            assertThat(device.reply(1_000)).as("nothing is answered unasked").isNull();

            device.send("{\"key\":\"" + deviceKey + "\",\"ack\":true,\"lat\":7,\"lng\":7,\"timestamp\":1710000001}");
            assertThat(device.reply().get("ok").asBoolean()).isTrue();
        }
        fleet.assertStoredOnce(deviceKey, 2);
    }

    @Test
    void takesAKeyInTheQueryAnswersPingsAndSurvivesBadMessages() {
        String uri = "ws://127.0.0.1:" + ports.websocketPort() + "/?key=" + deviceKey;
        try (DeviceWebSocket device = DeviceWebSocket.connect(uri)) {
            assertThat(device.reply().toString()).isEqualTo("{\"ok\":true,\"seq\":0,\"auth\":\"device\"}");

            device.send("{\"lat\":1,\"lng\":1,\"timestamp\":1710000000}");
            assertThat(device.reply().toString()).isEqualTo("{\"ok\":true,\"seq\":1}");
            device.send("{\"lat\":1,");
            assertThat(device.reply().get("error").asString()).startsWith("the message is not valid JSON");
            device.send("{\"lat\":2,\"lng\":2,\"attributes\":{\"pad\":\"" + "x".repeat(20_000) + "\"}}");
            assertThat(device.reply().get("error").asString())
                    .isEqualTo("the message is longer than 16384 bytes and was dropped");
            assertThat(device.ping("are you there").pong()).isEqualTo("are you there");

            device.send("{\"lat\":2,\"lng\":2,\"timestamp\":1710000001}");
            assertThat(device.reply().toString()).isEqualTo("{\"ok\":true,\"seq\":4}");
        }
        fleet.assertStoredOnce(deviceKey, 2);
    }

    @Test
    void takesABearerHeaderOrAFirstAuthMessageOnTheHttpPort() {
        String uri = "ws://127.0.0.1:" + httpPort + "/ws/track";
        try (DeviceWebSocket device = DeviceWebSocket.connect(uri, Map.of("Authorization", "Bearer " + deviceKey))) {
            assertThat(device.reply().get("auth").asString()).isEqualTo("device");
            device.send("{\"lat\":1,\"lng\":1,\"timestamp\":1710000000}");
            assertThat(device.reply().get("ok").asBoolean()).isTrue();
        }
        try (DeviceWebSocket app = DeviceWebSocket.connect(uri)) {
            app.send("{\"auth\":\"" + fleet.appKey() + "\",\"device_id\":\"phone-7\"}");
            assertThat(app.reply().toString()).isEqualTo("{\"ok\":true,\"seq\":1,\"auth\":\"device\"}");
            app.send("{\"lat\":1,\"lng\":1,\"timestamp\":1710000000}");
            assertThat(app.reply().get("ok").asBoolean()).isTrue();
        }
        JsonNode devices = api.get("/api/devices?app_key=" + fleet.appKey(), "device-doors-admin")
                .body();
        assertThat(devices.findValuesAsString("device_id")).contains("phone-7");
    }

    @Test
    void answersAndStoresTheFirstMessageSentRightAfterTheHandshakeOnEveryConnection() {
        int connections = 100;
        List<CompletableFuture<String>> answers = new ArrayList<>();
        java.util.concurrent.ExecutorService devices = java.util.concurrent.Executors.newFixedThreadPool(20);
        for (int i = 0; i < connections; i++) {
            String fix = "{\"key\":\"" + deviceKey + "\",\"lat\":1,\"lng\":1,\"timestamp\":" + (1710000000 + i) + "}";
            answers.add(CompletableFuture.supplyAsync(
                    () -> {
                        try (RawWebSocket device = RawWebSocket.connect(httpPort, "/ws/track")) {
                            return device.send(fix).reply();
                        }
                    },
                    devices));
        }
        devices.shutdown();
        for (int i = 0; i < connections; i++) {
            assertThat(answers.get(i).join()).as("answer on connection " + i).isEqualTo("{\"ok\":true,\"seq\":1}");
        }
        fleet.assertStoredOnce(deviceKey, connections);
    }

    @Test
    void storesTheFixOfAnAuthLineThatAlsoCarriesOne() {
        try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort())) {
            device.send("{\"auth\":\"" + deviceKey + "\",\"ack\":true,\"lat\":8,\"lng\":8,\"timestamp\":1710000000}\n");

            assertThat(device.reply().toString()).isEqualTo("{\"ok\":true,\"seq\":1}");
        }
        fleet.assertStoredOnce(deviceKey, 1);
    }

    @Test
    void takesAnAppKeyNextToADeviceIdOnEachLine() {
        String line = "{\"key\":\"" + fleet.appKey()
                + "\",\"device_id\":\"truck-11\",\"ack\":true,\"lat\":7,\"lng\":7,\"timestamp\":1710000000}\n";
        try (DeviceSocket device = DeviceSocket.connect(ports.tcpPort())) {
            assertThat(device.send(line).reply().toString()).isEqualTo("{\"ok\":true,\"seq\":1}");
        }
        JsonNode devices = api.get("/api/devices?app_key=" + fleet.appKey(), "device-doors-admin")
                .body();
        String truckKey = null;
        for (JsonNode registered : devices) {
            if ("truck-11".equals(registered.path("device_id").asString())) {
                truckKey = registered.get("key").asString();
            }
        }
        assertThat(truckKey).as("truck-11 registered").isNotNull();
        fleet.assertStoredOnce(truckKey, 1);
    }

    @Test
    void closesAWebSocketWhoseUrlCarriesAnUnknownKey() {
        String uri = "ws://127.0.0.1:" + ports.websocketPort() + "/?key=no-such-key";
        try (DeviceWebSocket device = DeviceWebSocket.connect(uri)) {
            assertThat(device.reply().get("error").asString())
                    .isEqualTo("auth is not a known device key or app key, was [\"no-s…\"]");
            assertThat(device.closeStatus()).isEqualTo(1008);
        }
    }

    /** Sends the message made for each door's own device, then compares what was stored. */
    private void assertStoredAlike(Function<String, String> messageFor) {
        Map<String, String> devices = new LinkedHashMap<>();
        for (String door : DOORS) {
            String key = fleet.device(door);
            devices.put(door, key);
            JsonNode answer = sendThrough(door, messageFor.apply(key));
            assertThat(answer.get("ok").asBoolean()).as(door + ": " + answer).isTrue();
        }

        List<JsonNode> stored = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        for (String key : devices.values()) {
            ObjectNode fix = (ObjectNode) fleet.awaitLocations(key, 1).get(0);
            protocols.add(fix.remove("protocol").asString());
            fix.remove("received_at");
            stored.add(fix);
        }
        assertThat(protocols).containsExactly("http", "tcp", "udp", "websocket", "websocket");
        assertThat(stored).allSatisfy(fix -> assertThat(fix).isEqualTo(stored.get(0)));
    }

    private void assertSameErrorEverywhere(String fix) {
        Response http = api.post("/api/track", Map.of(), fix);
        assertThat(http.status()).isEqualTo(400);
        String expected = http.body().get("detail").asString();
        for (String door : DOORS.subList(1, DOORS.size())) {
            JsonNode answer = sendThrough(door, fix);
            assertThat(answer.get("ok").asBoolean()).isFalse();
            assertThat(answer.get("error").asString()).as(door + " for " + fix).isEqualTo(expected);
        }
    }

    /** Sends one message through a door and returns its answer (HTTP's turned into the same shape). */
    private JsonNode sendThrough(String door, String message) {
        switch (door) {
            case "http" -> {
                Response response = api.post("/api/track", Map.of(), message);
                return ApiClient.JSON.createObjectNode().put("ok", response.status() == 202);
            }
            case "tcp" -> {
                try (DeviceSocket socket = DeviceSocket.connect(ports.tcpPort())) {
                    return socket.send(message + "\n").reply();
                }
            }
            case "udp" -> {
                try (DeviceDatagrams datagrams = new DeviceDatagrams(ports.udpPort())) {
                    return datagrams.send(message).reply();
                }
            }
            default -> {
                String uri = door.equals("websocket port")
                        ? "ws://127.0.0.1:" + ports.websocketPort() + "/"
                        : "ws://127.0.0.1:" + httpPort + "/ws/track";
                try (DeviceWebSocket socket = DeviceWebSocket.connect(uri)) {
                    return socket.send(message).reply();
                }
            }
        }
    }
}
