package io.pulsetracker.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulsetracker.PulseTrackerApplication;
import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Two instances on one MariaDB and one Redis share the partitions and store every fix once. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pulsetracker.admin-token=scale-out-admin", "pulsetracker.stream.lease-time=3s"})
class StreamScaleOutIntegrationTests {

    static final String ADMIN = "scale-out-admin";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, StreamScaleOutIntegrationTests.class);
    }

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    DatabaseClient database;

    @Value("${pulsetracker.redis.key-prefix}")
    String prefix;

    @Test
    void splitsThePartitionsBetweenTwoInstancesAndStoresEveryFixOnce() {
        List<String> arguments = new ArrayList<>(List.of(TestServices.asArguments(getClass())));
        arguments.addAll(List.of("--server.port=0", "--pulsetracker.stream.lease-time=3s"));
        try (ConfigurableApplicationContext second =
                new SpringApplicationBuilder(PulseTrackerApplication.class).run(arguments.toArray(String[]::new))) {

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(leasesPerConsumer().values()).containsExactly(4L, 4L));

            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            sendFixesOfManyDevices(new ApiClient(port), new ApiClient(secondPort));
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) AS n FROM fixes") == 400);
        }
    }

    private void sendFixesOfManyDevices(ApiClient first, ApiClient second) {
        String appKey = first.post("/api/apps", ADMIN, Map.of("name", "scale out"))
                .body()
                .get("key")
                .asString();
        for (int device = 0; device < 40; device++) {
            ApiClient door = device % 2 == 0 ? first : second;
            assertThat(door.post("/api/track", Map.of("X-App-Key", appKey), tenFixes("d" + device))
                            .status())
                    .isEqualTo(202);
        }
    }

    private static String tenFixes(String deviceId) {
        return IntStream.range(0, 10)
                .mapToObj(second -> "{\"device_id\":\"" + deviceId + "\",\"lat\":1,\"lng\":1,\"timestamp\":"
                        + (1710000000 + second) + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private Map<String, Long> leasesPerConsumer() {
        return IntStream.range(0, 8)
                .mapToObj(partition -> redis.opsForValue().get(prefix + ":lease:{" + partition + "}"))
                .filter(owner -> owner != null)
                .collect(Collectors.groupingBy(owner -> owner, Collectors.counting()));
    }

    private long count(String sql) {
        return database.sql(sql).map(row -> row.get("n", Long.class)).one().block();
    }
}
