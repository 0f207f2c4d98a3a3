package io.pulsetracker.webhook.internal;

import io.pulsetracker.shared.UtcColumns;
import io.pulsetracker.webhook.WebhookSignature;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The webhook endpoints of apps in MariaDB. Every method returns a cold publisher; none blocks. */
@Component
class WebhookEndpoints {

    private static final String COLUMNS = "id, app_id, url, event_types, enabled, secret, previous_secret,"
            + " previous_secret_until, created_at, updated_at";

    private final DatabaseClient database;

    WebhookEndpoints(DatabaseClient database) {
        this.database = database;
    }

    /** Creates an endpoint with a fresh secret; emits it. */
    Mono<WebhookEndpoint> create(long appId, String url, List<String> eventTypes, boolean enabled) {
        LocalDateTime now = UtcColumns.toColumn(Instant.now());
        return database.sql("INSERT INTO webhook_endpoints (app_id, url, event_types, enabled, secret, created_at,"
                        + " updated_at) VALUES (:app, :url, :types, :enabled, :secret, :now, :now)")
                .bind("app", appId)
                .bind("url", url)
                .bind("types", types(eventTypes))
                .bind("enabled", enabled)
                .bind("secret", WebhookSignature.newSecret())
                .bind("now", now)
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .flatMap(this::find);
    }

    /** Emits the endpoints of an app, oldest first. */
    Flux<WebhookEndpoint> ofApp(long appId) {
        return database.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE app_id = :app ORDER BY id")
                .bind("app", appId)
                .map(WebhookEndpoints::read)
                .all();
    }

    /** Emits the endpoint, or completes empty. */
    Mono<WebhookEndpoint> find(long id) {
        return database.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = :id")
                .bind("id", id)
                .map(WebhookEndpoints::read)
                .one();
    }

    /** Stores the new url, filter and enabled flag of {@code endpoint}; emits it as stored. */
    Mono<WebhookEndpoint> update(WebhookEndpoint endpoint) {
        return database.sql("UPDATE webhook_endpoints SET url = :url, event_types = :types, enabled = :enabled,"
                        + " updated_at = :now WHERE id = :id")
                .bind("url", endpoint.url())
                .bind("types", types(endpoint.eventTypes()))
                .bind("enabled", endpoint.enabled())
                .bind("now", UtcColumns.toColumn(Instant.now()))
                .bind("id", endpoint.id())
                .then()
                .then(find(endpoint.id()));
    }

    /**
     * Gives the endpoint a fresh secret; the current one becomes the previous one and keeps signing for
     * {@code overlap}. Emits the endpoint with its new secret.
     */
    Mono<WebhookEndpoint> rotateSecret(WebhookEndpoint endpoint, Duration overlap) {
        Instant now = Instant.now();
        return database.sql("UPDATE webhook_endpoints SET previous_secret = secret, secret = :secret,"
                        + " previous_secret_until = :until, updated_at = :now WHERE id = :id")
                .bind("secret", WebhookSignature.newSecret())
                .bind("until", UtcColumns.toColumn(now.plus(overlap)))
                .bind("now", UtcColumns.toColumn(now))
                .bind("id", endpoint.id())
                .then()
                .then(find(endpoint.id()));
    }

    /** Deletes the endpoint; its queued deliveries are dead-lettered when their turn comes. */
    Mono<Void> delete(WebhookEndpoint endpoint) {
        return database.sql("DELETE FROM webhook_endpoints WHERE id = :id")
                .bind("id", endpoint.id())
                .then();
    }

    private static Parameter types(List<String> eventTypes) {
        return eventTypes == null ? Parameter.empty(String.class) : Parameter.from(String.join(",", eventTypes));
    }

    private static WebhookEndpoint read(Readable row) {
        String types = row.get("event_types", String.class);
        return new WebhookEndpoint(
                row.get("id", Long.class),
                row.get("app_id", Long.class),
                row.get("url", String.class),
                types == null ? null : Arrays.asList(types.split(",")),
                Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                row.get("secret", String.class),
                row.get("previous_secret", String.class),
                UtcColumns.toInstant(row.get("previous_secret_until", LocalDateTime.class)),
                UtcColumns.toInstant(row.get("created_at", LocalDateTime.class)),
                UtcColumns.toInstant(row.get("updated_at", LocalDateTime.class)));
    }
}
