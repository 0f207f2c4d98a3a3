package io.pulsetracker.geofence;

import io.pulsetracker.shared.UtcColumns;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores an app's geofences and tells every instance when they change.
 *
 * <p>Each change bumps the app's row in {@code geofence_versions} in the change's own transaction;
 * evaluators compare it with the version of their cached index before each batch, so an edit takes effect
 * on the next batch on every instance, and a change is never committed without its version. Publishers
 * are cold and non-blocking.
 */
@Service
public class Geofences {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "id, app_id, name, webhook_url, geometry, created_at";

    private final DatabaseClient database;
    private final TransactionalOperator transaction;

    Geofences(DatabaseClient database, TransactionalOperator transaction) {
        this.database = database;
        this.transaction = transaction;
    }

    /** Stores a new fence of {@code appId}; emits it with its id once every instance will see it. */
    public Mono<Geofence> create(long appId, String name, String webhookUrl, FenceShape shape) {
        Instant now = Instant.now();
        DatabaseClient.GenericExecuteSpec insert = database.sql(
                        "INSERT INTO geofences (app_id, name, webhook_url, geometry, created_at)"
                                + " VALUES (:app, :name, :url, :geometry, :created)")
                .bind("app", appId)
                .bind("name", name)
                .bind("geometry", JSON.writeValueAsString(shape.toGeoJson()))
                .bind("created", UtcColumns.toColumn(now));
        insert = webhookUrl == null ? insert.bindNull("url", String.class) : insert.bind("url", webhookUrl);
        return insert.filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .map(id -> new Geofence(id, appId, name, webhookUrl, shape, now))
                .flatMap(fence -> changed(appId).thenReturn(fence))
                .as(transaction::transactional);
    }

    /** Emits the fences of {@code appId}, oldest first. */
    public Flux<Geofence> ofApp(long appId) {
        return database.sql("SELECT " + COLUMNS + " FROM geofences WHERE app_id = :app ORDER BY id")
                .bind("app", appId)
                .map(Geofences::read)
                .all();
    }

    /** Emits the fence with this id, or completes empty. */
    public Mono<Geofence> find(long id) {
        return database.sql("SELECT " + COLUMNS + " FROM geofences WHERE id = :id")
                .bind("id", id)
                .map(Geofences::read)
                .one();
    }

    /** Deletes a fence; devices inside it get no {@code outside} event. */
    public Mono<Void> delete(Geofence fence) {
        return database.sql("DELETE FROM geofences WHERE id = :id")
                .bind("id", fence.id())
                .then()
                .then(changed(fence.appId()))
                .as(transaction::transactional);
    }

    /** Emits the fence version of each given app that has ever had a fence. */
    public Mono<Map<Long, Long>> versions(Collection<Long> appIds) {
        if (appIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        String ids = appIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        return database.sql("SELECT app_id, version FROM geofence_versions WHERE app_id IN (" + ids + ")")
                .map(row -> Map.entry(row.get("app_id", Long.class), row.get("version", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<Void> changed(long appId) {
        return database.sql("INSERT INTO geofence_versions (app_id, version) VALUES (:app, 1)"
                        + " ON DUPLICATE KEY UPDATE version = version + 1")
                .bind("app", appId)
                .then();
    }

    private static Geofence read(Readable row) {
        return new Geofence(
                row.get("id", Long.class),
                row.get("app_id", Long.class),
                row.get("name", String.class),
                row.get("webhook_url", String.class),
                FenceShape.fromGeoJson(JSON.readTree(row.get("geometry", String.class))),
                UtcColumns.toInstant(row.get("created_at", LocalDateTime.class)));
    }
}
