package io.pulsetracker.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.ApiClient.Response;
import io.pulsetracker.support.DeviceDatagrams;
import io.pulsetracker.support.DeviceSocket;
import io.pulsetracker.support.DeviceWebSocket;
import io.pulsetracker.support.TestFleet;
import io.pulsetracker.support.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Redis is unreachable: the device must be told, on every door, with nothing claimed as accepted. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pulsetracker.admin-token=redis-down-admin")
class RedisUnavailableIntegrationTests {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        TestServices.register(registry, RedisUnavailableIntegrationTests.class);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.data.redis.port", () -> closedPort);
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient database;

    @Autowired
    DevicePorts ports;

    @Test
    void answers503WithRetryAfterAndStoresNothing() {
        ApiClient api = new ApiClient(port);
        String appKey = api.post("/api/apps", "redis-down-admin", Map.of("name", "offline"))
                .body()
                .get("key")
                .asString();

        Response response =
                api.post("/api/track", Map.of("X-App-Key", appKey), "{\"device_id\":\"d1\",\"lat\":1,\"lng\":1}");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body().get("detail").asString())
                .contains("nothing from this request was acknowledged")
                .contains("(storage unavailable)")
                .doesNotContain("127.0.0.1");
        Response fence = api.post(
                "/api/geofences",
                "redis-down-admin",
                Map.of(
                        "name",
                        "still works",
                        "app_key",
                        appKey,
                        "geometry",
                        Map.of("type", "Circle", "center", List.of(1, 1), "radius_m", 10)));
        assertThat(fence.status()).as("fences live in MariaDB alone").isEqualTo(201);
        assertThat(storedFixes()).isZero();
    }

    @Test
    void answersEveryDeviceDoorWithAnErrorAndAcknowledgesNothing() {
        String deviceKey = new TestFleet(new ApiClient(port), "redis-down-admin", "offline doors").device("van");
        String fix = "{\"key\":\"" + deviceKey + "\",\"ack\":true,\"lat\":1,\"lng\":1,\"timestamp\":1710000000}";

        List<JsonNode> answers = new ArrayList<>();
        try (DeviceSocket tcp = DeviceSocket.connect(ports.tcpPort())) {
            answers.add(tcp.send(fix + "\n").reply());
        }
        try (DeviceDatagrams udp = new DeviceDatagrams(ports.udpPort())) {
            answers.add(udp.send(fix).reply());
        }
        try (DeviceWebSocket ws = DeviceWebSocket.connect("ws://127.0.0.1:" + ports.websocketPort() + "/")) {
            answers.add(ws.send(fix).reply());
        }

        assertThat(answers).hasSize(3).allSatisfy(answer -> {
            assertThat(answer.get("ok").asBoolean()).isFalse();
            assertThat(answer.get("retry_after").asInt()).isEqualTo(5);
            assertThat(answer.get("error").asString())
                    .startsWith("fixes cannot be stored right now (storage unavailable)")
                    .as("the Redis address is not for devices")
                    .doesNotContain("127.0.0.1");
        });
        assertThat(storedFixes()).isZero();
    }

    private Long storedFixes() {
        return database.sql("SELECT COUNT(*) AS n FROM fixes")
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
