package io.pulsetracker.stream.internal;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.pulsetracker.shared.RedisNamespace;
import io.pulsetracker.stream.FixStream;
import io.pulsetracker.stream.StreamProperties;
import io.pulsetracker.tracking.Fix;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the partitions this instance owns, in batches, runs each batch through the {@link FixPipeline},
 * then acknowledges and deletes its entries.
 *
 * <p>It runs on one dedicated thread, so one partition's fixes are handled strictly one batch after the
 * other. A batch is acknowledged only after the pipeline succeeded; when it fails, the entries stay
 * pending and are read again (after a back-off) until it succeeds. Entries left pending by a dead consumer
 * are claimed when this instance takes their partition over. An entry that cannot be decoded, or a fix
 * the pipeline keeps failing on because of its data, is moved to the dead-letter stream
 * {@code <prefix>:fixes:dead} and acknowledged; an outage never moves anything there.
 */
@Component
class FixConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FixConsumer.class);
    static final String GROUP = "pipeline";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final StreamRedis redis;
    private final FixPipeline pipeline;
    private final RedisNamespace namespace;
    private final StreamProperties properties;
    private final String name;
    private final PartitionLeases leases;
    private final Set<Integer> recovering = new HashSet<>();
    private volatile boolean running;
    /** Failed polls in a row; read and written by the consumer thread only. */
    private int failures;

    private Thread thread;

    FixConsumer(StreamRedis redis, FixPipeline pipeline, RedisNamespace namespace, StreamProperties properties) {
        this.redis = redis;
        this.pipeline = pipeline;
        this.namespace = namespace;
        this.properties = properties;
        this.name = ManagementFactory.getRuntimeMXBean().getName() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        this.leases = new PartitionLeases(namespace, properties, name);
    }

    @Override
    public void start() {
        if (!properties.consumer()) {
            log.info("Fix consumer disabled (pulsetracker.stream.consumer=false): this instance only ingests");
            return;
        }
        running = true;
        thread = new Thread(this::run, "pulsetracker-consumer");
        thread.setDaemon(true);
        thread.start();
        log.info(
                "Fix consumer [{}] started on {} partitions, batches of up to {}",
                name,
                properties.partitions(),
                properties.batchSize());
    }

    @Override
    public void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        try {
            thread.join(properties.pollTimeout().toMillis() + 10_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        log.info("Fix consumer [{}] stopped", name);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                pollOnce();
                failures = 0;
            } catch (RuntimeException failure) {
                failures++;
                pauseAfter(failure, failures);
            }
        }
        releaseLeases();
    }

    private void pollOnce() {
        RedisReactiveCommands<String, String> commands = redis.commands().block();
        for (int partition : leases.refresh(commands)) {
            takeOver(commands, partition);
        }
        if (leases.owned().isEmpty()) {
            sleep(Duration.ofMillis(500));
            return;
        }
        List<StreamMessage<String, String>> messages = read();
        if (!messages.isEmpty()) {
            handle(commands, messages);
        }
    }

    /** Creates the group if needed and claims what a previous owner left pending. */
    private void takeOver(RedisReactiveCommands<String, String> commands, int partition) {
        String key = FixStream.streamKey(namespace, partition);
        try {
            commands.xgroupCreate(StreamOffset.from(key, "0"), GROUP, XGroupCreateArgs.Builder.mkstream())
                    .block();
        } catch (RedisBusyException exists) {
            // the group exists already: the normal case after the first start
        }
        String cursor = "0-0";
        do {
            ClaimedMessages<String, String> claimed = commands.xautoclaim(
                            key,
                            XAutoClaimArgs.Builder.xautoclaim(Consumer.from(GROUP, name), Duration.ZERO, cursor)
                                    .count(1000)
                                    .justid())
                    .block();
            cursor = claimed == null ? "0-0" : claimed.getId();
        } while (!"0-0".equals(cursor));
        recovering.add(partition);
    }

    private List<StreamMessage<String, String>> read() {
        List<StreamOffset<String>> offsets = new ArrayList<>();
        for (int partition : leases.owned()) {
            String from = recovering.contains(partition) ? "0" : ">";
            offsets.add(StreamOffset.from(FixStream.streamKey(namespace, partition), from));
        }
        XReadArgs args = XReadArgs.Builder.count(properties.batchSize());
        if (recovering.isEmpty()) {
            args.block(properties.pollTimeout());
        }
        @SuppressWarnings("unchecked")
        StreamOffset<String>[] streams = offsets.toArray(new StreamOffset[0]);
        List<StreamMessage<String, String>> messages = redis.blockingCommands()
                .xreadgroup(Consumer.from(GROUP, name), args, streams)
                .collectList()
                .block(properties.pollTimeout().plusSeconds(10));
        markRecovered(messages);
        return messages == null ? List.of() : messages;
    }

    private void markRecovered(List<StreamMessage<String, String>> messages) {
        if (recovering.isEmpty()) {
            return;
        }
        Set<String> withPending = new HashSet<>();
        messages.forEach(message -> withPending.add(message.getStream()));
        recovering.removeIf(partition -> !withPending.contains(FixStream.streamKey(namespace, partition)));
    }

    private void handle(RedisReactiveCommands<String, String> commands, List<StreamMessage<String, String>> messages) {
        Map<StreamMessage<String, String>, Fix> decoded = new LinkedHashMap<>();
        List<StreamMessage<String, String>> undecodable = new ArrayList<>();
        for (StreamMessage<String, String> message : messages) {
            try {
                decoded.put(message, FixCodec.decode(message.getBody().get(FixCodec.FIELD)));
            } catch (RuntimeException malformed) {
                undecodable.add(message);
            }
        }
        deadLetter(commands, undecodable, "the entry is not a decodable fix");

        try {
            pipeline.process(List.copyOf(decoded.values())).block();
        } catch (RuntimeException failure) {
            if (failures < 2 || !isPoison(failure)) {
                throw failure;
            }
            isolatePoison(commands, decoded, failure);
        }

        acknowledge(commands, messages);
        log.debug(
                "Processed {} fixes from {} partitions",
                decoded.size(),
                leases.owned().size());
    }

    /**
     * After a batch failed the same way several times with an error about the data itself (not an
     * outage), runs its fixes one by one: the ones that still fail that way are poison and go to the
     * dead-letter stream with their error, so they no longer hold their partition back. A fix that fails
     * with an outage keeps the whole batch pending.
     */
    private void isolatePoison(
            RedisReactiveCommands<String, String> commands,
            Map<StreamMessage<String, String>, Fix> decoded,
            RuntimeException batchFailure) {
        List<StreamMessage<String, String>> poison = new ArrayList<>();
        for (Map.Entry<StreamMessage<String, String>, Fix> entry : decoded.entrySet()) {
            try {
                pipeline.process(List.of(entry.getValue())).block();
            } catch (RuntimeException failure) {
                if (!isPoison(failure)) {
                    throw failure;
                }
                poison.add(entry.getKey());
            }
        }
        deadLetter(commands, poison, "the pipeline cannot take this fix: " + batchFailure);
    }

    /**
     * Whether a failure is about the data (a value no step can take) rather than an outage: only such
     * failures may move a fix to the dead-letter stream; an outage keeps it pending until it ends.
     */
    static boolean isPoison(Throwable failure) {
        boolean aboutData = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException || cause instanceof java.util.concurrent.TimeoutException) {
                return false;
            }
            aboutData |= cause instanceof IllegalArgumentException
                    || cause instanceof ArithmeticException
                    || cause instanceof NullPointerException
                    || cause instanceof tools.jackson.core.JacksonException
                    || cause instanceof org.springframework.dao.DataIntegrityViolationException
                    || cause instanceof io.r2dbc.spi.R2dbcDataIntegrityViolationException;
        }
        return aboutData;
    }

    private void deadLetter(
            RedisReactiveCommands<String, String> commands,
            List<StreamMessage<String, String>> messages,
            String error) {
        for (StreamMessage<String, String> message : messages) {
            Map<String, String> body = new LinkedHashMap<>(message.getBody());
            body.put("stream", message.getStream());
            body.put("entry", message.getId());
            body.put("error", error);
            commands.xadd(namespace.key("fixes", "dead"), body).block();
            log.warn("Moved entry {} of {} to the dead-letter stream: {}", message.getId(), message.getStream(), error);
        }
    }

    private void acknowledge(
            RedisReactiveCommands<String, String> commands, List<StreamMessage<String, String>> messages) {
        Map<String, List<String>> idsByStream = new LinkedHashMap<>();
        messages.forEach(message -> idsByStream
                .computeIfAbsent(message.getStream(), stream -> new ArrayList<>())
                .add(message.getId()));
        idsByStream.forEach((stream, ids) -> {
            String[] entries = ids.toArray(new String[0]);
            commands.xack(stream, GROUP, entries)
                    .then(commands.xdel(stream, entries))
                    .block();
        });
    }

    private void pauseAfter(RuntimeException failure, int failures) {
        recovering.addAll(leases.owned());
        if (String.valueOf(failure.getMessage()).contains("NOGROUP")) {
            leases.forgetAll();
        }
        Duration backoff = Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), 250L << Math.min(failures, 7)));
        if (failures == 3 || failures % 20 == 0) {
            log.error(
                    "Fix pipeline failed {} times in a row; fixes wait in Redis and are retried. Last failure: {}",
                    failures,
                    failure.toString(),
                    failure);
        } else {
            log.warn(
                    "Fix pipeline failed (attempt {}), retrying in {} ms: {}",
                    failures,
                    backoff.toMillis(),
                    failure.toString());
        }
        sleep(backoff);
    }

    private void releaseLeases() {
        try {
            leases.releaseAll(redis.commands().block());
        } catch (RuntimeException unreachable) {
            log.warn("Could not release partition leases ({}); they expire by themselves", unreachable.toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
