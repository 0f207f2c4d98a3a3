package io.pulsetracker.geofence;

import io.pulsetracker.shared.UtcColumns;
import java.time.Instant;
import java.util.Collections;
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
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

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
        String sql = INSERT + String.join(", ", Collections.nCopies(events.size(), ROW)) + " RETURNING id";
        DatabaseClient.GenericExecuteSpec spec = database.sql(sql);
        Instant now = Instant.now();
        int at = 0;
        for (GeofenceEvent event : events) {
            spec = spec.bind(at, event.id())
                    .bind(at + 1, event.fix().appId())
                    .bind(at + 2, event.geofenceId())
                    .bind(at + 3, event.fix().deviceId())
                    .bind(at + 4, event.transition().wireName())
                    .bind(at + 5, event.fix().latitude())
                    .bind(at + 6, event.fix().longitude())
                    .bind(at + 7, UtcColumns.toColumn(event.fix().recordedAt()))
                    .bind(at + 8, UtcColumns.toColumn(event.fix().receivedAt()))
                    .bind(at + 9, UtcColumns.toColumn(now));
            at += 10;
        }
        return spec.map(row -> row.get("id", String.class))
                .all()
                .collect(Collectors.toSet())
                .map(fresh -> newOnly(events, fresh));
    }

    private static List<GeofenceEvent> newOnly(List<GeofenceEvent> events, Set<String> fresh) {
        return events.stream().filter(event -> fresh.contains(event.id())).toList();
    }
}
