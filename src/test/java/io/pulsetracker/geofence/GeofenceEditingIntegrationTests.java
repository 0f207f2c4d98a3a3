package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.ApiClient.Response;
import io.pulsetracker.support.TestServices;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * Creating and editing fences through the REST API: strict values, concurrent edits, stable timestamps.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pulsetracker.admin-token=geofence-editing-admin")
class GeofenceEditingIntegrationTests {

    static final String ADMIN = "geofence-editing-admin";
    static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[13.40,52.50],[13.41,52.50],[13.41,52.51],"
            + "[13.40,52.51],[13.40,52.50]]]}";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, GeofenceEditingIntegrationTests.class);
    }

    @LocalServerPort
    int port;

    @Autowired
    Geofences geofences;

    ApiClient api;
    String appKey;
    ExecutorService senders;

    @BeforeEach
    void createApp() {
        api = new ApiClient(port);
        appKey = api.post("/api/apps", ADMIN, Map.of("name", "editing"))
                .body()
                .get("key")
                .asString();
        senders = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopSenders() {
        senders.shutdownNow();
    }

    @Test
    void keepsBothOfTwoConcurrentPatchesOfDifferentFields() throws Exception {
        for (int round = 0; round < 10; round++) {
            long id = fence(Map.of()).get("id").asLong();
            String path = "/api/geofences/" + id;

            Response[] answers = together(
                    () -> api.patch(path, ADMIN, Map.of("hysteresis_m", 15)),
                    () -> api.patch(path, ADMIN, Map.of("min_dwell_fixes", 3)));

            assertThat(answers).extracting(Response::status).containsOnly(200);
            JsonNode stored = api.get(path, ADMIN).body();
            assertThat(stored.get("hysteresis_m").asDouble())
                    .as("round %d", round)
                    .isEqualTo(15.0);
            assertThat(stored.get("min_dwell_fixes").asInt())
                    .as("round %d", round)
                    .isEqualTo(3);
        }
    }

    @Test
    void changesNothingOfAFenceDeletedMeanwhile() {
        long id = fence(Map.of()).get("id").asLong();
        assertThat(api.delete("/api/geofences/" + id, ADMIN).status()).isEqualTo(204);

        StepVerifier.create(geofences.update(
                        id,
                        definition -> new Geofence.Definition(
                                "renamed", definition.webhookUrl(), definition.shape(), definition.rules())))
                .verifyComplete();
        assertThat(api.patch("/api/geofences/" + id, ADMIN, Map.of("name", "renamed"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void answersTheSameMillisecondTimestampsOnEveryRequest() {
        JsonNode created = fence(Map.of());
        String path = "/api/geofences/" + created.get("id").asLong();
        JsonNode patched = api.patch(path, ADMIN, Map.of("name", "renamed")).body();
        JsonNode read = api.get(path, ADMIN).body();

        assertThat(created.get("created_at").asString())
                .isEqualTo(read.get("created_at").asString());
        assertThat(patched.get("updated_at").asString())
                .isEqualTo(read.get("updated_at").asString());
        assertThat(read.get("updated_at").asString()).matches(".*T\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");
    }

    @Test
    void treatsAnEmptyPatchAsNoChange() {
        long id = fence(Map.of()).get("id").asLong();
        String path = "/api/geofences/" + id;

        Response empty = api.patch(path, ADMIN, Map.of());
        Response repairOnly = api.patch(path, ADMIN, Map.of("repair", true));

        assertThat(empty.status()).isEqualTo(200);
        assertThat(repairOnly.status()).isEqualTo(200);
        JsonNode updatedAt = api.get(path, ADMIN).body().get("updated_at");
        assertThat(updatedAt == null || updatedAt.isNull())
                .as("updated_at %s", updatedAt)
                .isTrue();
        StepVerifier.create(geofences.find(id).map(Geofence::revision))
                .expectNext(0L)
                .verifyComplete();
    }

    @Test
    void refusesOnCreationTheRuleValuesAPatchRefuses() {
        assertRefused(Map.of("min_dwell_seconds", 29.9), "min_dwell_seconds must be a whole number, was [29.9]");
        assertRefused(Map.of("min_dwell_fixes", 2.7), "min_dwell_fixes must be a whole number, was [2.7]");
        assertRefused(Map.of("min_dwell_fixes", "3"), "min_dwell_fixes must be a whole number, was [\"3\"]");
        assertRefused(Map.of("hysteresis_m", "15"), "hysteresis_m must be a number, was [\"15\"]");
        assertRefused(Map.of("cross_events", 1), "cross_events must be true or false, was [1]");
        assertRefused(Map.of("cross_events", "yes"), "cross_events must be true or false, was [\"yes\"]");
        assertRefused(Map.of("name", 12), "name must be a string, was [12]");

        Response replaced = api.put(
                "/api/geofences/" + fence(Map.of()).get("id").asLong(),
                ADMIN,
                Map.of("name", "square", "geometry", SQUARE, "min_dwell_seconds", 29.9));
        assertThat(replaced.status()).isEqualTo(400);
        assertThat(replaced.body().get("errors").get(0).get("field").asString()).isEqualTo("min_dwell_seconds");
    }

    @Test
    void refusesARuleOrAnUnknownMemberInsideTheGeometry() {
        String circle = "{\"type\":\"Circle\",\"center\":[16.37,48.2],\"radius_m\":100,\"hysteresis_m\":15}";
        String kilometres = "{\"type\":\"Circle\",\"center\":[16.37,48.2],\"radius_m\":100,\"radius_km\":3}";
        String polygon = SQUARE.replace("{\"type\"", "{\"min_dwell_fixes\":3,\"type\"");

        assertThat(refusal(Map.of("geometry", circle))).contains("[hysteresis_m]", "next to geometry");
        assertThat(refusal(Map.of("geometry", kilometres))).contains("[radius_km]");
        assertThat(refusal(Map.of("geometry", polygon))).contains("min_dwell_fixes does not belong in a Polygon");
    }

    @Test
    void listsTheFieldAndValueOfARuleOutOfRange() {
        Map<String, Object> body = new HashMap<>(Map.of("name", "square", "app_key", appKey, "geometry", SQUARE));
        body.put("hysteresis_m", 20000);

        Response response = api.post("/api/geofences", ADMIN, body);

        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.body().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("hysteresis_m");
        assertThat(error.get("value").asString()).isEqualTo("20000.0");
        assertThat(error.get("message").asString()).contains("within [0, 10000], was [20000.0]");
    }

    private void assertRefused(Map<String, Object> fields, String message) {
        assertThat(refusal(fields)).contains(message);
    }

    private String refusal(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "square", "app_key", appKey, "geometry", SQUARE));
        body.putAll(fields);
        Response response = api.post("/api/geofences", ADMIN, body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        return response.body().get("detail").asString();
    }

    private JsonNode fence(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "square", "app_key", appKey, "geometry", SQUARE));
        body.putAll(fields);
        Response response = api.post("/api/geofences", ADMIN, body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body();
    }

    /** Sends two requests at the same moment, from two threads, and returns both answers. */
    private Response[] together(Request first, Request second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<Response> one = CompletableFuture.supplyAsync(() -> after(start, first), senders);
        CompletableFuture<Response> two = CompletableFuture.supplyAsync(() -> after(start, second), senders);
        return new Response[] {one.get(), two.get()};
    }

    private static Response after(CyclicBarrier start, Request request) {
        try {
            start.await();
        } catch (Exception interrupted) {
            throw new IllegalStateException(interrupted);
        }
        return request.send();
    }

    interface Request {
        Response send();
    }
}
