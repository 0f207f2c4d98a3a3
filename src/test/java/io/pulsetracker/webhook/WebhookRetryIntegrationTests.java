package io.pulsetracker.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.TestServices;
import io.pulsetracker.support.WebhookReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pulsetracker.admin-token=webhook-retry-admin",
            "pulsetracker.webhook.first-retry-delay=200ms",
            "pulsetracker.webhook.response-timeout=60s"
        })
class WebhookRetryIntegrationTests {

    static final String ADMIN = "webhook-retry-admin";
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, WebhookRetryIntegrationTests.class);
    }

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient database;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void deliversTheEventOnceTheReceiverRecoversWithTheSameId() {
        ApiClient api = new ApiClient(port);
        AppAndDevice created = createAppAndDevice(api, "retry");
        fence(api, created.appKey(), RECEIVER.url("/flaky"), 0);
        RECEIVER.answer(500);

        api.post("/api/track", created.deviceKey(), "{\"lat\":0,\"lng\":0,\"timestamp\":1710000000}");
        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.calls().size() >= 2);
        RECEIVER.answer(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(status()));
        List<String> ids = RECEIVER.calls().stream()
                .map(call -> ApiClient.JSON.readTree(call.body()))
                .map(body -> body.get("id").asString())
                .distinct()
                .toList();
        assertThat(ids).hasSize(1);
        assertThat(RECEIVER.calls()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void deliversToAHealthyReceiverWhileAnotherNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                WebhookReceiver healthy = new WebhookReceiver()) {
            Thread acceptor = new Thread(() -> holdConnections(silent), "silent-receiver");
            acceptor.setDaemon(true);
            acceptor.start();
            ApiClient api = new ApiClient(port);
            AppAndDevice created = createAppAndDevice(api, "slow");
            String appKey = created.appKey();
            String deviceKey = created.deviceKey();
            fence(api, appKey, "http://127.0.0.1:" + silent.getLocalPort() + "/never", 20);
            api.post("/api/track", deviceKey, "{\"lat\":20,\"lng\":20,\"timestamp\":1710000000}");
            fence(api, appKey, healthy.url("/ok"), -20);

            api.post("/api/track", deviceKey, "{\"lat\":-20,\"lng\":-20,\"timestamp\":1710000100}");

            await().atMost(Duration.ofSeconds(20)).until(() -> healthy.calls().size() >= 1);
            acceptor.interrupt();
        }
    }

    record AppAndDevice(String appKey, String deviceKey) {}

    private static AppAndDevice createAppAndDevice(ApiClient api, String name) {
        String appKey = api.post("/api/apps", ADMIN, Map.of("name", name))
                .body()
                .get("key")
                .asString();
        String deviceKey = api.post("/api/devices", ADMIN, Map.of("app_key", appKey))
                .body()
                .get("key")
                .asString();
        return new AppAndDevice(appKey, deviceKey);
    }

    private static void fence(ApiClient api, String appKey, String url, int latitude) {
        api.post(
                "/api/geofences",
                ADMIN,
                Map.of(
                        "name",
                        url,
                        "app_key",
                        appKey,
                        "webhook_url",
                        url,
                        "geometry",
                        Map.of("type", "Circle", "center", List.of(latitude, latitude), "radius_m", 1000)));
    }

    /** Accepts connections and never answers, like a receiver stuck in a long task. */
    private static void holdConnections(ServerSocket server) {
        List<Socket> held = new ArrayList<>();
        try {
            while (!server.isClosed()) {
                held.add(server.accept());
            }
        } catch (IOException closed) {
            held.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a held test connection; nothing to report
                }
            });
        }
    }

    private String status() {
        return database.sql("SELECT status FROM webhook_deliveries WHERE url LIKE '%/flaky'")
                .map(row -> row.get("status", String.class))
                .one()
                .block();
    }
}
