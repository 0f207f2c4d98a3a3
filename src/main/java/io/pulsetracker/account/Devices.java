package io.pulsetracker.account;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pulsetracker.account.internal.RandomKeys;
import io.pulsetracker.shared.UtcColumns;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Registers and finds devices.
 *
 * <p>Lookups used on the ingest path ({@link #findByKey}, {@link #findOrRegister}) are cached for 30
 * seconds, so a device authenticates without a database round trip per fix. Every method returns a cold,
 * non-blocking publisher.
 */
@Service
public class Devices {

    private static final Logger log = LoggerFactory.getLogger(Devices.class);
    private static final String SELECT = "SELECT d.id, d.app_id, a.app_key, d.device_key, d.identifier, d.name,"
            + " d.created_at FROM devices d JOIN apps a ON a.id = d.app_id";

    private final DatabaseClient database;
    private final AsyncCache<String, Device> byKey = cache();
    private final AsyncCache<String, Device> byIdentifier = cache();

    Devices(DatabaseClient database) {
        this.database = database;
    }

    /**
     * Registers a device in {@code app}. A null {@code identifier} makes the device key its identifier.
     * Fails with {@link DuplicateKeyException} when the identifier is taken in this app.
     */
    public Mono<Device> register(App app, String identifier, String name) {
        String key = RandomKeys.key(24);
        String chosenIdentifier = identifier == null ? key : identifier;
        String chosenName = name == null ? chosenIdentifier : name;
        Instant now = Instant.now();
        return database.sql("INSERT INTO devices (app_id, device_key, identifier, name, created_at)"
                        + " VALUES (:app, :key, :identifier, :name, :created)")
                .bind("app", app.id())
                .bind("key", key)
                .bind("identifier", chosenIdentifier)
                .bind("name", chosenName)
                .bind("created", UtcColumns.toColumn(now))
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .map(id -> new Device(id, app.id(), app.key(), key, chosenIdentifier, chosenName, now));
    }

    /** Emits the device with this key, or completes empty. Cached. */
    public Mono<Device> findByKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 64) {
            return Mono.empty();
        }
        return Mono.fromFuture(() -> byKey.get(key, (k, executor) -> database.sql(SELECT + " WHERE d.device_key = :key")
                .bind("key", k)
                .map(Devices::read)
                .one()
                .toFuture()));
    }

    /**
     * Emits the device of {@code app} known as {@code identifier}; when there is none and the app allows
     * it, registers one (named after the identifier) first. Completes empty when the device is unknown
     * and the app does not register devices on first sight. Two concurrent first fixes of one device
     * register it once.
     */
    public Mono<Device> findOrRegister(App app, String identifier) {
        String cacheKey = app.id() + "/" + identifier;
        return Mono.fromFuture(() -> byIdentifier.get(cacheKey, (k, executor) -> findByIdentifier(app, identifier)
                .switchIfEmpty(Mono.defer(
                        () -> app.autoRegisterDevices() ? registerOnFirstSight(app, identifier) : Mono.empty()))
                .toFuture()));
    }

    /** Emits the devices of {@code app}, oldest first. */
    public Flux<Device> ofApp(App app) {
        return database.sql(SELECT + " WHERE d.app_id = :app ORDER BY d.id")
                .bind("app", app.id())
                .map(Devices::read)
                .all();
    }

    private Mono<Device> findByIdentifier(App app, String identifier) {
        return database.sql(SELECT + " WHERE d.app_id = :app AND d.identifier = :identifier")
                .bind("app", app.id())
                .bind("identifier", identifier)
                .map(Devices::read)
                .one();
    }

    private Mono<Device> registerOnFirstSight(App app, String identifier) {
        return register(app, identifier, identifier)
                .doOnNext(
                        device -> log.info("Registered device [{}] of app [{}] on its first fix", identifier, app.id()))
                .onErrorResume(DuplicateKeyException.class, raced -> findByIdentifier(app, identifier));
    }

    private static Device read(Readable row) {
        return new Device(
                row.get("id", Long.class),
                row.get("app_id", Long.class),
                row.get("app_key", String.class),
                row.get("device_key", String.class),
                row.get("identifier", String.class),
                row.get("name", String.class),
                UtcColumns.toInstant(row.get("created_at", LocalDateTime.class)));
    }

    private static AsyncCache<String, Device> cache() {
        return Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofSeconds(30))
                .maximumSize(100_000)
                .buildAsync();
    }
}
