package io.pulsetracker.geofence;

import io.pulsetracker.shared.SqlRows;
import io.pulsetracker.shared.UtcColumns;
import io.pulsetracker.tracking.Fix;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** The record of geofence events in MariaDB. Recording is idempotent by event id. */
@Service
public class GeofenceEvents {

    private static final String INSERT = "INSERT IGNORE INTO geofence_events (id, app_id, geofence_id, device_id,"
            + " event, latitude, longitude, recorded_at, received_at, created_at) VALUES ";

    private final DatabaseClient database;

    GeofenceEvents(DatabaseClient database) {
        this.database = database;
    }

    /**
     * Records events, joining the caller's transaction if there is one.
     *
     * @return the events that were not recorded before, in the order given
     */
    public Mono<List<GeofenceEvent>> record(List<GeofenceEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(List.of());
        }
        var now = UtcColumns.toColumn(Instant.now());
        SqlRows rows = new SqlRows(10);
        for (GeofenceEvent event : events) {
            Fix fix = event.fix();
            rows.add(
                    event.id(),
                    fix.appId(),
                    event.geofenceId(),
                    fix.deviceId(),
                    event.transition().wireName(),
                    fix.latitude(),
                    fix.longitude(),
                    UtcColumns.toColumn(fix.recordedAt()),
                    UtcColumns.toColumn(fix.receivedAt()),
                    now);
        }
        return database.sql(INSERT + rows.placeholders() + " RETURNING id")
                .filter(rows::bindTo)
                .map(row -> row.get("id", String.class))
                .all()
                .collect(Collectors.toSet())
                .map(fresh -> newOnly(events, fresh));
    }

    private static List<GeofenceEvent> newOnly(List<GeofenceEvent> events, Set<String> fresh) {
        return events.stream().filter(event -> fresh.contains(event.id())).toList();
    }
}
