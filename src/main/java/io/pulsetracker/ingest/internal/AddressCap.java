package io.pulsetracker.ingest.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one door's open connections per remote address and refuses those over the limit, so that one
 * host cannot take every file descriptor. Thread-safe.
 */
final class AddressCap {

    private final int limit;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

    AddressCap(int limit) {
        this.limit = limit;
    }

    /** Counts a new connection from {@code address}; false (and nothing counted) when it is over the limit. */
    boolean tryOpen(InetAddress address) {
        boolean[] admitted = {false};
        open.compute(address, (key, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < limit) {
                current.incrementAndGet();
                admitted[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        return admitted[0];
    }

    /** Forgets a connection admitted by {@link #tryOpen}. */
    void close(InetAddress address) {
        open.computeIfPresent(address, (key, count) -> count.decrementAndGet() == 0 ? null : count);
    }

    int limit() {
        return limit;
    }
}
