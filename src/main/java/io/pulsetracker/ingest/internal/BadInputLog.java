package io.pulsetracker.ingest.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pulsetracker.ingest.IngestProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * WARN lines about bad device input, at most one per remote address and interval
 * ({@code pulsetracker.ingest.bad-input-log-interval}); the next line says how many were left out. A
 * device or a scanner sending garbage thousands of times a second thus costs one log line a minute. Fixes
 * that Redis could not take are logged the same way, once per door and interval.
 * Thread-safe.
 */
@Component
class BadInputLog {

    private static final Logger log = LoggerFactory.getLogger(BadInputLog.class);
    private static final int ADDRESSES_REMEMBERED = 10_000;

    private final long intervalNanos;
    private final Cache<String, Window> windows;

    BadInputLog(IngestProperties properties) {
        Duration interval = properties.badInputLogInterval();
        this.intervalNanos = interval.toNanos();
        this.windows = Caffeine.newBuilder()
                .maximumSize(ADDRESSES_REMEMBERED)
                .expireAfterAccess(interval.multipliedBy(2))
                .build();
    }

    /** Logs {@code problem} unless this address was logged less than an interval ago. */
    void warn(Door door, String address, String connection, String device, String problem) {
        long suppressed = windows.get(address, ignored -> new Window()).pass(System.nanoTime(), intervalNanos);
        if (suppressed < 0) {
            return;
        }
        log.warn(
                "{} bad input from {} on {} (device {}): {}{}",
                door.protocol(),
                address,
                connection,
                device,
                problem,
                suppressed == 0 ? "" : " (" + suppressed + " more from this address not logged)");
    }

    /**
     * Logs that a fix could not be stored, at most once per door and interval: during a Redis outage every
     * device hits it, and the devices are told anyway.
     */
    void unavailable(Door door, String connection, String device, String problem) {
        long suppressed =
                windows.get("unavailable " + door, ignored -> new Window()).pass(System.nanoTime(), intervalNanos);
        if (suppressed < 0) {
            return;
        }
        log.warn(
                "{} fix from device {} on {} not stored: {}{}",
                door.protocol(),
                device,
                connection,
                problem,
                suppressed == 0 ? "" : " (" + suppressed + " more on this door not logged)");
    }

    /** One address's (or door's) log window. */
    private static final class Window {

        private long loggedAt;
        private boolean logged;
        private long suppressed;

        /** The count of lines suppressed before this one when it may be logged, else -1. */
        synchronized long pass(long now, long interval) {
            if (logged && now - loggedAt < interval) {
                suppressed++;
                return -1;
            }
            long before = suppressed;
            logged = true;
            loggedAt = now;
            suppressed = 0;
            return before;
        }
    }
}
