package io.pulsetracker.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The running counts of one replay. Not thread-safe: one replay sends from one thread. */
final class ReplayTally {

    private final int total;
    private final long startNanos;
    private final List<RejectedFix> rejections = new ArrayList<>();
    private int sent;
    private int accepted;

    ReplayTally(int total, long startNanos) {
        this.total = total;
        this.startNanos = startNanos;
    }

    int sent() {
        return sent;
    }

    int accepted() {
        return accepted;
    }

    long startNanos() {
        return startNanos;
    }

    /**
     * Counts an answered batch.
     *
     * @param firstIndex the index of the batch's first point in the replayed list
     */
    void record(int firstIndex, List<TrackPoint> batch, TrackApiJson.BatchOutcome outcome) {
        sent += batch.size();
        accepted += outcome.accepted();

        for (TrackApiJson.Rejection rejection : outcome.rejections()) {
            int index = rejection.index();
            TrackPoint point = index >= 0 && index < batch.size() ? batch.get(index) : null;
            rejections.add(new RejectedFix(
                    firstIndex + index, point, rejection.field(), rejection.value(), rejection.message()));
        }
    }

    ReplayProgress progress() {
        return new ReplayProgress(sent, total, accepted, rejections.size(), elapsed());
    }

    ReplaySummary summary() {
        return new ReplaySummary(sent, accepted, rejections.size(), rejections, elapsed());
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
