package io.pulsetracker.account;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pulsetracker.account.internal.RandomKeys;
import io.pulsetracker.shared.Problems;
import io.pulsetracker.shared.UtcColumns;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates and finds apps.
 *
 * <p>Every method returns a cold publisher that queries MariaDB when subscribed; none blocks. Lookups by
 * key for authorization are scoped to the user, so one user's token never finds another's app (admins
 * see all apps).
 */
@Service
public class Apps {

    private static final String COLUMNS =
            "id, user_id, app_key, name, webhook_secret, auto_register_devices, created_at";

    private final DatabaseClient database;
    private final AsyncCache<String, App> byKey;

    Apps(DatabaseClient database) {
        this.database = database;
        this.byKey = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofSeconds(30))
                .maximumSize(10_000)
                .buildAsync();
    }

    /** Creates an app for {@code user} with fresh key and webhook secret; emits the stored app. */
    public Mono<App> create(AccountUser user, String name) {
        Objects.requireNonNull(user, "user");
        App app = new App(0, user.id(), RandomKeys.key(24), name, RandomKeys.webhookSecret(), true, Instant.now());
        return database.sql("INSERT INTO apps (user_id, app_key, name, webhook_secret, auto_register_devices,"
                        + " created_at) VALUES (:user, :key, :name, :secret, TRUE, :created)")
                .bind("user", app.userId())
                .bind("key", app.key())
                .bind("name", app.name())
                .bind("secret", app.webhookSecret())
                .bind("created", UtcColumns.toColumn(app.createdAt()))
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .map(id -> new App(id, app.userId(), app.key(), name, app.webhookSecret(), true, app.createdAt()));
    }

    /**
     * Renames an app and/or changes whether it registers unknown devices on first sight; a null leaves
     * that setting as it is. Other instances see the change within 30 seconds (their cache).
     */
    public Mono<App> update(App app, String name, Boolean autoRegisterDevices) {
        String newName = name == null ? app.name() : name;
        boolean register = autoRegisterDevices == null ? app.autoRegisterDevices() : autoRegisterDevices;
        return database.sql("UPDATE apps SET name = :name, auto_register_devices = :register WHERE id = :id")
                .bind("name", newName)
                .bind("register", register)
                .bind("id", app.id())
                .then()
                .then(Mono.fromRunnable(() -> byKey.synchronous().invalidate(app.key())))
                .thenReturn(new App(
                        app.id(), app.userId(), app.key(), newName, app.webhookSecret(), register, app.createdAt()));
    }

    /** Emits the apps {@code user} may see, oldest first. */
    public Flux<App> visibleTo(AccountUser user) {
        String sql =
                "SELECT " + COLUMNS + " FROM apps" + (user.admin() ? "" : " WHERE user_id = :user") + " ORDER BY id";
        DatabaseClient.GenericExecuteSpec spec = database.sql(sql);
        if (!user.admin()) {
            spec = spec.bind("user", user.id());
        }
        return spec.map(Apps::read).all();
    }

    /** Emits the app with this key if {@code user} may see it, else fails with a 404 problem. */
    public Mono<App> visibleTo(AccountUser user, String key) {
        return findByKey(key)
                .filter(app -> mayUse(user, app))
                .switchIfEmpty(Mono.error(() -> Problems.notFound("no app with key [" + key + "]")));
    }

    /** Emits the app with this numeric id if {@code user} may see it, else fails with a 404 problem. */
    public Mono<App> visibleTo(AccountUser user, long id) {
        return findById(id)
                .filter(app -> mayUse(user, app))
                .switchIfEmpty(Mono.error(() -> Problems.notFound("no app with id [" + id + "]")));
    }

    /**
     * Emits the app with this key, or completes empty. Cached for 30 seconds: this is on the ingest path
     * of every fix sent with an app key.
     */
    public Mono<App> findByKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 64) {
            return Mono.empty();
        }
        return Mono.fromFuture(() ->
                byKey.get(key, (k, executor) -> database.sql("SELECT " + COLUMNS + " FROM apps WHERE app_key = :key")
                        .bind("key", k)
                        .map(Apps::read)
                        .one()
                        .toFuture()));
    }

    /** Emits the app with this id, or completes empty. */
    public Mono<App> findById(long id) {
        return database.sql("SELECT " + COLUMNS + " FROM apps WHERE id = :id")
                .bind("id", id)
                .map(Apps::read)
                .one();
    }

    /** Admins may use every app; other users only their own. */
    private static boolean mayUse(AccountUser user, App app) {
        return user.admin() || app.userId() == user.id();
    }

    private static App read(Readable row) {
        return new App(
                row.get("id", Long.class),
                row.get("user_id", Long.class),
                row.get("app_key", String.class),
                row.get("name", String.class),
                row.get("webhook_secret", String.class),
                Boolean.TRUE.equals(row.get("auto_register_devices", Boolean.class)),
                UtcColumns.toInstant(row.get("created_at", LocalDateTime.class)));
    }
}
