package io.pulsetracker.webhook;

import io.pulsetracker.geofence.GeofenceEvent;
import io.pulsetracker.geofence.GeofenceEventPayload;
import io.pulsetracker.shared.Sha256;
import io.pulsetracker.shared.SqlRows;
import io.pulsetracker.shared.UtcColumns;
import io.pulsetracker.shared.WireJson;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The webhook outbox: one delivery row per event and target, written in the caller's transaction so that
 * an event and its deliveries are recorded together or not at all. The targets of an event are its
 * fence's {@code webhook_url} (signed with the app secret) and every enabled endpoint of its app whose
 * event-type filter lets it through (signed with the endpoint's secret). Enqueuing the same event twice
 * adds nothing. A dispatcher sends what is due; {@link #dispatchSoon()} wakes it.
 */
@Service
public class WebhookOutbox {

    private static final String INSERT = "INSERT IGNORE INTO webhook_deliveries (event_id, app_id, endpoint_id,"
            + " device_id, event_type, url, url_hash, payload, status, attempts, next_attempt_at, give_up_at,"
            + " created_at) VALUES ";

    private final DatabaseClient database;
    private final WebhookProperties properties;
    private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();

    WebhookOutbox(DatabaseClient database, WebhookProperties properties) {
        this.database = database;
        this.properties = properties;
    }

    /**
     * Adds the deliveries of {@code events} to their fence URLs and their apps' endpoints; joins the
     * caller's transaction. Reads the apps' enabled endpoints first, in the same transaction.
     */
    public Mono<Void> enqueue(List<GeofenceEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        List<Long> appIds =
                events.stream().map(event -> event.fix().appId()).distinct().toList();
        return enabledEndpoints(appIds)
                .collect(Collectors.groupingBy(Target::appId))
                .flatMap(endpoints -> insert(events, endpoints));
    }

    /**
     * The hash that names the target of an endpoint's deliveries in {@code webhook_deliveries.url_hash}
     * (a fence URL's target is the hash of the URL itself).
     */
    public static String endpointTarget(long endpointId) {
        return Sha256.hex("endpoint:" + endpointId);
    }

    /** Asks the dispatcher to look for due deliveries now instead of at its next poll. Never blocks. */
    public void dispatchSoon() {
        wakeUps.tryEmitNext(Boolean.TRUE);
    }

    /** Emits a signal each time {@link #dispatchSoon()} is called; for the dispatcher. */
    public Flux<Boolean> wakeUps() {
        return wakeUps.asFlux();
    }

    private Flux<Target> enabledEndpoints(List<Long> appIds) {
        return database.sql("SELECT id, app_id, url, event_types FROM webhook_endpoints"
                        + " WHERE enabled AND app_id IN (:apps)")
                .bind("apps", appIds)
                .map(row -> new Target(
                        row.get("id", Long.class),
                        row.get("app_id", Long.class),
                        row.get("url", String.class),
                        row.get("event_types", String.class)))
                .all();
    }

    private Mono<Void> insert(List<GeofenceEvent> events, Map<Long, List<Target>> endpointsByApp) {
        Instant now = Instant.now();
        LocalDateTime created = UtcColumns.toColumn(now);
        LocalDateTime giveUp = UtcColumns.toColumn(now.plus(properties.retryPeriod()));
        SqlRows rows = new SqlRows(13);
        for (GeofenceEvent event : events) {
            String payload = WireJson.MAPPER.writeValueAsString(GeofenceEventPayload.of(event));
            String type = event.transition().wireName();
            long appId = event.fix().appId();
            long deviceId = event.fix().deviceId();
            if (event.webhookUrl() != null) {
                rows.add(
                        event.id(),
                        appId,
                        SqlRows.nullOf(Long.class),
                        deviceId,
                        type,
                        event.webhookUrl(),
                        Sha256.hex(event.webhookUrl()),
                        payload,
                        "pending",
                        0,
                        created,
                        giveUp,
                        created);
            }
            for (Target endpoint : endpointsByApp.getOrDefault(appId, List.of())) {
                if (endpoint.accepts(type)) {
                    rows.add(
                            event.id(),
                            appId,
                            endpoint.id(),
                            deviceId,
                            type,
                            endpoint.url(),
                            endpointTarget(endpoint.id()),
                            payload,
                            "pending",
                            0,
                            created,
                            giveUp,
                            created);
                }
            }
        }
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        return database.sql(INSERT + rows.placeholders()).filter(rows::bindTo).then();
    }

    /** An enabled endpoint; {@code eventTypes} is a comma-separated list of wire names, or null for all. */
    private record Target(long id, long appId, String url, String eventTypes) {

        boolean accepts(String type) {
            return eventTypes == null || Arrays.asList(eventTypes.split(",")).contains(type);
        }
    }
}
