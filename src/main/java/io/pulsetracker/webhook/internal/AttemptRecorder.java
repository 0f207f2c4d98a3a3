package io.pulsetracker.webhook.internal;

import io.pulsetracker.shared.SqlRows;
import io.pulsetracker.webhook.WebhookOutbox;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Writes the outcomes of delivery attempts to MariaDB in batches: the new state of each delivery and a
 * row of {@code webhook_attempts} per attempt, one transaction per batch (up to {@value #BATCH} outcomes
 * or {@value #LINGER_MILLIS} ms), instead of one transaction (and one log flush) per attempt.
 *
 * <p>A delivery's state is written only while the sender still holds its claim; the attempt is logged
 * either way, since it did happen. A batch that MariaDB refuses for a passing reason (a deadlock with the
 * outbox or the dispatcher, a lock wait timeout) is written again as a whole after a short back-off (see
 * {@link LockConflicts}); a batch that still fails is logged at ERROR and its outcomes fail, so that the
 * sender knows its attempt is not recorded. No failure is ever dropped unseen.
 *
 * <p>Thread-safe: {@link #record} may be called from any number of threads at once (the outcomes go
 * through a serialized sink, never failing for concurrent callers); it completes once the batch is
 * committed.
 */
@Component
class AttemptRecorder implements DisposableBean {

    static final int BATCH = 200;
    static final long LINGER_MILLIS = 10;

    private static final Logger log = LoggerFactory.getLogger(AttemptRecorder.class);

    private final DatabaseClient database;
    private final TransactionalOperator transaction;
    private final WebhookOutbox outbox;
    private final Disposable writer;
    private volatile FluxSink<Outcome> outcomes;

    /**
     * The outcome of one attempt, as columns.
     *
     * @param next the next attempt, or null when there is none (delivered or dead)
     * @param delivered when it was delivered, or null
     */
    record Outcome(
            long deliveryId,
            String claimToken,
            String status,
            LocalDateTime next,
            Integer statusCode,
            String error,
            LocalDateTime delivered,
            LocalDateTime attemptedAt,
            int latencyMillis,
            String responseBody,
            Sinks.Empty<Void> written) {}

    AttemptRecorder(DatabaseClient database, TransactionalOperator transaction, WebhookOutbox outbox) {
        this.database = database;
        this.transaction = transaction;
        this.outbox = outbox;
        this.writer = Flux.<Outcome>create(sink -> outcomes = sink, FluxSink.OverflowStrategy.BUFFER)
                .bufferTimeout(BATCH, Duration.ofMillis(LINGER_MILLIS), true)
                .concatMap(this::write)
                .subscribe(
                        batch -> {},
                        failure -> log.error("The webhook attempt writer stopped; no attempt is recorded", failure));
    }

    /**
     * Queues {@code outcome}; completes when it is committed, or fails when its batch could not be, even
     * after the retries for lock conflicts.
     */
    Mono<Void> record(Outcome outcome) {
        outcomes.next(outcome);
        return outcome.written().asMono();
    }

    @Override
    public void destroy() {
        writer.dispose();
    }

    private Mono<Void> write(List<Outcome> batch) {
        return transaction
                .transactional(Mono.defer(() -> updateDeliveries(batch).then(insertAttempts(batch))))
                .retryWhen(LockConflicts.retry("recording " + batch.size() + " webhook attempts"))
                .doOnSuccess(done -> {
                    batch.forEach(outcome -> outcome.written().tryEmitEmpty());
                    outbox.dispatchSoon();
                })
                .onErrorResume(failure -> {
                    log.error(
                            "Could not record {} webhook attempts (deliveries {}); they are sent again when their"
                                    + " claims expire",
                            batch.size(),
                            batch.stream().map(Outcome::deliveryId).toList(),
                            failure);
                    batch.forEach(outcome -> outcome.written().tryEmitError(failure));
                    return Mono.empty();
                });
    }

    /** One UPDATE for the batch: each column takes its row's value through {@code CASE id WHEN ...}. */
    private Mono<Void> updateDeliveries(List<Outcome> batch) {
        SqlRows values = new SqlRows(1);
        StringBuilder sql = new StringBuilder(
                "UPDATE webhook_deliveries SET attempts = attempts + 1," + " claim_token = NULL, claimed_until = NULL");
        sql.append(", status = ").append(cases(batch, values, Outcome::status, String.class));
        sql.append(", next_attempt_at = COALESCE(")
                .append(cases(batch, values, Outcome::next, LocalDateTime.class))
                .append(", next_attempt_at)");
        sql.append(", last_status_code = ").append(cases(batch, values, Outcome::statusCode, Integer.class));
        sql.append(", last_error = ").append(cases(batch, values, Outcome::error, String.class));
        sql.append(", delivered_at = ").append(cases(batch, values, Outcome::delivered, LocalDateTime.class));
        sql.append(" WHERE id IN (");
        for (int i = 0; i < batch.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
            values.add(batch.get(i).deliveryId());
        }
        sql.append(") AND claim_token = ").append(cases(batch, values, Outcome::claimToken, String.class));
        return database.sql(sql.toString()).filter(values::bindTo).then();
    }

    private static String cases(
            List<Outcome> batch, SqlRows values, java.util.function.Function<Outcome, Object> column, Class<?> type) {
        StringBuilder sql = new StringBuilder("CASE id");
        for (Outcome outcome : batch) {
            sql.append(" WHEN ? THEN ?");
            values.add(outcome.deliveryId()).add(SqlRows.orNull(column.apply(outcome), type));
        }
        return sql.append(" END").toString();
    }

    private Mono<Void> insertAttempts(List<Outcome> batch) {
        SqlRows rows = new SqlRows(7);
        for (Outcome outcome : batch) {
            rows.add(
                    outcome.deliveryId(),
                    outcome.attemptedAt(),
                    SqlRows.orNull(outcome.statusCode(), Integer.class),
                    outcome.latencyMillis(),
                    SqlRows.orNull(outcome.error(), String.class),
                    SqlRows.orNull(outcome.responseBody(), String.class),
                    SqlRows.orNull(outcome.next(), LocalDateTime.class));
        }
        return database.sql("INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error,"
                        + " response_body, next_attempt_at) VALUES " + rows.placeholders())
                .filter(rows::bindTo)
                .then();
    }
}
