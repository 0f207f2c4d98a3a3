package io.pulsetracker.ingest.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The device doors' own meters, next to {@code pulsetracker.ingest.accepted} and {@code .rejected} that
 * {@link FixIntake} counts for every door:
 *
 * <ul>
 *   <li>{@code pulsetracker.ingest.connections{protocol}}: open TCP and WebSocket connections;
 *   <li>{@code pulsetracker.ingest.rejected{protocol,field}} with {@code field} {@code frame} (not UTF-8, not
 *       JSON, blank, too long) or {@code auth} (an unknown key in an auth message);
 *   <li>{@code pulsetracker.ingest.closed{protocol,reason}}: connections the server closed or refused,
 *       {@code reason} {@code idle}, {@code abuse} or {@code address-cap}.
 * </ul>
 *
 * Thread-safe.
 */
@Component
class DoorMeters {

    private final MeterRegistry registry;
    private final Map<Door, AtomicInteger> open = new EnumMap<>(Door.class);

    DoorMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Door door : Door.values()) {
            AtomicInteger count = new AtomicInteger();
            open.put(door, count);
            if (door.connected()) {
                Gauge.builder("pulsetracker.ingest.connections", count, AtomicInteger::get)
                        .tag("protocol", door.protocol())
                        .description("open device connections")
                        .register(registry);
            }
        }
    }

    void opened(Door door) {
        open.get(door).incrementAndGet();
    }

    void closed(Door door) {
        open.get(door).decrementAndGet();
    }

    void rejected(Door door, String field) {
        registry.counter("pulsetracker.ingest.rejected", "protocol", door.protocol(), "field", field)
                .increment();
    }

    void closedBy(Door door, String reason) {
        registry.counter("pulsetracker.ingest.closed", "protocol", door.protocol(), "reason", reason)
                .increment();
    }
}
