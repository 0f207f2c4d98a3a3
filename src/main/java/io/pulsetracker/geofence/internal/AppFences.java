package io.pulsetracker.geofence.internal;

import io.pulsetracker.geofence.FenceIndex;
import io.pulsetracker.geofence.FenceShape;
import io.pulsetracker.geofence.Geofence;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fences of one app at one version, with their spatial index. Immutable and thread-safe.
 *
 * @param appId the app
 * @param version the app's fence version when this was built (0: never had a fence)
 * @param fences the fences by id
 * @param index the index over their shapes
 */
public record AppFences(long appId, long version, Map<Long, Geofence> fences, FenceIndex index) {

    public static AppFences of(long appId, long version, List<Geofence> fences) {
        Map<Long, Geofence> byId = fences.stream().collect(Collectors.toMap(Geofence::id, Function.identity()));
        Map<Long, FenceShape> shapes = fences.stream().collect(Collectors.toMap(Geofence::id, Geofence::shape));
        return new AppFences(appId, version, Map.copyOf(byId), FenceIndex.of(shapes));
    }
}
