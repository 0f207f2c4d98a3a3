package io.pulsetracker.geofence.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A device's fence state as kept in one Redis hash: the recorded time and position of the newest fix
 * evaluated, the fences the device is inside, and the fences it is entering but whose minimum dwell is not
 * met yet. Immutable.
 *
 * <p>Hash fields: {@code t} (epoch milliseconds), {@code inside} (comma-separated fence ids, the only
 * other field before fences had rules), {@code entering} ({@code id:fixes:since} entries separated by
 * commas) and {@code last} ({@code latitude,longitude} or {@code latitude,longitude,accuracy}).
 *
 * @param evaluatedUpTo epoch milliseconds of the newest evaluated fix, or {@code Long.MIN_VALUE} for none
 * @param last where that fix was, or null when unknown
 * @param inside ids of the fences the device is inside
 * @param entering the fences the device is inside of but still dwelling in, by id
 */
public record DeviceFenceState(long evaluatedUpTo, Position last, Set<Long> inside, Map<Long, Dwell> entering) {

    static final String EVALUATED_UP_TO = "t";
    static final String INSIDE = "inside";
    static final String ENTERING = "entering";
    static final String LAST = "last";

    public static final DeviceFenceState NEW = new DeviceFenceState(Long.MIN_VALUE, null, Set.of(), Map.of());

    public DeviceFenceState {
        inside = Set.copyOf(inside);
        entering = Map.copyOf(entering);
    }

    /**
     * The position of a fix, WGS84 degrees.
     *
     * @param latitude degrees north
     * @param longitude degrees east
     * @param accuracy accuracy radius in metres, or null
     */
    public record Position(double latitude, double longitude, Double accuracy) {}

    /**
     * A run of consecutive fixes inside a fence that has not yet lasted its minimum dwell.
     *
     * @param fixes how many fixes inside so far
     * @param sinceMillis recorded time of the first of them, epoch milliseconds
     */
    public record Dwell(int fixes, long sinceMillis) {}

    /** Reads the Redis hash fields; missing fields mean a device never evaluated. */
    public static DeviceFenceState fromHash(Map<String, String> hash) {
        String evaluated = hash.get(EVALUATED_UP_TO);
        if (evaluated == null) {
            return NEW;
        }
        Set<Long> inside = Arrays.stream(hash.getOrDefault(INSIDE, "").split(","))
                .filter(id -> !id.isEmpty())
                .map(Long::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
        Map<Long, Dwell> entering = new TreeMap<>();
        for (String entry : hash.getOrDefault(ENTERING, "").split(",")) {
            if (!entry.isEmpty()) {
                String[] parts = entry.split(":");
                entering.put(Long.valueOf(parts[0]), new Dwell(Integer.parseInt(parts[1]), Long.parseLong(parts[2])));
            }
        }
        return new DeviceFenceState(Long.parseLong(evaluated), position(hash.get(LAST)), inside, entering);
    }

    /** The Redis hash fields of this state, in a stable order. */
    public Map<String, String> toHash() {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put(EVALUATED_UP_TO, Long.toString(evaluatedUpTo));
        hash.put(INSIDE, inside.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
        hash.put(
                ENTERING,
                new TreeMap<>(entering)
                        .entrySet().stream()
                                .map(dwell ->
                                        dwell.getKey() + ":" + dwell.getValue().fixes() + ":"
                                                + dwell.getValue().sinceMillis())
                                .collect(Collectors.joining(",")));
        if (last != null) {
            hash.put(
                    LAST,
                    last.latitude() + "," + last.longitude() + (last.accuracy() == null ? "" : "," + last.accuracy()));
        }
        return hash;
    }

    private static Position position(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String[] parts = text.split(",");
        Double accuracy = parts.length > 2 ? Double.valueOf(parts[2]) : null;
        return new Position(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), accuracy);
    }
}
