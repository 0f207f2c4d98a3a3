package io.pulsetracker.geofence;

import io.pulsetracker.geofence.internal.AppFences;
import io.pulsetracker.geofence.internal.DeviceFenceState;
import io.pulsetracker.shared.RedisNamespace;
import io.pulsetracker.tracking.Fix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Evaluates fixes against their app's fences and derives {@code inside}/{@code outside} events.
 *
 * <p>Rules: a point on a fence's boundary is inside; a device's first fix inside a fence is an
 * {@code inside} event; a fix recorded at or before the newest fix already evaluated for its device is
 * skipped (it is stored, but changes no state: late fixes never create phantom events, and a duplicate
 * fires nothing). Within a batch, fixes are taken per device in recorded-time order.
 *
 * <p>Evaluation is split in two so that the pipeline can record the events before it saves the state:
 * {@link #evaluate} reads state and computes, {@link #commit} writes the new state. Not meant for
 * concurrent use on the same device; the stream guarantees that.
 */
@Service
public class GeofenceEvaluator {

    private static final Logger log = LoggerFactory.getLogger(GeofenceEvaluator.class);
    private static final long NO_VERSION = 0;

    private final Geofences geofences;
    private final ReactiveStringRedisTemplate redis;
    private final RedisNamespace namespace;
    private final Map<Long, AppFences> cache = new ConcurrentHashMap<>();

    GeofenceEvaluator(Geofences geofences, ReactiveStringRedisTemplate redis, RedisNamespace namespace) {
        this.geofences = geofences;
        this.redis = redis;
        this.namespace = namespace;
    }

    /**
     * The events of a batch and the device states after it.
     *
     * @param events the events, per device in recorded-time order
     * @param states the new state of every device whose state changed
     */
    public record Evaluation(List<GeofenceEvent> events, Map<Long, DeviceFenceState> states) {}

    /** Reads the fences and device states the batch needs, then computes events; writes nothing. */
    public Mono<Evaluation> evaluate(List<Fix> batch) {
        List<Long> appIds = batch.stream().map(Fix::appId).distinct().toList();
        List<Long> deviceIds = batch.stream().map(Fix::deviceId).distinct().toList();
        return fencesOf(appIds).zipWith(statesOf(deviceIds)).map(both -> evaluate(batch, both.getT1(), both.getT2()));
    }

    /** Saves the device states of {@code evaluation} in Redis, one atomic hash write per device. */
    public Mono<Void> commit(Evaluation evaluation) {
        return Flux.fromIterable(evaluation.states().entrySet())
                .flatMap(entry -> redis.opsForHash()
                        .putAll(stateKey(entry.getKey()), entry.getValue().toHash()))
                .then();
    }

    private Evaluation evaluate(List<Fix> batch, Map<Long, AppFences> fences, Map<Long, DeviceFenceState> states) {
        List<Fix> ordered = new ArrayList<>(batch);
        ordered.sort(Comparator.comparingLong(Fix::deviceId).thenComparing(Fix::recordedAt));
        List<GeofenceEvent> events = new ArrayList<>();
        Map<Long, DeviceFenceState> changed = new LinkedHashMap<>();
        for (Fix fix : ordered) {
            DeviceFenceState before = changed.getOrDefault(fix.deviceId(), states.get(fix.deviceId()));
            if (fix.recordedAt().toEpochMilli() <= before.evaluatedUpTo()) {
                continue;
            }
            changed.put(fix.deviceId(), step(fix, before, fences.get(fix.appId()), events));
        }
        return new Evaluation(events, changed);
    }

    private static DeviceFenceState step(
            Fix fix, DeviceFenceState before, AppFences fences, List<GeofenceEvent> events) {
        Set<Long> now = new TreeSet<>();
        for (long id : fences.index().covering(fix.latitude(), fix.longitude())) {
            now.add(id);
        }
        for (long id : now) {
            if (!before.inside().contains(id)) {
                events.add(GeofenceEvent.of(
                        GeofenceTransition.INSIDE, fences.fences().get(id), fix));
            }
        }
        for (long id : before.inside()) {
            Geofence fence = fences.fences().get(id);
            if (fence != null && !now.contains(id)) {
                events.add(GeofenceEvent.of(GeofenceTransition.OUTSIDE, fence, fix));
            }
        }
        return new DeviceFenceState(fix.recordedAt().toEpochMilli(), now);
    }

    private Mono<Map<Long, AppFences>> fencesOf(List<Long> appIds) {
        return geofences
                .versions(appIds)
                .flatMapMany(versions -> Flux.fromIterable(appIds)
                        .flatMap(appId -> current(appId, versions.getOrDefault(appId, NO_VERSION))))
                .collectMap(AppFences::appId);
    }

    private Mono<AppFences> current(long appId, long version) {
        AppFences cached = cache.get(appId);
        if (cached != null && cached.version() == version) {
            return Mono.just(cached);
        }
        return geofences.ofApp(appId).collectList().map(fences -> {
            AppFences loaded = AppFences.of(appId, version, fences);
            cache.put(appId, loaded);
            log.info("Loaded {} geofences of app {} (version {})", fences.size(), appId, version);
            return loaded;
        });
    }

    private Mono<Map<Long, DeviceFenceState>> statesOf(List<Long> deviceIds) {
        return Flux.fromIterable(deviceIds)
                .flatMap(id -> redis.<String, String>opsForHash()
                        .entries(stateKey(id))
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                        .map(hash -> Map.entry(id, DeviceFenceState.fromHash(hash))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    private String stateKey(long deviceId) {
        return namespace.key("geofence-state", deviceId);
    }
}
