package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.ApiClient.Response;
import io.pulsetracker.support.SharedData;
import io.pulsetracker.support.TestServices;
import io.pulsetracker.support.WebhookReceiver;
import io.pulsetracker.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pulsetracker.admin-token=geofence-events-admin")
class GeofenceEventsIntegrationTests {

    static final String ADMIN = "geofence-events-admin";
    static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[13.40,52.50],[13.41,52.50],[13.41,52.51],"
            + "[13.40,52.51],[13.40,52.50]]]}";
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, GeofenceEventsIntegrationTests.class);
    }

    @LocalServerPort
    int port;

    ApiClient api;
    String secret;
    String deviceKey;
    String hookPath;

    @BeforeEach
    void createAppDeviceAndSquareFence() {
        api = new ApiClient(port);
        JsonNode app = api.post("/api/apps", ADMIN, Map.of("name", "fences")).body();
        secret = app.get("webhook_secret").asString();
        String appKey = app.get("key").asString();
        deviceKey = api.post(
                        "/api/devices",
                        ADMIN,
                        Map.of("name", "van", "device_id", "Łódź 🚚 " + System.nanoTime(), "app_key", appKey))
                .body()
                .get("key")
                .asString();
        hookPath = "/hooks/" + deviceKey;
        Response fence = api.post(
                "/api/geofences",
                ADMIN,
                Map.of("name", "Square", "app_key", appKey, "webhook_url", RECEIVER.url(hookPath), "geometry", SQUARE));
        assertThat(fence.status()).as(fence.body().toString()).isEqualTo(201);
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void firesInsideOnTheFirstFixOnTheEdgeAndOutsideOnLeaving() {
        track("[" + fix(13.40, 52.505, "10:00:00") + "," + fix(13.42, 52.505, "10:01:00") + "]");

        assertThat(awaitEvents(2)).containsExactly("inside 10:00:00", "outside 10:01:00");
    }

    @Test
    void firesNothingForLateFixesOfABacklogArrivingNewestFirst() {
        track(fix(13.42, 52.505, "10:05:00"));
        track("[" + fix(13.405, 52.505, "10:00:00") + "," + fix(13.405, 52.505, "10:01:00") + ","
                + fix(13.405, 52.505, "10:02:00") + "," + fix(13.405, 52.505, "10:03:00") + "]");
        track(fix(13.42, 52.505, "10:04:00"));
        track(fix(13.405, 52.505, "10:06:00"));

        assertThat(awaitEvents(1)).containsExactly("inside 10:06:00");
    }

    @Test
    void evaluatesABacklogSentNewestFirstInOneRequestInRecordedTimeOrder() {
        track("[" + fix(13.42, 52.505, "14:05:00") + "," + fix(13.405, 52.505, "14:00:00") + ","
                + fix(13.405, 52.505, "14:01:00") + "," + fix(13.405, 52.505, "14:02:00") + ","
                + fix(13.405, 52.505, "14:03:00") + "," + fix(13.42, 52.505, "14:04:00") + "]");
        track(fix(13.405, 52.505, "14:06:00"));

        assertThat(awaitEvents(3)).containsExactly("inside 14:00:00", "outside 14:04:00", "inside 14:06:00");
    }

    @Test
    void firesOnceForAResentFix() {
        String inside = fix(13.405, 52.505, "11:00:00");
        track(inside);
        track("[" + inside + "," + inside + "]");
        track(fix(13.42, 52.505, "11:01:00"));

        assertThat(awaitEvents(2)).containsExactly("inside 11:00:00", "outside 11:01:00");
    }

    @Test
    void firesTwentyAlternatingEventsForFixesSentBackToBack() {
        List<String> fixes = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int second = 0; second < 20; second++) {
            boolean in = second % 2 == 0;
            String time = "12:00:" + (second < 10 ? "0" : "") + second;
            fixes.add(fix(in ? 13.405 : 13.42, 52.505, time));
            expected.add((in ? "inside " : "outside ") + time);
        }

        fixes.forEach(this::track);

        assertThat(awaitEvents(20)).containsExactlyElementsOf(expected);
    }

    @Test
    void signsEveryWebhookOverTheRawBodyAndKeepsItAscii() {
        track(fix(13.405, 52.505, "13:00:00"));

        WebhookReceiver.Call call = awaitCalls(1).get(0);
        assertThat(call.headers().get("p-signature")).isEqualTo(WebhookSignature.sign(secret, call.body()));
        String body = new String(call.body(), StandardCharsets.UTF_8);
        assertThat(body).matches("\\A\\p{ASCII}*\\z").contains("\"event\":\"inside\"");
        assertThat(ApiClient.JSON.readTree(body).get("device_id").asString()).startsWith("Łódź 🚚");
    }

    @Test
    void rejectsABowtieFenceNamingTheProblem() {
        String bowtie = "{\"type\":\"Polygon\",\"coordinates\":[[[10.40,50.90],[10.90,50.90],[10.10,50.10],"
                + "[10.90,50.10],[10.40,50.90]]]}";
        String appKey = api.get("/api/apps", ADMIN).body().get(0).get("key").asString();

        Response response =
                api.post("/api/geofences", ADMIN, Map.of("name", "bowtie", "app_key", appKey, "geometry", bowtie));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("detail").asString()).contains("self-intersects");
    }

    @Test
    void acceptsALargeRealCountryAsAFence() throws Exception {
        JsonNode russia = ApiClient.JSON.readTree(
                SharedData.file("polygons/ne10m-countries/RU.geojson").toFile());
        String appKey = api.get("/api/apps", ADMIN).body().get(0).get("key").asString();

        Response response =
                api.post("/api/geofences", ADMIN, Map.of("name", "Russia", "app_key", appKey, "geometry", russia));

        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
    }

    private void track(String body) {
        Response response = api.post("/api/track", deviceKey, body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(202);
    }

    private static String fix(double longitude, double latitude, String time) {
        return "{\"lat\":" + latitude + ",\"lng\":" + longitude + ",\"timestamp\":\"2024-05-01T" + time + "Z\"}";
    }

    private List<WebhookReceiver.Call> awaitCalls(int count) {
        return RECEIVER.awaitCalls(hookPath, count);
    }

    private List<String> awaitEvents(int count) {
        return RECEIVER.awaitEvents(hookPath, count);
    }
}
