package io.pulsetracker.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulsetracker.PulseTrackerApplication;
import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.TestServices;
import io.pulsetracker.support.WebhookReceiver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The application stopped with webhook deliveries pending and started again: nothing lost, nothing twice. */
class WebhookRestartIntegrationTests {

    static final String ADMIN = "webhook-restart-admin";
    static final List<String> DEVICES = List.of("van-1", "van-2", "van-3");

    @Test
    void deliversEveryPendingEventOnceAfterTheApplicationRestarts() throws SQLException {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            ConfigurableApplicationContext first = start();
            WebhookScenario scenario = new WebhookScenario(new ApiClient(port(first)), ADMIN, "restart");
            scenario.endpoint(receiver.url("/restart"));
            sendFixes(scenario, 0, 4);
            await().atMost(Duration.ofSeconds(40))
                    .until(() -> receiver.accepted().size() == 12);

            receiver.answer(500);
            sendFixes(scenario, 4, 10);
            await().atMost(Duration.ofSeconds(40)).until(() -> receiver.calls().size() >= 12 + DEVICES.size());
            first.close();
            long pending = pendingDeliveries();
            receiver.answer(200);
            try (ConfigurableApplicationContext second = start()) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> receiver.accepted().size() >= 30);
            }

            assertThat(pending)
                    .as("deliveries pending while the application was down")
                    .isEqualTo(18);
            Map<String, Long> acceptedPerId = receiver.accepted().stream()
                    .collect(Collectors.groupingBy(call -> call.headers().get("webhook-id"), Collectors.counting()));
            assertThat(acceptedPerId).hasSize(30).allSatisfy((id, times) -> assertThat(times)
                    .as("accepted calls of event %s", id)
                    .isEqualTo(1));
            for (String device : DEVICES) {
                assertThat(recordedTimes(receiver, device))
                        .containsExactlyElementsOf(IntStream.range(0, 10)
                                .mapToObj(n -> WebhookScenario.FIRST_FIX + n)
                                .toList());
            }
        }
    }

    private static void sendFixes(WebhookScenario scenario, int from, int to) {
        for (int n = from; n < to; n++) {
            assertThat(scenario.sendFixes(DEVICES, n)).isEqualTo(202);
        }
    }

    private static List<Long> recordedTimes(WebhookReceiver receiver, String device) {
        return receiver.accepted().stream()
                .map(WebhookScenario::body)
                .filter(body -> device.equals(body.get("device_id").asString()))
                .map(body -> body.get("location_recorded_at").asLong())
                .toList();
    }

    private ConfigurableApplicationContext start() {
        List<String> arguments = new ArrayList<>(List.of(TestServices.arguments(getClass())));
        arguments.addAll(List.of(
                "--server.port=0",
                "--pulsetracker.admin-token=" + ADMIN,
                "--pulsetracker.stream.lease-time=3s",
                "--pulsetracker.webhook.first-retry-delay=200ms",
                "--pulsetracker.webhook.max-retry-delay=500ms"));
        return new SpringApplicationBuilder(PulseTrackerApplication.class).run(arguments.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private long pendingDeliveries() throws SQLException {
        Function<String, String> property = name -> TestServices.property(getClass(), name);
        try (Connection connection = DriverManager.getConnection(
                        property.apply("spring.flyway.url"), property.apply("spring.flyway.user"), "");
                Statement statement = connection.createStatement();
                ResultSet count =
                        statement.executeQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'")) {
            count.next();
            return count.getLong(1);
        }
    }
}
