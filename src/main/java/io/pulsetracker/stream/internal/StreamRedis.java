package io.pulsetracker.stream.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The stream module's two Lettuce connections: a shared, pipelined one for appends, acknowledgements and
 * leases, and a dedicated one for the consumer's blocking reads (a blocking read on the shared connection
 * would stall every other command behind it). Both are opened on first use and reconnect by themselves.
 *
 * <p><b>Limitations.</b> Only a standalone Redis (or one reached through a proxy) is supported; Redis
 * Cluster is not.
 */
@Component
class StreamRedis implements DisposableBean {

    private final LettuceConnectionFactory factory;
    private volatile StatefulRedisConnection<String, String> shared;
    private volatile StatefulRedisConnection<String, String> blocking;

    StreamRedis(LettuceConnectionFactory factory) {
        this.factory = factory;
    }

    /** Emits the shared connection's commands, connecting first if needed (off the event loop). */
    Mono<RedisReactiveCommands<String, String>> commands() {
        StatefulRedisConnection<String, String> connection = shared;
        if (connection != null && connection.isOpen()) {
            return Mono.just(connection.reactive());
        }
        return Mono.fromCallable(() -> sharedConnection().reactive()).subscribeOn(Schedulers.boundedElastic());
    }

    /** The dedicated connection for blocking reads; call only from the consumer's own thread. */
    synchronized RedisReactiveCommands<String, String> blockingCommands() {
        if (blocking == null || !blocking.isOpen()) {
            blocking = client().connect(StringCodec.UTF8);
        }
        return blocking.reactive();
    }

    private synchronized StatefulRedisConnection<String, String> sharedConnection() {
        if (shared == null || !shared.isOpen()) {
            shared = client().connect(StringCodec.UTF8);
        }
        return shared;
    }

    private RedisClient client() {
        if (!(factory.getNativeClient() instanceof RedisClient client)) {
            throw new IllegalStateException("the fix stream needs a standalone Redis; Redis Cluster is not supported");
        }
        return client;
    }

    @Override
    public synchronized void destroy() {
        if (shared != null) {
            shared.close();
        }
        if (blocking != null) {
            blocking.close();
        }
    }
}
