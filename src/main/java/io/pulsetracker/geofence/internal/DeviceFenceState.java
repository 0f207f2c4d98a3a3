package io.pulsetracker.geofence.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A device's fence state as kept in Redis: the recorded time of the newest fix evaluated and the fences
 * it was inside after that fix. Immutable.
 *
 * @param evaluatedUpTo epoch milliseconds of the newest evaluated fix, or {@code Long.MIN_VALUE} for none
 * @param inside ids of the fences the device is inside
 */
public record DeviceFenceState(long evaluatedUpTo, Set<Long> inside) {

    static final String EVALUATED_UP_TO = "t";
    static final String INSIDE = "inside";

    public static final DeviceFenceState NEW = new DeviceFenceState(Long.MIN_VALUE, Set.of());

    /** Reads the Redis hash fields; missing fields mean a device never evaluated. */
    public static DeviceFenceState fromHash(Map<String, String> hash) {
        String evaluated = hash.get(EVALUATED_UP_TO);
        if (evaluated == null) {
            return NEW;
        }
        String inside = hash.getOrDefault(INSIDE, "");
        Set<Long> ids = inside.isEmpty()
                ? Set.of()
                : Arrays.stream(inside.split(",")).map(Long::valueOf).collect(Collectors.toCollection(TreeSet::new));
        return new DeviceFenceState(Long.parseLong(evaluated), ids);
    }

    /** The Redis hash fields of this state. */
    public Map<String, String> toHash() {
        String ids = inside.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
        return Map.of(EVALUATED_UP_TO, Long.toString(evaluatedUpTo), INSIDE, ids);
    }
}
