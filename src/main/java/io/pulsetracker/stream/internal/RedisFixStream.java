package io.pulsetracker.stream.internal;

import io.pulsetracker.shared.RedisNamespace;
import io.pulsetracker.stream.FixStream;
import io.pulsetracker.stream.StreamProperties;
import io.pulsetracker.stream.StreamUnavailableException;
import io.pulsetracker.tracking.Fix;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link FixStream} on Redis Streams: one XADD per fix, pipelined on the shared connection. */
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
                .flatMap(commands -> Flux.fromIterable(fixes)
                        .flatMap(fix -> commands.xadd(key(fix), FixCodec.FIELD, FixCodec.encode(fix)), IN_FLIGHT)
                        .then())
                .timeout(properties.appendTimeout())
                .onErrorMap(failure -> !(failure instanceof StreamUnavailableException), RedisFixStream::unavailable);
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
