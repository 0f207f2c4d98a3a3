package io.pulsetracker.geofence;

import io.pulsetracker.geofence.internal.AppFences;
import io.pulsetracker.geofence.internal.DeviceFenceState;
import io.pulsetracker.shared.RedisNamespace;
import io.pulsetracker.tracking.Fix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Evaluates fixes against their app's fences and derives {@code inside}, {@code outside} and {@code cross}
 * events.
 *
 * <p>Rules: a point on a fence's boundary is inside; a device's first fix inside a fence is an
 * {@code inside} event (after the fence's minimum dwell, if it has one); a fix recorded at or before the
 * newest fix already evaluated for its device is skipped (it is stored, but changes no state: late fixes
 * never create phantom events, and a duplicate fires nothing; a late fix new to storage is still flagged
 * when it is too coarse for a fence). Within a batch, fixes are taken per device
 * in recorded-time order; of two fixes with the same recorded time the first in the batch counts, the
 * same one that was stored. The per-fence rules are applied by {@link FenceTransitions}.
 *
 * <p>Evaluation is split in two so that the pipeline can record the events before it saves the state:
 * {@link #evaluate} reads state and computes, {@link #commit} writes the new state. Not meant for
 * concurrent use on the same device; the stream guarantees that.
 */
@Service
public class GeofenceEvaluator {

    private static final Logger log = LoggerFactory.getLogger(GeofenceEvaluator.class);
    private static final long NO_VERSION = 0;

    /**
     * Replaces the state hash of each device, atomically per device, in one round trip per batch. A state is
     * written only when it is newer than the one stored, so a batch repeated by an instance that lost its
     * partition never moves a device's state back. ARGV holds, per key: the state's time, the number of
     * field/value pairs, then the pairs.
     */
    private static final RedisScript<Long> COMMIT_STATES = RedisScript.of(
            """
            local at = 1
            local written = 0
            for _, key in ipairs(KEYS) do
              local evaluated = tonumber(ARGV[at])
              local count = tonumber(ARGV[at + 1])
              local stored = tonumber(redis.call('HGET', key, 't'))
              if stored == nil or stored < evaluated then
                redis.call('DEL', key)
                for i = 0, count - 1 do
                  redis.call('HSET', key, ARGV[at + 2 + 2 * i], ARGV[at + 3 + 2 * i])
                end
                written = written + 1
              end
              at = at + 2 + 2 * count
            end
            return written
            """,
            Long.class);

    private final Geofences geofences;
    private final ReactiveStringRedisTemplate redis;
    private final RedisNamespace namespace;
    private final long maxCrossGapMillis;
    private final Map<Long, AppFences> cache = new ConcurrentHashMap<>();

    GeofenceEvaluator(
            Geofences geofences,
            ReactiveStringRedisTemplate redis,
            RedisNamespace namespace,
            GeofenceProperties properties) {
        this.geofences = geofences;
        this.maxCrossGapMillis = properties.maxCrossGapMillis();
        this.redis = redis;
        this.namespace = namespace;
    }

    /**
     * The events of a batch and the device states after it.
     *
     * @param events the events, per device in recorded-time order
     * @param states the new state of every device whose state changed
     * @param accuracyGated the fixes that were less accurate than the accuracy gate of at least one fence of
     *     their app, to be flagged in storage
     */
    public record Evaluation(
            List<GeofenceEvent> events, Map<Long, DeviceFenceState> states, List<Fix.FixKey> accuracyGated) {}

    /**
     * Reads the fences and device states the batch needs, then computes events; writes nothing.
     *
     * @param batch the fixes, in any order
     * @param stored the fixes of {@code batch} (the same instances) that were new to storage; a late fix is
     *     flagged as too coarse only when it is one of them, so that a duplicate never flags the fix stored
     *     under its device and recorded time
     */
    public Mono<Evaluation> evaluate(List<Fix> batch, List<Fix> stored) {
        List<Long> appIds = batch.stream().map(Fix::appId).distinct().toList();
        List<Long> deviceIds = batch.stream().map(Fix::deviceId).distinct().toList();
        Set<Fix> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
        fresh.addAll(stored);
        return fencesOf(appIds)
                .zipWith(statesOf(deviceIds))
                .map(both -> evaluate(batch, fresh, both.getT1(), both.getT2()));
    }

    /** Saves the device states of {@code evaluation} in Redis: one script call, atomic per device. */
    public Mono<Void> commit(Evaluation evaluation) {
        if (evaluation.states().isEmpty()) {
            return Mono.empty();
        }
        List<String> keys = new ArrayList<>();
        List<String> arguments = new ArrayList<>();
        evaluation.states().forEach((deviceId, state) -> {
            Map<String, String> hash = state.toHash();
            keys.add(stateKey(deviceId));
            arguments.add(Long.toString(state.evaluatedUpTo()));
            arguments.add(Integer.toString(hash.size()));
            hash.forEach((field, value) -> {
                arguments.add(field);
                arguments.add(value);
            });
        });
        return redis.execute(COMMIT_STATES, keys, arguments).then();
    }

    private Evaluation evaluate(
            List<Fix> batch, Set<Fix> fresh, Map<Long, AppFences> fences, Map<Long, DeviceFenceState> states) {
        List<Fix> ordered = new ArrayList<>(batch);
        ordered.sort(Comparator.comparingLong(Fix::deviceId).thenComparing(Fix::recordedAt));
        List<GeofenceEvent> events = new ArrayList<>();
        List<Fix.FixKey> gated = new ArrayList<>();
        Map<Long, DeviceFenceState> changed = new LinkedHashMap<>();
        for (Fix fix : ordered) {
            DeviceFenceState before = changed.getOrDefault(fix.deviceId(), states.get(fix.deviceId()));
            AppFences appFences = fences.get(fix.appId());
            boolean late = fix.recordedAt().toEpochMilli() <= before.evaluatedUpTo();
            if (appFences.gatesAccuracy(fix.accuracy()) && (!late || fresh.contains(fix))) {
                gated.add(fix.key());
            }
            if (late) {
                continue;
            }
            changed.put(fix.deviceId(), FenceTransitions.next(fix, before, appFences, maxCrossGapMillis, events));
        }
        return new Evaluation(events, changed, gated);
    }

    private Mono<Map<Long, AppFences>> fencesOf(List<Long> appIds) {
        return geofences
                .versions(appIds)
                .flatMapMany(versions -> Flux.fromIterable(appIds)
                        .flatMap(appId -> current(appId, versions.getOrDefault(appId, NO_VERSION))))
                .collectMap(AppFences::appId);
    }

    /**
     * The app's fences at {@code version}: from the cache when it is current; else, when an older version
     * is cached, only the fences whose revision changed are read and prepared again; else all of them.
     */
    private Mono<AppFences> current(long appId, long version) {
        AppFences cached = cache.get(appId);
        if (cached != null && cached.version() == version) {
            return Mono.just(cached);
        }
        Mono<AppFences> loaded = cached == null
                ? geofences.ofApp(appId).collectList().map(fences -> AppFences.of(appId, version, fences))
                : geofences.revisions(appId).flatMap(revisions -> {
                    Set<Long> kept = cached.unchanged(revisions);
                    List<Long> changed = revisions.keySet().stream()
                            .filter(id -> !kept.contains(id))
                            .toList();
                    return geofences
                            .ofApp(appId, changed)
                            .collectList()
                            .map(fresh -> cached.updated(version, fresh, kept));
                });
        return loaded.doOnNext(fences -> {
            cache.put(appId, fences);
            log.info(
                    "Loaded the geofences of app {} at version {}: {} in all",
                    appId,
                    version,
                    fences.fences().size());
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
