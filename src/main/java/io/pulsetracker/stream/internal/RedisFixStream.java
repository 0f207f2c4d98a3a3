package io.pulsetracker.stream.internal;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.pulsetracker.shared.RedisNamespace;
import io.pulsetracker.stream.FixStream;
import io.pulsetracker.stream.StreamProperties;
import io.pulsetracker.stream.StreamUnavailableException;
import io.pulsetracker.tracking.Fix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link FixStream} on Redis Streams: one XADD per fix, pipelined on the shared connection.
 *
 * <p>The fixes of one device are appended one after the other, in list order: the next XADD of a device
 * is sent only once Redis has answered the previous one, so the stream holds them in that order whatever
 * the connection does in between (a reconnect replaying its queue, for instance). Different devices are
 * appended concurrently, up to {@value #IN_FLIGHT} devices at a time.
 */
@Component
class RedisFixStream implements FixStream {

    private static final int IN_FLIGHT = 256;

    private final StreamRedis redis;
    private final RedisNamespace namespace;
    private final StreamProperties properties;

    RedisFixStream(StreamRedis redis, RedisNamespace namespace, StreamProperties properties) {
        this.redis = redis;
        this.namespace = namespace;
        this.properties = properties;
    }

    @Override
    public Mono<Void> append(List<Fix> fixes) {
        if (fixes.isEmpty()) {
            return Mono.empty();
        }
        return redis.commands()
                .flatMap(commands -> Flux.fromIterable(byDevice(fixes))
                        .flatMap(device -> Flux.fromIterable(device).concatMap(fix -> xadd(commands, fix)), IN_FLIGHT)
                        .then())
                .timeout(properties.appendTimeout())
                .onErrorMap(failure -> !(failure instanceof StreamUnavailableException), RedisFixStream::unavailable);
    }

    private Mono<String> xadd(RedisReactiveCommands<String, String> commands, Fix fix) {
        return commands.xadd(key(fix), FixCodec.FIELD, FixCodec.encode(fix));
    }

    /** The fixes of each device, in list order; devices in the order of their first fix. */
    private static Collection<List<Fix>> byDevice(List<Fix> fixes) {
        Map<Long, List<Fix>> devices = new LinkedHashMap<>();
        for (Fix fix : fixes) {
            devices.computeIfAbsent(fix.deviceId(), id -> new ArrayList<>()).add(fix);
        }
        return devices.values();
    }

    private String key(Fix fix) {
        return FixStream.streamKey(namespace, FixStream.partitionOf(fix.deviceId(), properties.partitions()));
    }

    private static StreamUnavailableException unavailable(Throwable failure) {
        String reason = failure instanceof TimeoutException
                ? "Redis did not answer in time"
                : "Redis is unreachable: " + failure.getMessage();
        return new StreamUnavailableException(reason, failure);
    }
}
