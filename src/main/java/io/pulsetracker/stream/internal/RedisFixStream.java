package io.pulsetracker.stream.internal;

import io.lettuce.core.ScriptOutputType;
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
 * {@link FixStream} on Redis Streams, on the shared connection.
 *
 * <p>The fixes of one device are appended by one script call that XADDs them in list order, so the stream
 * holds them in that order, and one round trip carries them all; a lone fix is a plain XADD. Devices are
 * appended concurrently, up to {@value #IN_FLIGHT} calls in flight.
 */
@Component
class RedisFixStream implements FixStream {

    private static final int IN_FLIGHT = 256;

    /** XADDs ARGV[2..n] to KEYS[1], in order, each as the field ARGV[1]; returns how many were added. */
    private static final String APPEND_IN_ORDER =
            """
            for i = 2, #ARGV do
              redis.call('XADD', KEYS[1], '*', ARGV[1], ARGV[i])
            end
            return #ARGV - 1
            """;

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
                        .flatMap(device -> append(commands, device), IN_FLIGHT)
                        .then())
                .timeout(properties.appendTimeout())
                .onErrorMap(failure -> !(failure instanceof StreamUnavailableException), RedisFixStream::unavailable);
    }

    /** Appends the fixes of one device, in order. */
    private Mono<?> append(RedisReactiveCommands<String, String> commands, List<Fix> device) {
        String key = key(device.get(0));
        if (device.size() == 1) {
            return commands.xadd(key, FixCodec.FIELD, FixCodec.encode(device.get(0)));
        }
        String[] arguments = new String[device.size() + 1];
        arguments[0] = FixCodec.FIELD;
        for (int i = 0; i < device.size(); i++) {
            arguments[i + 1] = FixCodec.encode(device.get(i));
        }
        return commands.<Long>eval(APPEND_IN_ORDER, ScriptOutputType.INTEGER, new String[] {key}, arguments)
                .then();
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
