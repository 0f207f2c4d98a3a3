package io.pulsetracker.webhook.internal;

import io.pulsetracker.geofence.GeofenceEventPayload;
import io.pulsetracker.geofence.GeofenceTransition;
import io.pulsetracker.shared.UtcColumns;
import io.pulsetracker.shared.WireJson;
import io.pulsetracker.webhook.WebhookOutbox;
import io.pulsetracker.webhook.WebhookProperties;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The delivery log: deliveries with their attempts, redelivery, and sample deliveries to test an endpoint.
 * Every method returns a cold publisher; none blocks.
 */
@Component
class WebhookDeliveries {

    private static final String COLUMNS = "id, app_id, event_id, event_type, endpoint_id, url, status, attempts,"
            + " next_attempt_at, give_up_at, last_status_code, last_error, created_at, delivered_at";

    private final DatabaseClient database;
    private final WebhookOutbox outbox;
    private final WebhookProperties properties;

    WebhookDeliveries(DatabaseClient database, WebhookOutbox outbox, WebhookProperties properties) {
        this.database = database;
        this.outbox = outbox;
        this.properties = properties;
    }

    /**
     * A row of the log.
     *
     * @param endpointId the endpoint, or null for a fence's {@code webhook_url}
     * @param status {@code pending}, {@code delivered} or {@code dead}
     * @param nextAttemptAt when it is tried next; null unless pending
     * @param giveUpAt when it is dead-lettered if still failing
     * @param payload the stored body, without {@code event_sent_at}; only when read one by one
     */
    record Delivery(
            long id,
            long appId,
            String eventId,
            String eventType,
            Long endpointId,
            String url,
            String status,
            int attempts,
            Instant nextAttemptAt,
            Instant giveUpAt,
            Integer lastStatusCode,
            String lastError,
            Instant createdAt,
            Instant deliveredAt,
            JsonNode payload) {}

    /**
     * One attempt.
     *
     * @param latencyMs from sending to the end of the answer (or the failure), milliseconds
     * @param nextAttemptAt when the next attempt was scheduled; null when there is none
     */
    record Attempt(
            Instant attemptedAt,
            Integer statusCode,
            int latencyMs,
            String error,
            String responseBody,
            Instant nextAttemptAt) {}

    /** The filter of a listing; null fields do not filter. */
    record Filter(String status, Long endpointId, Long beforeId, int limit) {}

    /** Emits an app's deliveries, newest first. */
    Flux<Delivery> of(long appId, Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE app_id = :app");
        if (filter.status() != null) {
            sql.append(" AND status = :status");
        }
        if (filter.endpointId() != null) {
            sql.append(" AND endpoint_id = :endpoint");
        }
        if (filter.beforeId() != null) {
            sql.append(" AND id < :before");
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(filter.limit());
        DatabaseClient.GenericExecuteSpec query = database.sql(sql.toString()).bind("app", appId);
        if (filter.status() != null) {
            query = query.bind("status", filter.status());
        }
        if (filter.endpointId() != null) {
            query = query.bind("endpoint", filter.endpointId());
        }
        if (filter.beforeId() != null) {
            query = query.bind("before", filter.beforeId());
        }
        return query.map(row -> read(row, null)).all();
    }

    /** Emits the delivery of this app with its payload, or completes empty. */
    Mono<Delivery> find(long appId, long id) {
        return database.sql("SELECT " + COLUMNS + ", payload FROM webhook_deliveries WHERE id = :id AND app_id = :app")
                .bind("id", id)
                .bind("app", appId)
                .map(row -> read(row, row.get("payload", String.class)))
                .one();
    }

    /** Emits the attempts of a delivery, oldest first. */
    Flux<Attempt> attempts(long deliveryId) {
        return database.sql("SELECT attempted_at, status_code, latency_ms, error, response_body, next_attempt_at"
                        + " FROM webhook_attempts WHERE delivery_id = :id ORDER BY id")
                .bind("id", deliveryId)
                .map(row -> new Attempt(
                        UtcColumns.toInstant(row.get("attempted_at", LocalDateTime.class)),
                        row.get("status_code", Integer.class),
                        row.get("latency_ms", Integer.class),
                        row.get("error", String.class),
                        row.get("response_body", String.class),
                        UtcColumns.toInstant(row.get("next_attempt_at", LocalDateTime.class))))
                .all();
    }

    /**
     * Queues a delivered or dead delivery again, due now, with a fresh retry period; the event id stays the
     * same. Emits true when it was queued, false when it was already pending.
     */
    Mono<Boolean> redeliver(Delivery delivery) {
        Instant now = Instant.now();
        return database.sql("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = :now,"
                        + " give_up_at = :giveUp, claim_token = NULL, claimed_until = NULL, delivered_at = NULL"
                        + " WHERE id = :id AND status <> 'pending'")
                .bind("now", UtcColumns.toColumn(now))
                .bind("giveUp", UtcColumns.toColumn(now.plus(properties.retryPeriod())))
                .bind("id", delivery.id())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0)
                .doOnNext(queued -> outbox.dispatchSoon());
    }

    /**
     * Queues a sample event for {@code endpoint} (a made-up device inside a made-up fence, with a fresh
     * id), sent, signed and logged like any other; emits the delivery.
     */
    Mono<Delivery> sendSample(WebhookEndpoint endpoint, String appKey) {
        Instant now = Instant.now();
        String eventId = UUID.randomUUID().toString();
        String type = GeofenceTransition.values()[0].wireName();
        GeofenceEventPayload sample = new GeofenceEventPayload(
                eventId,
                type,
                new GeofenceEventPayload.Point("Point", List.of(3.06, 36.75)),
                "sample-device",
                "sample-device-key",
                appKey,
                0,
                "Sample fence",
                now.getEpochSecond(),
                now.getEpochSecond(),
                now.toEpochMilli());
        return database.sql("INSERT INTO webhook_deliveries (event_id, app_id, endpoint_id, event_type, url,"
                        + " url_hash, payload, status, attempts, next_attempt_at, give_up_at, created_at) VALUES"
                        + " (:event, :app, :endpoint, :type, :url, :target, :payload, 'pending', 0, :now, :giveUp,"
                        + " :now)")
                .bind("event", eventId)
                .bind("app", endpoint.appId())
                .bind("endpoint", endpoint.id())
                .bind("type", type)
                .bind("url", endpoint.url())
                .bind("target", WebhookOutbox.endpointTarget(endpoint.id()))
                .bind("payload", WireJson.MAPPER.writeValueAsString(sample))
                .bind("now", UtcColumns.toColumn(now))
                .bind("giveUp", UtcColumns.toColumn(now.plus(properties.retryPeriod())))
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .doOnNext(id -> outbox.dispatchSoon())
                .flatMap(id -> find(endpoint.appId(), id));
    }

    private static Delivery read(Readable row, String payload) {
        String status = row.get("status", String.class);
        return new Delivery(
                row.get("id", Long.class),
                row.get("app_id", Long.class),
                row.get("event_id", String.class),
                row.get("event_type", String.class),
                row.get("endpoint_id", Long.class),
                row.get("url", String.class),
                status,
                row.get("attempts", Integer.class),
                "pending".equals(status) ? instant(row, "next_attempt_at") : null,
                instant(row, "give_up_at"),
                row.get("last_status_code", Integer.class),
                row.get("last_error", String.class),
                instant(row, "created_at"),
                instant(row, "delivered_at"),
                payload == null ? null : WireJson.MAPPER.readTree(payload));
    }

    private static Instant instant(Readable row, String column) {
        return UtcColumns.toInstant(row.get(column, LocalDateTime.class));
    }
}
