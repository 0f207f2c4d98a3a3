package io.pulsetracker.webhook;

import io.pulsetracker.geofence.GeofenceEvent;
import io.pulsetracker.geofence.GeofenceEventPayload;
import io.pulsetracker.shared.Sha256;
import io.pulsetracker.shared.SqlRows;
import io.pulsetracker.shared.UtcColumns;
import io.pulsetracker.shared.WireJson;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The webhook outbox: one delivery row per event and URL, written in the caller's transaction so that an
 * event and its deliveries are recorded together or not at all. Enqueuing the same event twice adds
 * nothing. A dispatcher sends what is due; {@link #dispatchSoon()} wakes it.
 */
@Service
public class WebhookOutbox {

    private static final String INSERT = "INSERT IGNORE INTO webhook_deliveries (event_id, app_id, url, url_hash,"
            + " payload, status, attempts, next_attempt_at, created_at) VALUES ";

    private final DatabaseClient database;
    private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();

    WebhookOutbox(DatabaseClient database) {
        this.database = database;
    }

    /** Adds a delivery for every event whose fence has a webhook URL; joins the caller's transaction. */
    public Mono<Void> enqueue(List<GeofenceEvent> events) {
        List<GeofenceEvent> hooked =
                events.stream().filter(event -> event.webhookUrl() != null).toList();
        if (hooked.isEmpty()) {
            return Mono.empty();
        }
        var now = UtcColumns.toColumn(Instant.now());
        SqlRows rows = new SqlRows(9);
        for (GeofenceEvent event : hooked) {
            rows.add(
                    event.id(),
                    event.fix().appId(),
                    event.webhookUrl(),
                    Sha256.hex(event.webhookUrl()),
                    WireJson.MAPPER.writeValueAsString(GeofenceEventPayload.of(event)),
                    "pending",
                    0,
                    now,
                    now);
        }
        return database.sql(INSERT + rows.placeholders()).filter(rows::bindTo).then();
    }

    /** Asks the dispatcher to look for due deliveries now instead of at its next poll. Never blocks. */
    public void dispatchSoon() {
        wakeUps.tryEmitNext(Boolean.TRUE);
    }

    /** Emits a signal each time {@link #dispatchSoon()} is called; for the dispatcher. */
    public reactor.core.publisher.Flux<Boolean> wakeUps() {
        return wakeUps.asFlux();
    }
}
