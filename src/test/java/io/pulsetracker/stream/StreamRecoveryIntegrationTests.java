package io.pulsetracker.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.pulsetracker.shared.RedisNamespace;
import io.pulsetracker.support.TestServices;
import io.pulsetracker.tracking.Fix;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consumer died with fixes read but not acknowledged: they are pending in Redis under its name. A new
 * instance that takes the partition over must claim and store them.
 */
@SpringBootTest
class StreamRecoveryIntegrationTests {

    static final long DEVICE_ID = 4242;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, StreamRecoveryIntegrationTests.class);
        leaveAFixPendingUnderADeadConsumer();
    }

    @Autowired
    DatabaseClient database;

    @Test
    void storesTheFixesADeadConsumerLeftPending() {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> database.sql("SELECT COUNT(*) AS n FROM fixes WHERE device_id = " + DEVICE_ID)
                                .map(row -> row.get("n", Long.class))
                                .one()
                                .block()
                        == 1);
    }

    private static void leaveAFixPendingUnderADeadConsumer() {
        Class<?> self = StreamRecoveryIntegrationTests.class;
        RedisNamespace namespace = new RedisNamespace(TestServices.property(self, "pulsetracker.redis.key-prefix"));
        String stream = FixStream.streamKey(namespace, FixStream.partitionOf(DEVICE_ID, 8));
        RedisURI uri = RedisURI.create(
                TestServices.property(self, "spring.data.redis.host"),
                Integer.parseInt(TestServices.property(self, "spring.data.redis.port")));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            redis.xgroupCreate(
                    XReadArgs.StreamOffset.from(stream, "0"), "pipeline", XGroupCreateArgs.Builder.mkstream());
            redis.xadd(stream, "fix", JsonMapper.builder().build().writeValueAsString(fix()));
            assertThat(redis.xreadgroup(
                            Consumer.from("pipeline", "dead-consumer"), XReadArgs.StreamOffset.lastConsumed(stream)))
                    .hasSize(1);
        } finally {
            client.shutdown();
        }
    }

    private static Fix fix() {
        Instant now = Instant.parse("2024-06-01T12:00:00Z");
        return new Fix(
                1, "app", DEVICE_ID, "key", "device", now, now, 47.99, 7.84, null, null, null, null, null, null,
                "http");
    }
}
