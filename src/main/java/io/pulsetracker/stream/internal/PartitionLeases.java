package io.pulsetracker.stream.internal;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.pulsetracker.shared.RedisNamespace;
import io.pulsetracker.stream.StreamProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which partitions this instance owns. A partition is owned through a Redis key holding the consumer's
 * name with an expiry; the owner renews it, and when an owner dies its leases expire and another instance
 * takes the partitions over. Live consumers announce themselves in {@code <prefix>:consumers}; each owns
 * at most its fair share (partitions divided by live consumers, rounded up) and gives back the rest, so
 * work spreads over the instances within a few lease renewals. Used by the consumer thread only; not
 * thread-safe.
 */
final class PartitionLeases {

    private static final Logger log = LoggerFactory.getLogger(PartitionLeases.class);
    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then"
            + " return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private static final String RELEASE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then" + " return redis.call('del', KEYS[1]) else return 0 end";

    private final RedisNamespace namespace;
    private final StreamProperties properties;
    private final String consumer;
    private final TreeSet<Integer> owned = new TreeSet<>();
    private long renewedAt;

    PartitionLeases(RedisNamespace namespace, StreamProperties properties, String consumer) {
        this.namespace = namespace;
        this.properties = properties;
        this.consumer = consumer;
    }

    /** The partitions owned now, ascending. */
    Set<Integer> owned() {
        return owned;
    }

    /**
     * Renews owned leases and tries to take free ones, at most every third of the lease time. Blocks on
     * Redis.
     *
     * @return the partitions taken by this call (they may hold pending entries of a dead consumer)
     */
    List<Integer> refresh(RedisReactiveCommands<String, String> redis) {
        long now = System.currentTimeMillis();
        List<Integer> taken = new ArrayList<>();
        if (now - renewedAt < properties.leaseTime().toMillis() / 3) {
            return taken;
        }
        renewedAt = now;
        int fairShare = fairShare(redis, now);

        for (int partition : List.copyOf(owned)) {
            renew(redis, partition);
        }
        while (owned.size() > fairShare) {
            release(redis, owned.last());
        }
        for (int partition = 0; partition < properties.partitions() && owned.size() < fairShare; partition++) {
            if (!owned.contains(partition) && acquire(redis, partition)) {
                owned.add(partition);
                taken.add(partition);
            }
        }
        if (!taken.isEmpty()) {
            log.info("Consumer [{}] took partitions {}; it owns {} (fair share {})", consumer, taken, owned, fairShare);
        }
        return taken;
    }

    /**
     * Announces this consumer and returns how many partitions it should own: the partitions divided by the
     * consumers seen alive within one lease time, rounded up.
     */
    private int fairShare(RedisReactiveCommands<String, String> redis, long now) {
        String consumers = namespace.key("consumers");
        redis.zadd(consumers, now, consumer).block(Duration.ofSeconds(5));
        redis.zremrangebyscore(
                        consumers, Range.create(0, now - properties.leaseTime().toMillis()))
                .block(Duration.ofSeconds(5));
        Long alive = redis.zcard(consumers).block(Duration.ofSeconds(5));
        int count = alive == null || alive < 1 ? 1 : alive.intValue();
        return (properties.partitions() + count - 1) / count;
    }

    /** Gives every owned partition back, so that another instance can take it at once. */
    void releaseAll(RedisReactiveCommands<String, String> redis) {
        for (int partition : List.copyOf(owned)) {
            release(redis, partition);
        }
        redis.zrem(namespace.key("consumers"), consumer).block(Duration.ofSeconds(2));
        log.info("Consumer [{}] released its partitions", consumer);
    }

    private void release(RedisReactiveCommands<String, String> redis, int partition) {
        redis.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(partition)}, consumer)
                .blockFirst(Duration.ofSeconds(2));
        owned.remove(partition);
        log.info("Consumer [{}] released partition {}", consumer, partition);
    }

    /** Forgets every lease without touching Redis, after Redis itself was lost. */
    void forgetAll() {
        owned.clear();
        renewedAt = 0;
    }

    private void renew(RedisReactiveCommands<String, String> redis, int partition) {
        Long renewed = redis.<Long>eval(
                        RENEW,
                        ScriptOutputType.INTEGER,
                        new String[] {key(partition)},
                        consumer,
                        Long.toString(properties.leaseTime().toMillis()))
                .blockFirst(Duration.ofSeconds(5));
        if (renewed == null || renewed == 0) {
            owned.remove(partition);
            log.warn(
                    "Consumer [{}] lost its lease on partition {} (it expired, or another instance took it)",
                    consumer,
                    partition);
        }
    }

    private boolean acquire(RedisReactiveCommands<String, String> redis, int partition) {
        SetArgs args = SetArgs.Builder.nx().px(properties.leaseTime().toMillis());
        return "OK".equals(redis.set(key(partition), consumer, args).block(Duration.ofSeconds(5)));
    }

    private String key(int partition) {
        return namespace.key("lease", "{" + partition + "}");
    }
}
