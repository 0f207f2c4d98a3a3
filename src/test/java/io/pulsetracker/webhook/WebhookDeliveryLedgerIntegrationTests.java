package io.pulsetracker.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.TestServices;
import io.pulsetracker.support.WebhookReceiver;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The delivery log tells the truth about every call: a delivery is marked delivered only when the
 * receiver answered that very call 2xx in time, and every call the receiver got is one recorded attempt.
 * A response read as the answer to another call (a pooled connection reused after a timeout, a claim
 * shared by two rounds, an update that hit another claim's rows) would break the first; a send repeated
 * because its bookkeeping was lost would break the second.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pulsetracker.admin-token=" + WebhookDeliveryLedgerIntegrationTests.ADMIN,
            "pulsetracker.webhook.first-retry-delay=100ms",
            "pulsetracker.webhook.max-retry-delay=300ms",
            "pulsetracker.webhook.response-timeout=1s",
            "pulsetracker.webhook.connect-timeout=1s"
        })
class WebhookDeliveryLedgerIntegrationTests {

    static final String ADMIN = "webhook-ledger-admin";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final List<String> DEVICES =
            IntStream.range(0, 6).mapToObj(n -> "ledger-van-" + n).toList();
    static final int FIXES = 12;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, WebhookDeliveryLedgerIntegrationTests.class);
    }

    @LocalServerPort
    int port;

    @Test
    void marksDeliveredOnlyWhatTheReceiverAcceptedInTimeAndLogsEveryCallItGot() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookScenario scenario = new WebhookScenario(new ApiClient(port), ADMIN, "ledger");
            scenario.endpoint(receiver.url("/ledger"));
            receiver.reply(call -> call % 2 == 0
                    ? new WebhookReceiver.Reply(202, Duration.ofMillis(1500))
                    : new WebhookReceiver.Reply(503, Duration.ZERO));

            for (int n = 0; n < FIXES; n++) {
                assertThat(scenario.sendFixes(DEVICES, n)).isEqualTo(202);
            }
            await().atMost(PATIENCE).until(() -> receiver.calls().size() >= 3 * DEVICES.size());
            assertThat(deliveries(scenario, "delivered"))
                    .as("nothing is delivered while every answer is too late or an error")
                    .isEmpty();

            receiver.reply(call -> new WebhookReceiver.Reply(200, Duration.ZERO));
            await().atMost(PATIENCE)
                    .until(() -> deliveries(scenario, "delivered").size() == DEVICES.size() * FIXES);
            await().atMost(PATIENCE)
                    .until(() -> attemptsLogged(scenario) == receiver.calls().size());

            Map<String, Long> calls = receiver.calls().stream()
                    .collect(Collectors.groupingBy(call -> call.headers().get("webhook-id"), Collectors.counting()));
            Map<String, Long> attempts = new HashMap<>();
            deliveries(scenario, "delivered")
                    .forEach(delivery -> attempts.put(
                            delivery.get("event_id").asString(),
                            delivery.get("attempts").asLong()));
            assertThat(attempts).as("one logged attempt per call received").isEqualTo(calls);
            assertInOrderOnce(receiver);
        }
    }

    /** Each device's events were answered 200 exactly once each, in the order they were recorded. */
    private static void assertInOrderOnce(WebhookReceiver receiver) {
        for (String device : DEVICES) {
            List<Long> recorded = receiver.calls().stream()
                    .filter(call -> call.answered() == 200)
                    .map(WebhookScenario::body)
                    .filter(body -> device.equals(body.get("device_id").asString()))
                    .map(body -> body.get("location_recorded_at").asLong())
                    .toList();
            assertThat(recorded)
                    .as("events of %s accepted once each, in order", device)
                    .containsExactlyElementsOf(IntStream.range(0, FIXES)
                            .mapToObj(n -> WebhookScenario.FIRST_FIX + n)
                            .toList());
        }
    }

    private static List<JsonNode> deliveries(WebhookScenario scenario, String status) {
        JsonNode page = scenario.api
                .get(scenario.path("/deliveries?limit=1000&status=" + status), scenario.admin)
                .body();
        return java.util.stream.StreamSupport.stream(page.spliterator(), false).toList();
    }

    private static long attemptsLogged(WebhookScenario scenario) {
        JsonNode page = scenario.api
                .get(scenario.path("/deliveries?limit=1000"), scenario.admin)
                .body();
        long total = 0;
        for (JsonNode delivery : page) {
            total += delivery.get("attempts").asLong();
        }
        return total;
    }
}
