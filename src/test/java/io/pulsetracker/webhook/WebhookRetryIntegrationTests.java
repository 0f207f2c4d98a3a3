package io.pulsetracker.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.TestServices;
import io.pulsetracker.support.WebhookReceiver;
import java.time.Duration;
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
        properties = {"pulsetracker.admin-token=webhook-retry-admin", "pulsetracker.webhook.first-retry-delay=200ms"})
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
        String appKey = api.post("/api/apps", ADMIN, Map.of("name", "retry"))
                .body()
                .get("key")
                .asString();
        String deviceKey = api.post("/api/devices", ADMIN, Map.of("app_key", appKey))
                .body()
                .get("key")
                .asString();
        api.post(
                "/api/geofences",
                ADMIN,
                Map.of(
                        "name",
                        "everywhere",
                        "app_key",
                        appKey,
                        "webhook_url",
                        RECEIVER.url("/flaky"),
                        "geometry",
                        Map.of("type", "Circle", "center", List.of(0, 0), "radius_m", 1_000_000)));
        RECEIVER.answer(500);

        api.post("/api/track", deviceKey, "{\"lat\":0,\"lng\":0,\"timestamp\":1710000000}");
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

    private String status() {
        return database.sql("SELECT status FROM webhook_deliveries")
                .map(row -> row.get("status", String.class))
                .one()
                .block();
    }
}
