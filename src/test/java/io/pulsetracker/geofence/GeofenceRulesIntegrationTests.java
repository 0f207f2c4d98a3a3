package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.ApiClient.Response;
import io.pulsetracker.support.TestServices;
import io.pulsetracker.support.WebhookReceiver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The cases of the geofencing rules through the real doors: fences made with the REST API, fixes sent to
 * {@code /api/track}, events received as webhooks, against a real MariaDB and Redis.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pulsetracker.admin-token=geofence-rules-admin")
class GeofenceRulesIntegrationTests {

    static final String ADMIN = "geofence-rules-admin";
    static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[13.40,52.50],[13.41,52.50],[13.41,52.51],"
            + "[13.40,52.51],[13.40,52.50]]]}";
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, GeofenceRulesIntegrationTests.class);
    }

    @LocalServerPort
    int port;

    ApiClient api;
    String appKey;
    String deviceKey;
    String hookPath;

    @BeforeEach
    void createAppAndDevice() {
        api = new ApiClient(port);
        appKey = api.post("/api/apps", ADMIN, Map.of("name", "rules"))
                .body()
                .get("key")
                .asString();
        deviceKey = api.post("/api/devices", ADMIN, Map.of("name", "van", "app_key", appKey))
                .body()
                .get("key")
                .asString();
        hookPath = "/hooks/" + deviceKey;
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void firesNothingForAFixWithLatitudeAndLongitudeSwappedAndRejectsLatitude10138() {
        fence(Map.of("geometry", SQUARE));

        track(fix(52.505, 13.405, "10:00:00"));
        Response rejected = api.post("/api/track", deviceKey, "{\"lat\":101.38,\"lng\":13.405}");
        track(fix(13.405, 52.505, "10:01:00"));

        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body().toString()).contains("lat must be within [-90, 90], was [101.38]");
        assertThat(awaitEvents(1)).containsExactly("inside 10:01:00");
    }

    @Test
    void keepsAStillDeviceInsideACircleWithHysteresis() {
        fence(Map.of("geometry", circle(16.37, 48.20, 100), "hysteresis_m", 15));
        double[] metresNorth = {95, 106, 97, 104};

        for (int i = 0; i < metresNorth.length; i++) {
            track(fix(16.37, northOf(48.20, metresNorth[i]), "10:0" + i + ":00"));
        }

        assertThat(awaitEvents(1)).containsExactly("inside 10:00:00");
    }

    @Test
    void firesInsideOutsideAndCrossAroundATenKilometreCircle() {
        fence(Map.of("geometry", circle(10, 10, 10_000), "cross_events", true));

        track("[" + fix(10, 10, "10:00:00") + "," + fix(0, 0, "10:01:00") + "," + fix(20, 20, "10:02:00") + "]");

        assertThat(awaitEvents(3)).containsExactly("inside 10:00:00", "outside 10:01:00", "cross 10:02:00");
    }

    @Test
    void countsTheFirstOfTwoFixesWithTheSameRecordedTime() {
        fence(Map.of("geometry", SQUARE));

        track("[" + fix(13.405, 52.505, "10:00:00") + "," + fix(13.42, 52.505, "10:00:00") + "]");
        track(fix(13.42, 52.505, "10:00:00"));

        assertThat(awaitEvents(1)).containsExactly("inside 10:00:00");
        JsonNode position =
                api.get("/api/devices/" + deviceKey + "/position", ADMIN).body();
        assertThat(position.get("lng").asDouble()).isEqualTo(13.405);
    }

    @Test
    void storesAndFlagsAFixTooCoarseForTheAccuracyGateWithoutMovingState() {
        fence(Map.of("geometry", SQUARE, "max_accuracy_m", 50));

        track(fixWithAccuracy(13.405, 52.505, "10:00:00", 80));
        track(fixWithAccuracy(13.405, 52.505, "10:01:00", 10));

        assertThat(awaitEvents(1)).containsExactly("inside 10:01:00");
        JsonNode locations =
                api.get("/api/devices/" + deviceKey + "/locations", ADMIN).body();
        assertThat(locations.get(0).has("accuracy_gated")).isFalse();
        assertThat(locations.get(1).get("accuracy_gated").asBoolean()).isTrue();
    }

    @Test
    void flagsALateFixTooCoarseForTheAccuracyGateButNotTheFixACoarseDuplicateRepeats() {
        fence(Map.of("geometry", SQUARE, "max_accuracy_m", 50));

        track(fixWithAccuracy(13.405, 52.505, "10:01:40", 5));
        track(fixWithAccuracy(13.405, 52.505, "10:00:00", 80));
        track(fixWithAccuracy(13.405, 52.505, "10:01:40", 80));
        track(fixWithAccuracy(13.42, 52.505, "10:02:00", 5));

        assertThat(awaitEvents(2)).containsExactly("inside 10:01:40", "outside 10:02:00");
        JsonNode locations =
                api.get("/api/devices/" + deviceKey + "/locations", ADMIN).body();
        assertThat(locations.get(1).has("accuracy_gated"))
                .as(locations.toString())
                .isFalse();
        assertThat(locations.get(2).get("accuracy_gated").asBoolean())
                .as(locations.toString())
                .isTrue();
    }

    @Test
    void firesInsideOnlyOnceTheMinimumDwellIsMet() {
        fence(Map.of("geometry", SQUARE, "min_dwell_fixes", 3));

        for (int minute = 0; minute < 4; minute++) {
            track(fix(13.405, 52.505, "10:0" + minute + ":00"));
        }

        assertThat(awaitEvents(1)).containsExactly("inside 10:02:00");
    }

    @Test
    void firesInsideForACorridorAlongARoad() {
        fence(Map.of(
                "geometry", "{\"type\":\"Corridor\",\"coordinates\":[[13.40,52.50],[13.42,52.50]],\"width_m\":40}"));

        track(fix(13.41, northOf(52.50, 15), "10:00:00"));
        track(fix(13.41, northOf(52.50, 30), "10:01:00"));

        assertThat(awaitEvents(2)).containsExactly("inside 10:00:00", "outside 10:01:00");
    }

    @Test
    void repairsAnInvalidPolygonOnlyWhenAskedTo() {
        String bowtie = "{\"type\":\"Polygon\",\"coordinates\":[[[10.40,50.90],[10.90,50.90],[10.10,50.10],"
                + "[10.90,50.10],[10.40,50.90]]]}";

        Response refused = createFence(Map.of("geometry", bowtie));
        Response repaired = createFence(Map.of("geometry", bowtie, "repair", true));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("detail").asString()).contains("self-intersects at [10.59");
        assertThat(repaired.status()).isEqualTo(201);
        assertThat(repaired.body().get("geometry").get("type").asString()).isEqualTo("MultiPolygon");
    }

    @Test
    void readsReplacesChangesAndDeletesAFenceEachChangeTakingEffectOnTheNextFix() {
        long id = fence(Map.of("geometry", SQUARE, "hysteresis_m", 10));
        track(fix(13.405, 52.505, "10:00:00"));
        awaitEvents(1);

        Response changed = api.patch(
                "/api/geofences/" + id, ADMIN, Map.of("geometry", SQUARE.replace("13.4", "13.5"), "name", "moved"));
        track(fix(13.405, 52.505, "10:01:00"));
        Response read = api.get("/api/geofences/" + id, ADMIN);

        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(read.body().get("name").asString()).isEqualTo("moved");
        assertThat(read.body().get("hysteresis_m").asDouble()).isEqualTo(10);
        assertThat(read.body().get("updated_at").isString()).isTrue();
        assertThat(awaitEvents(2)).containsExactly("inside 10:00:00", "outside 10:01:00");

        Map<String, Object> replacement = Map.of("name", "back", "geometry", SQUARE, "webhook_url", hook());
        Response replaced = api.put("/api/geofences/" + id, ADMIN, replacement);
        track(fix(13.405, 52.505, "10:02:00"));

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().has("hysteresis_m")).isFalse();
        assertThat(awaitEvents(3)).containsExactly("inside 10:00:00", "outside 10:01:00", "inside 10:02:00");

        assertThat(api.delete("/api/geofences/" + id, ADMIN).status()).isEqualTo(204);
        assertThat(api.get("/api/geofences/" + id, ADMIN).status()).isEqualTo(404);
    }

    @Test
    void refusesUnknownFieldsAndValuesOutOfRangeWhenChangingAFence() {
        long id = fence(Map.of("geometry", SQUARE));

        Response unknown = api.patch("/api/geofences/" + id, ADMIN, Map.of("hysteresis", 10));
        Response negative = api.patch("/api/geofences/" + id, ADMIN, Map.of("hysteresis_m", -1));
        Response wrongType = api.patch("/api/geofences/" + id, ADMIN, Map.of("cross_events", "yes"));
        Response otherApp = api.put(
                "/api/geofences/" + id, ADMIN, Map.of("name", "x", "geometry", SQUARE, "app_key", "not-this-app"));
        Map<String, Object> clearHook = new HashMap<>();
        clearHook.put("webhook_url", null);
        Response cleared = api.patch("/api/geofences/" + id, ADMIN, clearHook);

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("detail").asString()).contains("unknown field [hysteresis]");
        assertThat(negative.body().get("detail").asString())
                .contains("hysteresis_m must be a number of metres within [0, 10000], was [-1.0]");
        assertThat(wrongType.body().get("detail").asString()).contains("cross_events must be true or false");
        assertThat(otherApp.status()).isEqualTo(400);
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.body().has("webhook_url")).isFalse();
    }

    @Test
    void placesCapitalsInTheirCountryAndEnclavesInTheEnclaveOnlyThroughThePipeline() {
        for (String file : List.of("ZA", "LS", "IT", "SM", "VA", "FJ", "RU")) {
            fence(Map.of("name", file, "geometry", SharedPolygonFiles.read("ne10m-countries/" + file + ".geojson")));
        }
        for (String region : List.of("DE-BB", "DE-BE")) {
            fence(Map.of("name", region, "geometry", SharedPolygonFiles.read("ne10m-regions/" + region + ".geojson")));
        }
        Map<String, double[]> places = Map.of(
                "Johannesburg", new double[] {28.0473, -26.2041},
                "Maseru", new double[] {27.4833, -29.3167},
                "Rome", new double[] {12.4964, 41.9028},
                "San Marino", new double[] {12.4578, 43.9424},
                "Vatican", new double[] {12.4534, 41.9029},
                "Fiji east of 180", new double[] {-179.87, -16.69},
                "Chukotka", new double[] {-175, 66},
                "Berlin", new double[] {13.4050, 52.5200},
                "Potsdam", new double[] {13.0645, 52.3906});

        Map<String, String> deviceOfPlace = new HashMap<>();
        places.forEach((place, position) -> {
            String device = api.post("/api/devices", ADMIN, Map.of("name", place, "app_key", appKey))
                    .body()
                    .get("key")
                    .asString();
            deviceOfPlace.put(device, place);
            Response response = api.post("/api/track", device, fix(position[0], position[1], "10:00:00"));
            assertThat(response.status()).isEqualTo(202);
        });

        Map<String, String> countryOfPlace = new TreeMap<>();
        for (WebhookReceiver.Call call : RECEIVER.awaitCalls(hookPath, places.size())) {
            JsonNode event = ApiClient.JSON.readTree(call.body());
            countryOfPlace.merge(
                    deviceOfPlace.get(event.get("device_key").asString()),
                    event.get("geofence_name").asString(),
                    (first, second) -> first + "+" + second);
        }
        assertThat(countryOfPlace)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "Johannesburg", "ZA",
                        "Maseru", "LS",
                        "Rome", "IT",
                        "San Marino", "SM",
                        "Vatican", "VA",
                        "Fiji east of 180", "FJ",
                        "Chukotka", "RU",
                        "Berlin", "DE-BE",
                        "Potsdam", "DE-BB"));
    }

    private long fence(Map<String, Object> fields) {
        Response response = createFence(fields);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body().get("id").asLong();
    }

    private Response createFence(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.putIfAbsent("name", "fence");
        body.put("app_key", appKey);
        body.put("webhook_url", hook());
        return api.post("/api/geofences", ADMIN, body);
    }

    private String hook() {
        return RECEIVER.url(hookPath);
    }

    private void track(String body) {
        Response response = api.post("/api/track", deviceKey, body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(202);
    }

    private static String circle(double longitude, double latitude, double radiusMeters) {
        return "{\"type\":\"Circle\",\"center\":[" + longitude + "," + latitude + "],\"radius_m\":" + radiusMeters
                + "}";
    }

    private static String fix(double longitude, double latitude, String time) {
        return "{\"lat\":" + latitude + ",\"lng\":" + longitude + ",\"timestamp\":\"2024-05-01T" + time + "Z\"}";
    }

    private static String fixWithAccuracy(double longitude, double latitude, String time, double accuracy) {
        return fix(longitude, latitude, time).replace("}", ",\"accuracy\":" + accuracy + "}");
    }

    private static double northOf(double latitude, double meters) {
        return latitude + Math.toDegrees(meters / GreatCircle.EARTH_RADIUS_METERS);
    }

    private List<String> awaitEvents(int count) {
        return RECEIVER.awaitEvents(hookPath, count);
    }
}
