package io.pulsetracker.geofence;

import io.pulsetracker.shared.RedisNamespace;
import io.pulsetracker.shared.UtcColumns;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores an app's geofences and tells every instance when they change.
 *
 * <p>Each change writes a new random version into {@code <prefix>:geofence-version:<app id>}; evaluators
 * compare it with the version of their cached index before each batch, so an edit takes effect on the
 * next batch on every instance. Publishers are cold and non-blocking.
 */
@Service
public class Geofences {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "id, app_id, name, webhook_url, geometry, created_at";

    private final DatabaseClient database;
    private final ReactiveStringRedisTemplate redis;
    private final RedisNamespace namespace;

    Geofences(DatabaseClient database, ReactiveStringRedisTemplate redis, RedisNamespace namespace) {
        this.database = database;
        this.redis = redis;
        this.namespace = namespace;
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
                .flatMap(fence -> changed(appId).thenReturn(fence));
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
                .then(changed(fence.appId()));
    }

    /** The Redis key holding the version of an app's fences. */
    String versionKey(long appId) {
        return namespace.key("geofence-version", appId);
    }

    private Mono<Void> changed(long appId) {
        return redis.opsForValue()
                .set(versionKey(appId), UUID.randomUUID().toString())
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
