package io.pulsetracker.geofence;

import io.pulsetracker.shared.UtcColumns;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
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
    private static final String COLUMNS = "id, app_id, name, webhook_url, geometry, hysteresis_m, min_dwell_fixes,"
            + " min_dwell_seconds, max_accuracy_m, cross_events, revision, created_at, updated_at";

    private final DatabaseClient database;
    private final TransactionalOperator transaction;

    Geofences(DatabaseClient database, TransactionalOperator transaction) {
        this.database = database;
        this.transaction = transaction;
    }

    /** Stores a new fence of {@code appId}; emits it with its id once every instance will see it. */
    public Mono<Geofence> create(long appId, Geofence.Definition definition) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DatabaseClient.GenericExecuteSpec insert = bindDefinition(
                database.sql("INSERT INTO geofences (app_id, name, webhook_url, geometry, hysteresis_m,"
                                + " min_dwell_fixes, min_dwell_seconds, max_accuracy_m, cross_events, created_at)"
                                + " VALUES (:app, :name, :url, :geometry, :hysteresis, :dwellFixes, :dwellSeconds,"
                                + " :accuracy, :cross, :created)")
                        .bind("app", appId)
                        .bind("created", UtcColumns.toColumn(now)),
                definition);
        return insert.filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .map(id -> new Geofence(
                        id,
                        appId,
                        definition.name(),
                        definition.webhookUrl(),
                        definition.shape(),
                        definition.rules(),
                        0,
                        now,
                        null))
                .flatMap(fence -> changed(appId).thenReturn(fence))
                .as(transaction::transactional);
    }

    /**
     * Changes a fence's definition, keeping its id, app and creation time; emits the fence as stored, or
     * completes empty when the fence no longer exists. The fence row is read and locked ({@code SELECT ...
     * FOR UPDATE}) in the transaction that writes it, so {@code change} always sees the latest stored
     * definition: two concurrent changes both take effect, one after the other, and a change racing a
     * delete finds nothing. A change that leaves the definition as it was writes nothing and emits the
     * fence unchanged (same revision and {@code updated_at}). Otherwise the app's version moves in the
     * same transaction, so every instance evaluates the next fix against the new definition. Devices keep
     * their state for the fence (see {@code docs/geofencing.md}).
     *
     * @param change computes the new definition from the stored one; may throw to refuse the change
     */
    public Mono<Geofence> update(long id, Function<Geofence.Definition, Geofence.Definition> change) {
        return database.sql("SELECT " + COLUMNS + " FROM geofences WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(Geofences::read)
                .one()
                .flatMap(stored -> {
                    Geofence.Definition definition = change.apply(stored.definition());
                    return definition.equals(stored.definition()) ? Mono.just(stored) : write(stored, definition);
                })
                .as(transaction::transactional);
    }

    private Mono<Geofence> write(Geofence fence, Geofence.Definition definition) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DatabaseClient.GenericExecuteSpec update = bindDefinition(
                database.sql("UPDATE geofences SET name = :name, webhook_url = :url, geometry = :geometry,"
                                + " hysteresis_m = :hysteresis, min_dwell_fixes = :dwellFixes,"
                                + " min_dwell_seconds = :dwellSeconds, max_accuracy_m = :accuracy,"
                                + " cross_events = :cross, updated_at = :updated, revision = revision + 1"
                                + " WHERE id = :id")
                        .bind("id", fence.id())
                        .bind("updated", UtcColumns.toColumn(now)),
                definition);
        Geofence updated = new Geofence(
                fence.id(),
                fence.appId(),
                definition.name(),
                definition.webhookUrl(),
                definition.shape(),
                definition.rules(),
                fence.revision() + 1,
                fence.createdAt(),
                now);
        return update.then().then(changed(fence.appId())).thenReturn(updated);
    }

    /** Emits the fences of {@code appId}, oldest first. */
    public Flux<Geofence> ofApp(long appId) {
        return database.sql("SELECT " + COLUMNS + " FROM geofences WHERE app_id = :app ORDER BY id")
                .bind("app", appId)
                .map(Geofences::read)
                .all();
    }

    /** Emits the given fences of {@code appId}; ids of other apps or of deleted fences are left out. */
    public Flux<Geofence> ofApp(long appId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        String list = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        return database.sql("SELECT " + COLUMNS + " FROM geofences WHERE app_id = :app AND id IN (" + list + ")")
                .bind("app", appId)
                .map(Geofences::read)
                .all();
    }

    /** Emits the revision of every fence of {@code appId}, by fence id: cheap, no geometry is read. */
    public Mono<Map<Long, Long>> revisions(long appId) {
        return database.sql("SELECT id, revision FROM geofences WHERE app_id = :app")
                .bind("app", appId)
                .map(row -> Map.entry(row.get("id", Long.class), row.get("revision", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
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

    private static DatabaseClient.GenericExecuteSpec bindDefinition(
            DatabaseClient.GenericExecuteSpec statement, Geofence.Definition definition) {
        FenceRules rules = definition.rules();
        DatabaseClient.GenericExecuteSpec bound = statement
                .bind("name", definition.name())
                .bind("geometry", JSON.writeValueAsString(definition.shape().toGeoJson()))
                .bind("cross", rules.crossEvents());
        bound = bindOrNull(bound, "url", definition.webhookUrl(), String.class);
        bound = bindOrNull(bound, "hysteresis", rules.hysteresisMeters(), Double.class);
        bound = bindOrNull(bound, "dwellFixes", rules.minDwellFixes(), Integer.class);
        bound = bindOrNull(bound, "dwellSeconds", rules.minDwellSeconds(), Integer.class);
        return bindOrNull(bound, "accuracy", rules.maxAccuracyMeters(), Double.class);
    }

    private static <T> DatabaseClient.GenericExecuteSpec bindOrNull(
            DatabaseClient.GenericExecuteSpec statement, String name, T value, Class<T> type) {
        return value == null ? statement.bindNull(name, type) : statement.bind(name, value);
    }

    private static Geofence read(Readable row) {
        FenceRules rules = new FenceRules(
                row.get("hysteresis_m", Double.class),
                row.get("min_dwell_fixes", Integer.class),
                row.get("min_dwell_seconds", Integer.class),
                row.get("max_accuracy_m", Double.class),
                Boolean.TRUE.equals(row.get("cross_events", Boolean.class)));
        LocalDateTime updated = row.get("updated_at", LocalDateTime.class);
        return new Geofence(
                row.get("id", Long.class),
                row.get("app_id", Long.class),
                row.get("name", String.class),
                row.get("webhook_url", String.class),
                FenceShape.fromGeoJson(JSON.readTree(row.get("geometry", String.class))),
                rules,
                row.get("revision", Long.class),
                UtcColumns.toInstant(row.get("created_at", LocalDateTime.class)),
                updated == null ? null : UtcColumns.toInstant(updated));
    }
}
