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
import java.util.ArrayList;
import java.util.Collections;
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
 * About 1,000 events per second with one endpoint down beside a healthy one. The ingestion latencies are
 * printed for a reader to compare, never asserted (this machine's speed is not the test's business); what
 * is asserted is that every fix is accepted and the healthy endpoint gets every event, in order.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pulsetracker.admin-token=" + WebhookLoadIntegrationTests.ADMIN)
class WebhookLoadIntegrationTests {

    static final String ADMIN = "webhook-load-admin";
    static final int DEVICES = 100;
    static final int ROUNDS_PER_SECOND = 10;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, WebhookLoadIntegrationTests.class);
    }

    @LocalServerPort
    int port;

    @Test
    void keepsIngestingAndFeedingAHealthyEndpointWhileAnotherIsDown() throws IOException {
        List<String> devices =
                IntStream.range(0, DEVICES).mapToObj(n -> "truck-" + n).toList();
        try (WebhookReceiver healthy = new WebhookReceiver()) {
            WebhookScenario scenario = new WebhookScenario(new ApiClient(port), ADMIN, "load");
            scenario.endpoint(healthy.url("/healthy"));
            sendAtRate(scenario, devices, 0, 10);
            List<Long> before = sendAtRate(scenario, devices, 10, 20);
            long down = scenario.endpoint("http://127.0.0.1:" + closedPort() + "/down")
                    .get("id")
                    .asLong();

            List<Long> during = sendAtRate(scenario, devices, 20, 50);

            int events = DEVICES * 50;
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> healthy.accepted().size() >= events);
            System.out.printf(
                    "ingestion of %d fixes per request after a warm-up: p50 %d ms, p99 %d ms before; p50 %d ms,"
                            + " p99 %d ms with an endpoint down%n",
                    DEVICES,
                    percentile(before, 50),
                    percentile(before, 99),
                    percentile(during, 50),
                    percentile(during, 99));
            assertThat(healthy.accepted()).hasSize(events);
            assertEveryDeviceInOrder(healthy, devices, 50);
            List<JsonNode> failing = pendingDeliveries(scenario, down);
            assertThat(failing).hasSizeGreaterThanOrEqualTo(DEVICES);
            assertThat(failing.stream()
                            .mapToInt(delivery -> delivery.get("attempts").asInt())
                            .max()
                            .orElse(0))
                    .as("attempts made to the endpoint that is down")
                    .isGreaterThanOrEqualTo(1);
        }
    }

    /** Every pending delivery to {@code endpoint}, paging back through the log. */
    private static List<JsonNode> pendingDeliveries(WebhookScenario scenario, long endpoint) {
        List<JsonNode> all = new ArrayList<>();
        String query = "/deliveries?status=pending&limit=1000&endpoint_id=" + endpoint;
        JsonNode page = scenario.api.get(scenario.path(query), ADMIN).body();
        while (!page.isEmpty()) {
            page.forEach(all::add);
            long oldest = all.get(all.size() - 1).get("id").asLong();
            page = scenario.api
                    .get(scenario.path(query + "&before_id=" + oldest), ADMIN)
                    .body();
        }
        return all;
    }

    /** Sends rounds {@code from} to {@code to} at ten per second; returns each request's latency in ms. */
    private static List<Long> sendAtRate(WebhookScenario scenario, List<String> devices, int from, int to) {
        List<Long> latencies = new ArrayList<>();
        long start = System.nanoTime();
        for (int n = from; n < to; n++) {
            long due = start + (n - from) * 1_000_000_000L / ROUNDS_PER_SECOND;
            pauseUntil(due);
            long sent = System.nanoTime();
            assertThat(scenario.sendFixes(devices, n)).isEqualTo(202);
            latencies.add((System.nanoTime() - sent) / 1_000_000);
        }
        return latencies;
    }

    private static void assertEveryDeviceInOrder(WebhookReceiver receiver, List<String> devices, int rounds) {
        Map<String, List<Long>> recorded = receiver.accepted().stream()
                .map(WebhookScenario::body)
                .collect(Collectors.groupingBy(
                        body -> body.get("device_id").asString(),
                        Collectors.mapping(
                                body -> body.get("location_recorded_at").asLong(), Collectors.toList())));
        List<Long> expected = IntStream.range(0, rounds)
                .mapToObj(n -> WebhookScenario.FIRST_FIX + n)
                .toList();
        for (String device : devices) {
            assertThat(recorded.get(device)).as("events of %s", device).containsExactlyElementsOf(expected);
        }
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    private static void pauseUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
