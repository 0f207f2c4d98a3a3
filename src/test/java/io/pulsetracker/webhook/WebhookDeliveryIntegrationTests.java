package io.pulsetracker.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.TestServices;
import io.pulsetracker.support.WebhookReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Webhook endpoints over real HTTP on loopback: retries, order, dead letters, the log, signatures. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pulsetracker.admin-token=" + WebhookDeliveryIntegrationTests.ADMIN,
            "pulsetracker.webhook.first-retry-delay=200ms",
            "pulsetracker.webhook.max-retry-delay=1s",
            "pulsetracker.webhook.response-timeout=1s",
            "pulsetracker.webhook.connect-timeout=1s",
            "pulsetracker.webhook.retry-period=6s"
        })
class WebhookDeliveryIntegrationTests {

    static final String ADMIN = "webhook-delivery-admin";
    static final Duration PATIENCE = Duration.ofSeconds(40);

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, WebhookDeliveryIntegrationTests.class);
    }

    @LocalServerPort
    int port;

    @Test
    void deliversEveryEventInOrderOnceAFailingReceiverRecovers() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookScenario scenario = new WebhookScenario(new ApiClient(port), ADMIN, "recovering");
            scenario.endpoint(receiver.url("/flaky"));
            receiver.answer(500);

            for (int n = 0; n < 6; n++) {
                assertThat(scenario.sendFixes(List.of("van-1", "van-2"), n)).isEqualTo(202);
            }
            await().atMost(PATIENCE).until(() -> receiver.calls().size() >= 4);
            receiver.answer(200);

            await().atMost(PATIENCE).until(() -> receiver.accepted().size() >= 12);
            for (String device : List.of("van-1", "van-2")) {
                List<Long> recorded = receiver.accepted().stream()
                        .map(WebhookScenario::body)
                        .filter(body -> device.equals(body.get("device_id").asString()))
                        .map(body -> body.get("location_recorded_at").asLong())
                        .toList();
                assertThat(recorded)
                        .as("events of %s in the order they happened, each accepted once", device)
                        .containsExactlyElementsOf(IntStream.range(0, 6)
                                .mapToObj(n -> WebhookScenario.FIRST_FIX + n)
                                .toList());
            }
        }
    }

    @Test
    void deadLettersAfterRetryingAReceiverThatAnswersTooLate() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.delay(Duration.ofMillis(1500));
            WebhookScenario scenario = new WebhookScenario(new ApiClient(port), ADMIN, "too late");
            long endpoint = scenario.endpoint(receiver.url("/slow")).get("id").asLong();

            assertThat(scenario.sendFixes(List.of("slow-van"), 0)).isEqualTo(202);

            JsonNode attempts = deadDelivery(scenario, endpoint).get("attempts");
            assertThat(attempts.size()).isGreaterThanOrEqualTo(2);
            assertThat(attempts.get(0).get("error").asString()).isEqualTo("the receiver did not answer within 1000 ms");
            assertThat(attempts.get(0).get("latency_ms").asInt()).isGreaterThanOrEqualTo(900);
            assertThat(attempts.get(0).has("next_attempt_at")).isTrue();
            assertThat(attempts.get(attempts.size() - 1).has("next_attempt_at")).isFalse();
        }
    }

    @Test
    void deadLettersAfterRetryingAReceiverThatRefusesConnections() throws IOException {
        WebhookScenario scenario = new WebhookScenario(new ApiClient(port), ADMIN, "refusing");
        long endpoint = scenario.endpoint("http://127.0.0.1:" + closedPort() + "/down")
                .get("id")
                .asLong();

        assertThat(scenario.sendFixes(List.of("lonely-van"), 0)).isEqualTo(202);

        JsonNode dead = deadDelivery(scenario, endpoint);
        assertThat(dead.get("attempts").size()).isGreaterThanOrEqualTo(3);
        assertThat(dead.get("attempts").get(0).get("error").asString()).containsIgnoringCase("refused");
        assertThat(dead.get("attempts").get(0).has("status_code")).isFalse();
        assertThat(dead.get("delivery").get("last_error").asString()).containsIgnoringCase("refused");
    }

    @Test
    void redeliversADeadDeliveryWithTheSameEventId() throws IOException {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(503);
            WebhookScenario scenario = new WebhookScenario(new ApiClient(port), ADMIN, "redelivery");
            long endpoint = scenario.endpoint(receiver.url("/later")).get("id").asLong();
            assertThat(scenario.sendFixes(List.of("van"), 0)).isEqualTo(202);
            JsonNode dead = deadDelivery(scenario, endpoint).get("delivery");
            receiver.answer(200);

            ApiClient.Response redelivered = scenario.api.post(
                    scenario.path("/deliveries/" + dead.get("id").asLong() + "/redeliver"), ADMIN, Map.of());

            assertThat(redelivered.status()).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
            assertThat(receiver.accepted().get(0).headers().get("webhook-id"))
                    .isEqualTo(dead.get("event_id").asString());
            assertThat(deliveries(scenario, "?status=delivered&endpoint_id=" + endpoint))
                    .hasSize(1);
        }
    }

    @Test
    void signsABodyWithADeviceNamedLodzSoThatBothSchemesVerify() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookScenario scenario = new WebhookScenario(new ApiClient(port), ADMIN, "Łódź");
            String secret =
                    scenario.endpoint(receiver.url("/signed")).get("secret").asString();

            assertThat(scenario.sendFixes(List.of("Łódź 🚚"), 0)).isEqualTo(202);

            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
            WebhookReceiver.Call call = receiver.accepted().get(0);
            assertThat(new String(call.body(), java.nio.charset.StandardCharsets.US_ASCII))
                    .contains("\"device_id\":\"\\u0141\\u00F3d\\u017A \\uD83D\\uDE9A\"");
            assertThat(WebhookScenario.body(call).get("device_id").asString()).isEqualTo("Łódź 🚚");
            assertThat(WebhookScenario.legacySignatureMatches(call, secret)).isTrue();
            assertThat(WebhookScenario.standardSignatureMatches(call, secret)).isTrue();
            assertThat(call.headers().get("webhook-id"))
                    .isEqualTo(WebhookScenario.body(call).get("id").asString());
            assertThat(call.headers().get("webhook-timestamp"))
                    .isEqualTo(WebhookScenario.body(call).get("event_sent_at").asString());
        }
    }

    @Test
    void signsWithBothSecretsWhileARotationOverlaps() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookScenario scenario = new WebhookScenario(new ApiClient(port), ADMIN, "rotation");
            JsonNode endpoint = scenario.endpoint(receiver.url("/rotated"));
            String oldSecret = endpoint.get("secret").asString();
            ApiClient.Response rotated = scenario.api.post(
                    scenario.path("/" + endpoint.get("id").asLong() + "/rotate-secret"),
                    ADMIN,
                    Map.of("overlap_seconds", 3600));
            String newSecret = rotated.body().get("secret").asString();
            assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
            assertThat(rotated.body().has("previous_secret_until")).isTrue();

            assertThat(scenario.sendFixes(List.of("van"), 0)).isEqualTo(202);

            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
            WebhookReceiver.Call call = receiver.accepted().get(0);
            assertThat(call.headers().get("webhook-signature").split(" ")).hasSize(2);
            assertThat(WebhookScenario.standardSignatureMatches(call, newSecret))
                    .isTrue();
            assertThat(WebhookScenario.standardSignatureMatches(call, oldSecret))
                    .isTrue();
            assertThat(WebhookScenario.legacySignatureMatches(call, oldSecret)).isTrue();
        }
    }

    @Test
    void sendsOnlyTheEventTypesAnEndpointAsksFor() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookScenario scenario = new WebhookScenario(new ApiClient(port), ADMIN, "filtered");
            ApiClient.Response wrong = scenario.api.post(
                    scenario.path(""), ADMIN, Map.of("url", receiver.url("/x"), "event_types", List.of("enter")));
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.body().get("detail").asString()).contains("event_types[0]", "outside", "[\"enter\"]");
            ApiClient.Response created = scenario.api.post(
                    scenario.path(""),
                    ADMIN,
                    Map.of("url", receiver.url("/outside"), "event_types", List.of("outside")));
            assertThat(created.status()).isEqualTo(201);

            for (int n = 0; n < 4; n++) {
                scenario.sendFixes(List.of("van"), n);
            }

            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 2);
            assertThat(receiver.accepted()).allMatch(call -> "outside"
                    .equals(WebhookScenario.body(call).get("event").asString()));
        }
    }

    @Test
    void sendsASampleEventToTestAnEndpoint() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookScenario scenario = new WebhookScenario(new ApiClient(port), ADMIN, "sample");
            JsonNode endpoint = scenario.endpoint(receiver.url("/test"));

            ApiClient.Response test =
                    scenario.api.post(scenario.path("/" + endpoint.get("id").asLong() + "/test"), ADMIN, Map.of());

            assertThat(test.status()).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
            WebhookReceiver.Call call = receiver.accepted().get(0);
            assertThat(WebhookScenario.body(call).get("device_id").asString()).isEqualTo("sample-device");
            assertThat(WebhookScenario.standardSignatureMatches(
                            call, endpoint.get("secret").asString()))
                    .isTrue();
            JsonNode logged = scenario.api
                    .get(scenario.path("/deliveries/" + test.body().get("id").asLong()), ADMIN)
                    .body();
            await().atMost(PATIENCE).until(() -> "delivered"
                    .equals(scenario.api
                            .get(
                                    scenario.path("/deliveries/"
                                            + test.body().get("id").asLong()),
                                    ADMIN)
                            .body()
                            .get("delivery")
                            .get("status")
                            .asString()));
            assertThat(logged.get("delivery").get("payload").get("app_key").asString())
                    .isEqualTo(scenario.appKey);
        }
    }

    @Test
    void managesEndpointsThroughTheApi() {
        WebhookScenario scenario = new WebhookScenario(new ApiClient(port), ADMIN, "crud");
        JsonNode created = scenario.endpoint("https://hooks.example.org/pulse");
        String one = scenario.path("/" + created.get("id").asLong());

        ApiClient.Response updated =
                scenario.api.patch(one, ADMIN, Map.of("enabled", false, "event_types", List.of("inside")));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("enabled").asBoolean()).isFalse();
        assertThat(updated.body().get("secret").asString()).endsWith("...");
        assertThat(scenario.api.get(scenario.path(""), ADMIN).body().size()).isEqualTo(1);
        assertThat(scenario.api
                        .post(scenario.path(""), ADMIN, Map.of("url", "ftp://x.org/"))
                        .status())
                .isEqualTo(400);
        assertThat(scenario.api.delete(one, ADMIN).status()).isEqualTo(204);
        assertThat(scenario.api.get(one, ADMIN).status()).isEqualTo(404);
    }

    private JsonNode deadDelivery(WebhookScenario scenario, long endpoint) {
        await().atMost(PATIENCE).until(() -> !deliveries(scenario, "?status=dead&endpoint_id=" + endpoint)
                .isEmpty());
        long id = deliveries(scenario, "?status=dead&endpoint_id=" + endpoint)
                .get(0)
                .get("id")
                .asLong();
        return scenario.api.get(scenario.path("/deliveries/" + id), ADMIN).body();
    }

    private static List<JsonNode> deliveries(WebhookScenario scenario, String query) {
        JsonNode list =
                scenario.api.get(scenario.path("/deliveries" + query), ADMIN).body();
        return StreamSupport.stream(list.spliterator(), false).toList();
    }

    /** A loopback port nothing listens on: connections to it are refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
