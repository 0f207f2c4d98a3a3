package io.pulsetracker.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.ApiClient.Response;
import io.pulsetracker.support.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pulsetracker.admin-token=http-track-admin-token")
class HttpTrackIntegrationTests {

    static final String ADMIN = "http-track-admin-token";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, HttpTrackIntegrationTests.class);
    }

    @LocalServerPort
    int port;

    ApiClient api;
    String appKey;
    String deviceKey;

    @BeforeEach
    void createAppAndDevice() {
        api = new ApiClient(port);
        Response app = api.post("/api/apps", ADMIN, Map.of("name", "Łódź fleet 🚚"));
        assertThat(app.status()).isEqualTo(201);
        appKey = app.body().get("key").asString();
        Response device = api.post("/api/devices", ADMIN, Map.of("name", "van 1", "app_key", appKey));
        assertThat(device.status()).isEqualTo(201);
        deviceKey = device.body().get("key").asString();
    }

    @Test
    void storesAFixSentWithADeviceKeyAndReturnsItInTheHistory() {
        Response accepted =
                track(deviceKey, "{\"device_id\":\"x\",\"lat\":36.75,\"lng\":3.06,\"timestamp\":1710000000}");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body().get("accepted").asInt()).isEqualTo(1);
        JsonNode stored = awaitLocations(deviceKey, 1).get(0);
        assertThat(stored.get("lat").asDouble()).isEqualTo(36.75);
        assertThat(stored.get("lng").asDouble()).isEqualTo(3.06);
        assertThat(stored.get("recorded_at").asString()).isEqualTo("2024-03-09T16:00:00Z");
        assertThat(stored.get("protocol").asString()).isEqualTo("http");
    }

    @Test
    void acceptsEpochMillisecondsIsoTextAndZonelessTextAsUtc() {
        String batch = "[{\"lat\":1,\"lng\":1,\"timestamp\":1710000000123},"
                + "{\"lat\":2,\"lng\":2,\"timestamp\":\"2024-03-09T17:00:00.5+01:00\"},"
                + "{\"lat\":3,\"lng\":3,\"timestamp\":\"2024-03-09 18:00:00\"}]";

        assertThat(track(deviceKey, batch).body().get("accepted").asInt()).isEqualTo(3);

        List<String> times = awaitLocations(deviceKey, 3).stream()
                .map(f -> f.get("recorded_at").asString())
                .toList();
        assertThat(times)
                .containsExactly("2024-03-09T18:00:00Z", "2024-03-09T16:00:00.500Z", "2024-03-09T16:00:00.123Z");
    }

    @Test
    void rejectsEachBadFixByIndexFieldAndValueAndStillStoresTheGoodOnes() {
        long future = Instant.now().plus(Duration.ofDays(2)).getEpochSecond();
        String batch = "[{\"lat\":50.1,\"lng\":8.6,\"timestamp\":1710000000},"
                + "{\"lat\":666.6666,\"lng\":8.6},"
                + "{\"lat\":50.1,\"lng\":-181},"
                + "{\"lat\":NaN,\"lng\":8.6},"
                + "{\"lat\":50.1,\"lng\":Infinity},"
                + "{\"lat\":null,\"lng\":8.6},"
                + "{\"lng\":8.6},"
                + "{\"lat\":\"50,1109\",\"lng\":8.6},"
                + "{\"lat\":50.1,\"lng\":8.6,\"timestamp\":" + future + "},"
                + "{\"lat\":\"50.2\",\"lng\":\"8.7\",\"timestamp\":1710000001}]";

        Response response = track(deviceKey, batch);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body().get("accepted").asInt()).isEqualTo(2);
        JsonNode rejected = response.body().get("rejected");
        assertThat(rejected).hasSize(8);
        assertThat(messages(rejected))
                .containsExactly(
                        "1 lat must be within [-90, 90], was [666.6666]",
                        "2 lng must be within [-180, 180], was [-181]",
                        "3 lat must be a finite number, was [NaN]",
                        "4 lng must be a finite number, was [Infinity]",
                        "5 lat must be a number, was [null]",
                        "6 lat is missing",
                        "7 lat must be a number, was [\"50,1109\"]",
                        "8 timestamp must not be more than 5 minutes ahead of the server clock, was [" + future + "] ("
                                + Instant.ofEpochSecond(future) + ")");
        assertThat(awaitLocations(deviceKey, 2)).hasSize(2);
    }

    @Test
    void answersMalformedJsonWithAProblemThatSaysWhere() {
        Response response = track(deviceKey, "{\"lat\": 1, \"lng\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
        assertThat(response.body().get("detail").asString()).startsWith("the request body is not valid JSON");
    }

    @Test
    void answersAnUnknownDeviceKeyWith401() {
        Response response = track("no-such-key", "{\"lat\":1,\"lng\":1}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().get("detail").asString()).contains("unknown device key");
    }

    @Test
    void answersABodyOverTheLimitWith413() {
        String fix = "{\"lat\":1.0,\"lng\":1.0,\"attributes\":{\"pad\":\"" + "x".repeat(1000) + "\"}},";
        String huge = "[" + fix.repeat(1100) + "{}]";

        Response response = track(deviceKey, huge);

        assertThat(response.status()).as(response.body().toString()).isEqualTo(413);
    }

    @Test
    void registersAnUnknownDeviceOnFirstSightWithTheAppKey() {
        Response response = api.post(
                "/api/track", Map.of("X-App-Key", appKey), "{\"device_id\":\"abc123\",\"lat\":36.75,\"lng\":3.06}");

        assertThat(response.status()).isEqualTo(202);
        JsonNode devices = api.get("/api/devices?app_key=" + appKey, ADMIN).body();
        assertThat(devices.findValuesAsString("device_id")).contains("abc123");
    }

    @Test
    void acceptsTheExistingPulseTrackerPacket() {
        String packet = "{\"appId\":\"" + appKey + "\",\"clientId\":\"" + deviceKey
                + "\",\"data\":{\"type\":\"Point\",\"coordinates\":[3.06,36.75]},\"extra\":{\"battery_level\":80}}";

        assertThat(api.post("/api/track", Map.of(), packet).status()).isEqualTo(202);

        JsonNode stored = awaitLocations(deviceKey, 1).get(0);
        assertThat(stored.get("lat").asDouble()).isEqualTo(36.75);
        assertThat(stored.get("attributes").get("battery_level").asInt()).isEqualTo(80);
    }

    @Test
    void storesAResentFixOnce() {
        String fix = "{\"lat\":10,\"lng\":10,\"timestamp\":\"2024-01-01T00:00:00.250Z\"}";
        track(deviceKey, fix);
        track(deviceKey, "[" + fix + "," + fix + "]");

        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(locations(deviceKey)).hasSize(1));
    }

    @Test
    void keepsOneUsersAppsAwayFromAnother() {
        Response other = api.post("/api/users", ADMIN, Map.of("name", "other-user"));
        String otherToken = other.body().get("token").asString();

        assertThat(api.get("/api/apps/" + appKey, otherToken).status()).isEqualTo(404);
        assertThat(api.get("/api/devices/" + deviceKey + "/locations", otherToken)
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/apps", "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void keepsDeviceIdsThatDifferOnlyInCaseOrEmojiApart() {
        for (String id : List.of("VAN", "van", "fleet-\uD83D\uDE9A", "fleet-\uD83D\uDE97")) {
            String fix = "{\"device_id\":\"" + id + "\",\"lat\":1,\"lng\":1,\"timestamp\":1710000400}";
            assertThat(api.post("/api/track", Map.of("X-App-Key", appKey), fix).status())
                    .isEqualTo(202);
        }

        JsonNode devices = api.get("/api/devices?app_key=" + appKey, ADMIN).body();
        assertThat(devices.findValuesAsString("device_id")).contains("VAN", "van", "fleet-🚚", "fleet-🚗");
    }

    @Test
    void rejectsADeviceIdWithAnUnpairedSurrogate() {
        Response response = api.post(
                "/api/track", Map.of("X-App-Key", appKey), "{\"device_id\":\"x\\ud800y\",\"lat\":1,\"lng\":1}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("detail").asString()).startsWith("device_id must be valid Unicode text");
    }

    @Test
    void hintsAtAMisnamedCoordinate() {
        Response response = track(deviceKey, "{\"lat\":1,\"lon\":2}");

        assertThat(response.body().get("detail").asString())
                .isEqualTo("lng is missing (the fix has \"lon\": send it as \"lng\")");
    }

    @Test
    void answersABlankBodyAndACompressedBodyClearly() {
        assertThat(track(deviceKey, "   ").body().get("detail").asString()).startsWith("the request body is blank");

        Response gzip = api.post(
                "/api/track", Map.of("Authorization", "Bearer " + deviceKey, "Content-Encoding", "gzip"), "{}");
        assertThat(gzip.status()).isEqualTo(415);
    }

    @Test
    void answersAFixWithoutAnyCredentialsWith401() {
        Response response = api.post("/api/track", Map.of(), "{\"lat\":1,\"lng\":1}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void answersMalformedRestBodiesAndPathsWithTheirProblem() {
        Response malformed = api.post("/api/apps", ADMIN, "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("detail").asString()).startsWith("the request body is not valid");

        Response typo = api.post("/api/devices", ADMIN, Map.of("app_key", appKey, "deviceId", "typo"));
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.body().get("detail").asString()).startsWith("the request body has an unknown field [deviceId]");

        Response surrogate = api.post("/api/apps", ADMIN, "{\"name\":\"a\\ud800b\"}");
        assertThat(surrogate.status()).isEqualTo(400);
        assertThat(surrogate.body().get("detail").asString()).contains("unpaired surrogate");

        Response twoValues = api.post("/api/apps", ADMIN, "{\"name\":\"x\"}{\"name\":\"y\"}");
        assertThat(twoValues.body().get("detail").asString())
                .startsWith("the request body holds more than one JSON value");

        Response huge = api.post("/api/apps", ADMIN, "{\"name\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body().get("detail").asString())
                .startsWith("the request body is larger than the server accepts");

        Response badId = api.get("/api/geofences/abc", ADMIN);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body().get("detail").asString()).contains("[abc]");
    }

    @Test
    void rejectsUnknownDevicesOnceTheAppStopsRegisteringThem() {
        Response patched = api.patch("/api/apps/" + appKey, ADMIN, Map.of("auto_register_devices", false));
        assertThat(patched.body().get("auto_register_devices").asBoolean()).isFalse();

        Response response =
                api.post("/api/track", Map.of("X-App-Key", appKey), "{\"device_id\":\"stranger\",\"lat\":1,\"lng\":1}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("detail").asString()).contains("is not registered in this app");
    }

    private Response track(String key, String body) {
        return api.post("/api/track", key, body);
    }

    private List<JsonNode> locations(String key) {
        Response response = api.get("/api/devices/" + key + "/locations?limit=1000", ADMIN);
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> fixes = new java.util.ArrayList<>();
        response.body().forEach(fixes::add);
        return fixes;
    }

    private List<JsonNode> awaitLocations(String key, int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> locations(key).size() >= count);
        return locations(key);
    }

    private static List<String> messages(JsonNode rejected) {
        List<String> messages = new java.util.ArrayList<>();
        rejected.forEach(error -> messages.add(
                error.get("index").asInt() + " " + error.get("message").asString()));
        return messages;
    }
}
