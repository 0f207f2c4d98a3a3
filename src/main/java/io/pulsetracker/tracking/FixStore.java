package io.pulsetracker.tracking;

import io.pulsetracker.shared.SqlRows;
import io.pulsetracker.shared.UtcColumns;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores fixes and answers history queries.
 *
 * <p>Storing is idempotent: a fix whose device and recorded time are already stored is ignored, so a
 * resent datagram or a re-uploaded batch changes nothing. The latest position of a device moves only to a
 * newer recorded time. Publishers are cold and non-blocking.
 */
@Service
public class FixStore {

    private static final String INSERT = "INSERT IGNORE INTO fixes (app_id, device_id, recorded_at, received_at,"
            + " latitude, longitude, altitude, speed, heading, accuracy, battery, protocol, attributes) VALUES ";
    private static final String UPSERT_LATEST = "INSERT INTO latest_positions (device_id, app_id, recorded_at,"
            + " received_at, latitude, longitude) VALUES %s ON DUPLICATE KEY UPDATE"
            + " received_at = IF(VALUES(recorded_at) > recorded_at, VALUES(received_at), received_at),"
            + " latitude = IF(VALUES(recorded_at) > recorded_at, VALUES(latitude), latitude),"
            + " longitude = IF(VALUES(recorded_at) > recorded_at, VALUES(longitude), longitude),"
            + " recorded_at = GREATEST(recorded_at, VALUES(recorded_at))";

    private final DatabaseClient database;

    FixStore(DatabaseClient database) {
        this.database = database;
    }

    /**
     * Stores a batch and moves the latest positions forward.
     *
     * @return the fixes that were new, in the order given; duplicates (stored before, or twice in this
     *     batch) are left out
     */
    public Mono<List<Fix>> store(List<Fix> fixes) {
        if (fixes.isEmpty()) {
            return Mono.just(List.of());
        }
        return insertIgnoringDuplicates(fixes)
                .flatMap(stored -> updateLatest(stored).thenReturn(stored));
    }

    private Mono<List<Fix>> insertIgnoringDuplicates(List<Fix> fixes) {
        SqlRows rows = new SqlRows(13);
        for (Fix fix : fixes) {
            rows.add(
                    fix.appId(),
                    fix.deviceId(),
                    UtcColumns.toColumn(fix.recordedAt()),
                    UtcColumns.toColumn(fix.receivedAt()),
                    fix.latitude(),
                    fix.longitude(),
                    SqlRows.orNull(fix.altitude(), Double.class),
                    SqlRows.orNull(fix.speed(), Double.class),
                    SqlRows.orNull(fix.heading(), Double.class),
                    SqlRows.orNull(fix.accuracy(), Double.class),
                    SqlRows.orNull(fix.battery(), Double.class),
                    fix.protocol(),
                    SqlRows.orNull(fix.attributes(), String.class));
        }
        return database.sql(INSERT + rows.placeholders() + " RETURNING device_id, recorded_at")
                .filter(rows::bindTo)
                .map(row -> new Fix.FixKey(
                        row.get("device_id", Long.class),
                        UtcColumns.toInstant(row.get("recorded_at", LocalDateTime.class))
                                .toEpochMilli()))
                .all()
                .collect(Collectors.toSet())
                .map(inserted -> firstOfEach(fixes, inserted));
    }

    private static List<Fix> firstOfEach(List<Fix> fixes, Set<Fix.FixKey> inserted) {
        Set<Fix.FixKey> taken = new HashSet<>();
        List<Fix> stored = new ArrayList<>(inserted.size());
        for (Fix fix : fixes) {
            if (inserted.contains(fix.key()) && taken.add(fix.key())) {
                stored.add(fix);
            }
        }
        return stored;
    }

    private Mono<Void> updateLatest(List<Fix> stored) {
        if (stored.isEmpty()) {
            return Mono.empty();
        }
        Collection<Fix> newestPerDevice = stored.stream()
                .collect(Collectors.toMap(
                        Fix::deviceId,
                        Function.identity(),
                        (a, b) -> a.recordedAt().isAfter(b.recordedAt()) ? a : b,
                        LinkedHashMap::new))
                .values();
        SqlRows rows = new SqlRows(6);
        for (Fix fix : newestPerDevice) {
            rows.add(
                    fix.deviceId(),
                    fix.appId(),
                    UtcColumns.toColumn(fix.recordedAt()),
                    UtcColumns.toColumn(fix.receivedAt()),
                    fix.latitude(),
                    fix.longitude());
        }
        return database.sql(UPSERT_LATEST.formatted(rows.placeholders()))
                .filter(rows::bindTo)
                .then();
    }

    /**
     * Marks fixes as too coarse for an accuracy gate of a geofence; they stay stored and listed, with
     * {@code accuracy_gated} true. Joins the caller's transaction if there is one.
     */
    public Mono<Void> flagAccuracyGated(List<Fix.FixKey> keys) {
        if (keys.isEmpty()) {
            return Mono.empty();
        }
        SqlRows rows = new SqlRows(2);
        keys.forEach(
                key -> rows.add(key.deviceId(), UtcColumns.toColumn(Instant.ofEpochMilli(key.recordedAtMillis()))));
        return database.sql("UPDATE fixes SET accuracy_gated = TRUE WHERE (device_id, recorded_at) IN ("
                        + rows.placeholders() + ")")
                .filter(rows::bindTo)
                .then();
    }

    /**
     * Emits the stored fixes of one device with {@code from <= recorded_at < to}, newest first.
     *
     * @param limit at most this many rows (the caller bounds it)
     */
    public Flux<StoredFix> history(long deviceId, Instant from, Instant to, int limit) {
        return database.sql("SELECT recorded_at, received_at, latitude, longitude, altitude, speed, heading,"
                        + " accuracy, battery, protocol, attributes, accuracy_gated FROM fixes"
                        + " WHERE device_id = :device AND recorded_at >= :from AND recorded_at < :to"
                        + " ORDER BY recorded_at DESC LIMIT :limit")
                .bind("device", deviceId)
                .bind("from", UtcColumns.toColumn(from))
                .bind("to", UtcColumns.toColumn(to))
                .bind("limit", limit)
                .map(FixStore::readStored)
                .all();
    }

    /** Emits the newest stored position of one device, or completes empty when it has none. */
    public Mono<StoredFix> latest(long deviceId) {
        return database.sql("SELECT f.recorded_at, f.received_at, f.latitude, f.longitude, f.altitude, f.speed,"
                        + " f.heading, f.accuracy, f.battery, f.protocol, f.attributes, f.accuracy_gated"
                        + " FROM latest_positions p"
                        + " JOIN fixes f ON f.device_id = p.device_id AND f.recorded_at = p.recorded_at"
                        + " WHERE p.device_id = :device")
                .bind("device", deviceId)
                .map(FixStore::readStored)
                .one();
    }

    private static StoredFix readStored(Readable row) {
        return new StoredFix(
                UtcColumns.toInstant(row.get("recorded_at", LocalDateTime.class)),
                UtcColumns.toInstant(row.get("received_at", LocalDateTime.class)),
                row.get("latitude", Double.class),
                row.get("longitude", Double.class),
                row.get("altitude", Double.class),
                row.get("speed", Double.class),
                row.get("heading", Double.class),
                row.get("accuracy", Double.class),
                row.get("battery", Double.class),
                row.get("protocol", String.class),
                row.get("attributes", String.class),
                Boolean.TRUE.equals(row.get("accuracy_gated", Boolean.class)) ? Boolean.TRUE : null);
    }
}
