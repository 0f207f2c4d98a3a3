package io.pulsetracker.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulsetracker.support.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** An app and its devices made through the REST API, and their stored fixes read back through it. */
public final class TestFleet {

    private final ApiClient api;
    private final String adminToken;
    private final String appKey;

    public TestFleet(ApiClient api, String adminToken, String appName) {
        this.api = api;
        this.adminToken = adminToken;
        Response app = api.post("/api/apps", adminToken, Map.of("name", appName));
        assertThat(app.status()).isEqualTo(201);
        this.appKey = app.body().get("key").asString();
    }

    public String appKey() {
        return appKey;
    }

    /** Registers a device and returns its key. */
    public String device(String name) {
        Response device = api.post("/api/devices", adminToken, Map.of("name", name, "app_key", appKey));
        assertThat(device.status()).isEqualTo(201);
        return device.body().get("key").asString();
    }

    /** The device's stored fixes, newest first. */
    public List<JsonNode> locations(String deviceKey) {
        Response response = api.get("/api/devices/" + deviceKey + "/locations?limit=1000", adminToken);
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> fixes = new ArrayList<>();
        response.body().forEach(fixes::add);
        return fixes;
    }

    /** Waits until the device has at least {@code count} stored fixes, and returns them. */
    public List<JsonNode> awaitLocations(String deviceKey, int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> locations(deviceKey).size() >= count);
        return locations(deviceKey);
    }

    /** Waits a second more and checks the device still has exactly {@code count} stored fixes. */
    public void assertStoredOnce(String deviceKey, int count) {
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(locations(deviceKey)).hasSize(count));
    }
}
