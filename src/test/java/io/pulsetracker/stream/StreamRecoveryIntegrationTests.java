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

    @Test
    void movesAFixThePipelineCannotTakeToTheDeadLetterStreamAndStoresTheOthers() {
        long goodDevice = 777;
        long poisonDevice = 778;
        Fix good = fix(goodDevice, 47.99);
        Fix poison = fix(poisonDevice, 999);
        Class<?> self = StreamRecoveryIntegrationTests.class;
        RedisNamespace namespace = new RedisNamespace(TestServices.property(self, "pulsetracker.redis.key-prefix"));
        withRedis(redis -> {
            redis.xadd(FixStream.streamKey(namespace, FixStream.partitionOf(poisonDevice, 8)), "fix", json(poison));
            redis.xadd(FixStream.streamKey(namespace, FixStream.partitionOf(goodDevice, 8)), "fix", json(good));
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> count(goodDevice) == 1);
        withRedis(redis ->
                await().atMost(Duration.ofSeconds(10)).until(() -> redis.xlen(namespace.key("fixes", "dead")) == 1));
    }

    private long count(long deviceId) {
        return database.sql("SELECT COUNT(*) AS n FROM fixes WHERE device_id = " + deviceId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }

    private static String json(Fix fix) {
        return JsonMapper.builder().build().writeValueAsString(fix);
    }

    private static void withRedis(java.util.function.Consumer<RedisCommands<String, String>> work) {
        Class<?> self = StreamRecoveryIntegrationTests.class;
        RedisURI uri = RedisURI.create(
                TestServices.property(self, "spring.data.redis.host"),
                Integer.parseInt(TestServices.property(self, "spring.data.redis.port")));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            work.accept(connection.sync());
        } finally {
            client.shutdown();
        }
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
            redis.xadd(stream, "fix", json(fix(DEVICE_ID, 47.99)));
            assertThat(redis.xreadgroup(
                            Consumer.from("pipeline", "dead-consumer"), XReadArgs.StreamOffset.lastConsumed(stream)))
                    .hasSize(1);
        } finally {
            client.shutdown();
        }
    }

    private static Fix fix(long deviceId, double latitude) {
        Instant now = Instant.parse("2024-06-01T12:00:00Z");
        return new Fix(
                1, "app", deviceId, "key", "device", now, now, latitude, 7.84, null, null, null, null, null, null,
                "http");
    }
}
