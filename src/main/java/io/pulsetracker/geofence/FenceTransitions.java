package io.pulsetracker.geofence;

import io.pulsetracker.geofence.internal.AppFences;
import io.pulsetracker.geofence.internal.DeviceFenceState;
import io.pulsetracker.geofence.internal.DeviceFenceState.Dwell;
import io.pulsetracker.geofence.internal.DeviceFenceState.Position;
import io.pulsetracker.tracking.Fix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One step of a device's fence state machine: the state after one fix, and the events on the way. Pure
 * computation, no I/O; stateless and thread-safe.
 *
 * <p>Per fence, in ascending fence id order:
 *
 * <ol>
 *   <li>a fix the fence's accuracy gate refuses leaves the fence's state as it was;
 *   <li>inside the fence: a fix covered by it, or within its hysteresis margin, keeps it inside; any
 *       other fix is an {@code outside} event;
 *   <li>not inside: a covered fix starts or extends a dwell run, and once the run meets the minimum
 *       dwell (at once when none is set) it is an {@code inside} event; an uncovered fix ends the run;
 *   <li>with cross events on, a fix outside the fence after a fix outside it, both admitted by the gate,
 *       recorded at most the cross gap apart, whose path between them meets the fence, is a {@code cross}
 *       event.
 * </ol>
 *
 * <p>Events of one fix come in the order inside, outside, cross, each by ascending fence id.
 */
final class FenceTransitions {

    private FenceTransitions() {}

    /**
     * Applies {@code fix} to {@code before}, adding its events to {@code events}. The caller makes sure
     * the fix is newer than {@code before.evaluatedUpTo()}.
     *
     * @param maxCrossGapMillis the longest recorded time between the previous fix and this one for their
     *     path to give {@code cross} events ({@link Long#MAX_VALUE} for no limit)
     */
    static DeviceFenceState next(
            Fix fix, DeviceFenceState before, AppFences fences, long maxCrossGapMillis, List<GeofenceEvent> events) {
        long now = fix.recordedAt().toEpochMilli();
        Set<Long> covering = new HashSet<>();
        for (long id : fences.index().covering(fix.latitude(), fix.longitude())) {
            covering.add(id);
        }

        Set<Long> considered = new TreeSet<>(covering);
        considered.addAll(before.inside());
        considered.addAll(before.entering().keySet());
        Set<Long> inside = new TreeSet<>();
        Map<Long, Dwell> entering = new TreeMap<>();
        List<GeofenceEvent> exits = new ArrayList<>();
        for (long id : considered) {
            Geofence fence = fences.fences().get(id);
            if (fence == null) {
                continue;
            }
            if (!fence.rules().admits(fix.accuracy())) {
                carryOver(id, before, inside, entering);
            } else if (before.inside().contains(id)) {
                stayOrLeave(fix, fence, covering.contains(id), fences.index(), inside, exits);
            } else if (covering.contains(id)) {
                dwell(fix, fence, before.entering().get(id), now, inside, entering, events);
            }
        }
        events.addAll(exits);

        boolean recentPrevious = before.last() != null && now - before.evaluatedUpTo() <= maxCrossGapMillis;
        if (recentPrevious) {
            crossings(fix, before, fences, covering, events);
        }
        Position position = new Position(fix.latitude(), fix.longitude(), fix.accuracy());
        return new DeviceFenceState(now, position, inside, entering);
    }

    private static void carryOver(long id, DeviceFenceState before, Set<Long> inside, Map<Long, Dwell> entering) {
        if (before.inside().contains(id)) {
            inside.add(id);
        } else if (before.entering().containsKey(id)) {
            entering.put(id, before.entering().get(id));
        }
    }

    private static void stayOrLeave(
            Fix fix, Geofence fence, boolean covered, FenceIndex index, Set<Long> inside, List<GeofenceEvent> exits) {
        double margin = fence.rules().exitMarginMeters();
        boolean withinMargin = margin > 0 && index.isWithin(fence.id(), fix.latitude(), fix.longitude(), margin);
        if (covered || withinMargin) {
            inside.add(fence.id());
        } else {
            exits.add(GeofenceEvent.of(GeofenceTransition.OUTSIDE, fence, fix));
        }
    }

    private static void dwell(
            Fix fix,
            Geofence fence,
            Dwell run,
            long now,
            Set<Long> inside,
            Map<Long, Dwell> entering,
            List<GeofenceEvent> events) {
        Dwell current = run == null ? new Dwell(1, now) : new Dwell(run.fixes() + 1, run.sinceMillis());
        if (fence.rules().dwellMet(current.fixes(), current.sinceMillis(), now)) {
            inside.add(fence.id());
            events.add(GeofenceEvent.of(GeofenceTransition.INSIDE, fence, fix));
        } else {
            entering.put(fence.id(), current);
        }
    }

    /**
     * Adds the {@code cross} events: only fences with cross events on, that the device was outside of
     * before this fix (not inside, not dwelling) and that do not cover this fix.
     */
    private static void crossings(
            Fix fix, DeviceFenceState before, AppFences fences, Set<Long> covering, List<GeofenceEvent> events) {
        Position previous = before.last();
        if (previous == null || fences.crossFenceIds().isEmpty()) {
            return;
        }
        Set<Long> candidates = new HashSet<>();
        for (long id : fences.crossFenceIds()) {
            Geofence fence = fences.fences().get(id);
            boolean wasOutside =
                    !before.inside().contains(id) && !before.entering().containsKey(id);
            boolean bothAdmitted =
                    fence.rules().admits(previous.accuracy()) && fence.rules().admits(fix.accuracy());
            if (wasOutside && bothAdmitted && !covering.contains(id)) {
                candidates.add(id);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }

        long[] crossed = fences.index()
                .crossedBy(previous.latitude(), previous.longitude(), fix.latitude(), fix.longitude(), candidates);
        for (long id : crossed) {
            events.add(
                    GeofenceEvent.of(GeofenceTransition.CROSS, fences.fences().get(id), fix));
        }
    }
}
