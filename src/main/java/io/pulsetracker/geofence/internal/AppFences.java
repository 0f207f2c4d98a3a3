package io.pulsetracker.geofence.internal;

import io.pulsetracker.geofence.FenceIndex;
import io.pulsetracker.geofence.FenceShape;
import io.pulsetracker.geofence.Geofence;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fences of one app at one version, with their spatial index. Immutable and thread-safe.
 *
 * @param appId the app
 * @param version the app's fence version when this was built (0: never had a fence)
 * @param fences the fences by id
 * @param index the index over their shapes
 * @param crossFenceIds the fences that produce {@code cross} events
 * @param strictestAccuracyMeters the smallest {@code max_accuracy_m} among the fences, or null when none
 *     has an accuracy gate: a fix less accurate than this is flagged
 */
public record AppFences(
        long appId,
        long version,
        Map<Long, Geofence> fences,
        FenceIndex index,
        Set<Long> crossFenceIds,
        Double strictestAccuracyMeters) {

    public static AppFences of(long appId, long version, List<Geofence> fences) {
        Map<Long, Geofence> byId = fences.stream().collect(Collectors.toMap(Geofence::id, Function.identity()));
        return withIndex(appId, version, byId, FenceIndex.of(shapesOf(fences)));
    }

    /**
     * The fences at a newer version: the {@code kept} ones unchanged (their prepared geometries reused),
     * {@code fresh} ones added or replaced, all others dropped.
     */
    public AppFences updated(long newVersion, List<Geofence> fresh, Set<Long> kept) {
        Map<Long, Geofence> byId = new HashMap<>();
        kept.stream().filter(fences::containsKey).forEach(id -> byId.put(id, fences.get(id)));
        fresh.forEach(fence -> byId.put(fence.id(), fence));
        return withIndex(appId, newVersion, byId, index.updated(shapesOf(fresh), kept));
    }

    /**
     * The ids among {@code revisions} (fence id to revision, as stored now) whose fence is held here at
     * the same revision: those need no reloading.
     */
    public Set<Long> unchanged(Map<Long, Long> revisions) {
        return revisions.entrySet().stream()
                .filter(entry -> fences.containsKey(entry.getKey())
                        && fences.get(entry.getKey()).revision() == entry.getValue())
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static Map<Long, FenceShape> shapesOf(List<Geofence> fences) {
        return fences.stream().collect(Collectors.toMap(Geofence::id, Geofence::shape));
    }

    private static AppFences withIndex(long appId, long version, Map<Long, Geofence> byId, FenceIndex index) {
        Collection<Geofence> fences = byId.values();
        Set<Long> crossing = fences.stream()
                .filter(fence -> fence.rules().crossEvents())
                .map(Geofence::id)
                .collect(Collectors.toUnmodifiableSet());
        Double strictest = fences.stream()
                .map(fence -> fence.rules().maxAccuracyMeters())
                .filter(Objects::nonNull)
                .min(Double::compare)
                .orElse(null);
        return new AppFences(appId, version, Map.copyOf(byId), index, crossing, strictest);
    }

    /** Tells whether a fix with this accuracy (metres, null when unknown) is too coarse for some fence. */
    public boolean gatesAccuracy(Double accuracyMeters) {
        return strictestAccuracyMeters != null && accuracyMeters != null && accuracyMeters > strictestAccuracyMeters;
    }
}
