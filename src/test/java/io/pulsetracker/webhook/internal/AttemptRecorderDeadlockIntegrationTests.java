package io.pulsetracker.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulsetracker.shared.UtcColumns;
import io.pulsetracker.support.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A real InnoDB deadlock between the attempt writer and another transaction: the other transaction holds
 * the second of two deliveries, the writer's batch locks the first and waits for the second, then the
 * other transaction asks for the first. InnoDB rolls back the lighter one, the writer (the other has
 * written many rows). The writer must run its batch again and record both attempts, not drop them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class AttemptRecorderDeadlockIntegrationTests {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry, AttemptRecorderDeadlockIntegrationTests.class);
    }

    @Autowired
    AttemptRecorder recorder;

    @Test
    void recordsABatchThatInnoDbRolledBackAsADeadlockVictim() throws Exception {
        try (Connection setUp = connect();
                Connection rival = connect()) {
            long first = delivery(setUp, "first", "token-1");
            long second = delivery(setUp, "second", "token-2");
            setUp.createStatement().execute("CREATE TABLE IF NOT EXISTS deadlock_ballast (n INT)");

            rival.setAutoCommit(false);
            lock(rival, second);
            ballast(rival);

            CompletableFuture<Void> recorded = Mono.when(
                            recorder.record(delivered(first, "token-1")), recorder.record(delivered(second, "token-2")))
                    .toFuture();
            await().atMost(Duration.ofSeconds(30)).until(() -> writerWaitsForALock(setUp));
            CompletableFuture<Void> rivalDone = CompletableFuture.runAsync(() -> {
                try {
                    lock(rival, first);
                    rival.rollback();
                } catch (SQLException deadlocked) {
                    throw new IllegalStateException(deadlocked);
                }
            });

            // The rival got its lock, so InnoDB rolled the writer back: the writer was the victim.
            rivalDone.get(30, java.util.concurrent.TimeUnit.SECONDS);
            recorded.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(statuses(setUp)).containsExactly("delivered 1", "delivered 1");
            assertThat(count(setUp, "SELECT COUNT(*) FROM webhook_attempts")).isEqualTo(2);
        }
    }

    private static AttemptRecorder.Outcome delivered(long id, String token) {
        LocalDateTime now = UtcColumns.toColumn(Instant.now());
        return new AttemptRecorder.Outcome(id, token, "delivered", null, 200, null, now, now, 3, "", Sinks.empty());
    }

    private static Connection connect() throws SQLException {
        String url = TestServices.property(AttemptRecorderDeadlockIntegrationTests.class, "spring.flyway.url");
        return DriverManager.getConnection(url, "root", "");
    }

    private static long delivery(Connection connection, String event, String token) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO webhook_deliveries (event_id, app_id, device_id, url, url_hash, payload, status, attempts,"
                        + " next_attempt_at, claim_token, claimed_until, created_at) VALUES (?, 1, 1,"
                        + " 'http://127.0.0.1:18160/', ?, '{}', 'pending', 0, NOW(3), ?, NOW(3) + INTERVAL 1 HOUR,"
                        + " NOW(3))",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, event);
            insert.setString(2, "deadlock-test-target-" + event);
            insert.setString(3, token);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void lock(Connection connection, long id) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT id FROM webhook_deliveries WHERE id = ? FOR UPDATE")) {
            select.setLong(1, id);
            select.executeQuery().close();
        }
    }

    /** Makes the rival transaction heavier than the writer's, so that InnoDB picks the writer as victim. */
    private static void ballast(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO deadlock_ballast (n) VALUES (0)");
        for (int n = 1; n < 500; n++) {
            sql.append(", (").append(n).append(')');
        }
        connection.createStatement().executeUpdate(sql.toString());
    }

    private static boolean writerWaitsForALock(Connection connection) throws SQLException {
        return count(
                        connection,
                        "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'"
                                + " AND trx_query LIKE 'UPDATE webhook_deliveries%'")
                > 0;
    }

    private static List<String> statuses(Connection connection) throws SQLException {
        List<String> statuses = new ArrayList<>();
        try (ResultSet rows = connection
                .createStatement()
                .executeQuery("SELECT status, attempts FROM webhook_deliveries ORDER BY id")) {
            while (rows.next()) {
                statuses.add(rows.getString(1) + " " + rows.getInt(2));
            }
        }
        return statuses;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
