package io.pulsetracker.realtime;

import io.pulsetracker.geofence.GeofenceEvent;
import io.pulsetracker.geofence.GeofenceEventPayload;
import io.pulsetracker.shared.RedisNamespace;
import io.pulsetracker.shared.WireJson;
import io.pulsetracker.tracking.Fix;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes fixes and events on the app's Redis channels. Pub/Sub is fire-and-forget: a subscriber that
 * is not connected at that moment misses the message. Thread-safe.
 */
@Service
public class RealtimePublisher {

    private static final int IN_FLIGHT = 256;

    private final ReactiveStringRedisTemplate redis;
    private final RedisNamespace namespace;

    RealtimePublisher(ReactiveStringRedisTemplate redis, RedisNamespace namespace) {
        this.redis = redis;
        this.namespace = namespace;
    }

    /** Publishes each fix on its app's locations channel and each event on its events channel. */
    public Mono<Void> publish(List<Fix> fixes, List<GeofenceEvent> events) {
        Flux<Long> locations = Flux.fromIterable(fixes)
                .flatMap(
                        fix -> redis.convertAndSend(
                                locationsChannel(fix.appKey()),
                                WireJson.MAPPER.writeValueAsString(LocationMessage.of(fix))),
                        IN_FLIGHT);
        Flux<Long> geofenceEvents = Flux.fromIterable(events)
                .flatMap(
                        event -> redis.convertAndSend(
                                eventsChannel(event.fix().appKey()),
                                WireJson.MAPPER.writeValueAsString(GeofenceEventPayload.of(event))),
                        IN_FLIGHT);
        return locations.thenMany(geofenceEvents).then();
    }

    /** The channel of an app's fixes: {@code <prefix>:<app key>:locations}. */
    public String locationsChannel(String appKey) {
        return namespace.key(appKey, "locations");
    }

    /** The channel of an app's geofence events: {@code <prefix>:<app key>:events}. */
    public String eventsChannel(String appKey) {
        return namespace.key(appKey, "events");
    }
}
