package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsetracker.PulseTrackerApplication;
import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.ApiClient.Response;
import io.pulsetracker.support.TestServices;
import io.pulsetracker.support.WebhookReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A fence edited through one instance is used by another on its very next fix: this instance takes the
 * API calls and consumes nothing, a second one evaluates every fix with the index it has cached.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pulsetracker.admin-token=edit-across-admin", "pulsetracker.stream.consumer=false"})
class GeofenceEditAcrossInstancesIntegrationTests {

    static final String ADMIN = "edit-across-admin";
    static final String SQUARE = "{\"type\":\"Polygon\",\"coordinates\":[[[13.40,52.50],[13.41,52.50],[13.41,52.51],"
            + "[13.40,52.51],[13.40,52.50]]]}";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, GeofenceEditAcrossInstancesIntegrationTests.class);
    }

    @LocalServerPort
    int port;

    @Test
    void evaluatesTheFixAfterAnEditOnAnotherInstanceAgainstTheEditedShape() {
        List<String> arguments = new ArrayList<>(List.of(TestServices.asArguments(getClass())));
        arguments.add("--server.port=0");
        try (WebhookReceiver receiver = new WebhookReceiver();
                ConfigurableApplicationContext evaluator = new SpringApplicationBuilder(PulseTrackerApplication.class)
                        .run(arguments.toArray(String[]::new))) {
            ApiClient api = new ApiClient(port);
            String appKey = api.post("/api/apps", ADMIN, Map.of("name", "edits"))
                    .body()
                    .get("key")
                    .asString();
            String deviceKey = api.post("/api/devices", ADMIN, Map.of("name", "van", "app_key", appKey))
                    .body()
                    .get("key")
                    .asString();
            Response fence = api.post(
                    "/api/geofences",
                    ADMIN,
                    Map.of("name", "square", "app_key", appKey, "webhook_url", receiver.url("/e"), "geometry", SQUARE));
            String path = "/api/geofences/" + fence.body().get("id").asLong();

            track(api, deviceKey, "10:00:00");
            assertThat(receiver.awaitEvents("/e", 1)).containsExactly("inside 10:00:00");

            api.patch(path, ADMIN, Map.of("geometry", SQUARE.replace("13.4", "13.5")));
            track(api, deviceKey, "10:01:00");

            assertThat(receiver.awaitEvents("/e", 2)).containsExactly("inside 10:00:00", "outside 10:01:00");
        }
    }

    private static void track(ApiClient api, String deviceKey, String time) {
        String fix = "{\"lat\":52.505,\"lng\":13.405,\"timestamp\":\"2024-05-01T" + time + "Z\"}";
        assertThat(api.post("/api/track", deviceKey, fix).status()).isEqualTo(202);
    }
}
