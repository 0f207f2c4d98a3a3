package io.pulsetracker.stream;

import io.pulsetracker.shared.RedisNamespace;
import io.pulsetracker.tracking.Fix;
import java.util.List;

/**
 * Appends accepted fixes to the partitioned Redis streams, the hand-over point between the doors and the
 * pipeline.
 *
 * <p>A device's fixes always go to the same partition, {@link #partitionOf}, so they are processed in
 * order by one consumer at a time. Thread-safe.
 */
public interface FixStream {

    /**
     * Appends {@code fixes}, pipelined. The returned publisher completes when Redis has accepted every
     * one of them, and fails with {@link StreamUnavailableException} when Redis is unreachable or slower
     * than {@code pulsetracker.stream.append-timeout}; some of the fixes may then be in Redis already,
     * which is harmless because a resent fix is stored once.
     */
    reactor.core.publisher.Mono<Void> append(List<Fix> fixes);

    /** The partition of a device: a stable mix of its id, modulo the partition count. */
    static int partitionOf(long deviceId, int partitions) {
        long mixed = deviceId * 0x9E3779B97F4A7C15L;
        return Math.floorMod((int) (mixed ^ (mixed >>> 32)), partitions);
    }

    /** The Redis key of a partition's stream; the braces keep each partition on one Redis Cluster slot. */
    static String streamKey(RedisNamespace namespace, int partition) {
        return namespace.key("fixes", "{" + partition + "}");
    }
}
