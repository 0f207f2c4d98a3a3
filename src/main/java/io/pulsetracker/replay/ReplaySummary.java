package io.pulsetracker.replay;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a finished replay.
 *
 * @param sent fixes sent and answered
 * @param accepted fixes the server accepted
 * @param rejected fixes the server rejected
 * @param rejections the rejected fixes in sending order; unmodifiable
 * @param elapsed time from the start of the replay to the last answer
 */
public record ReplaySummary(int sent, int accepted, int rejected, List<RejectedFix> rejections, Duration elapsed) {

    public ReplaySummary {
        rejections = List.copyOf(rejections);
    }

    /** Whether the server accepted every fix sent. */
    public boolean allAccepted() {
        return rejected == 0 && accepted == sent;
    }

    /** Average rate over the whole replay, in fixes per second; 0 when no time passed. */
    public double fixesPerSecond() {
        return rate(sent, elapsed);
    }

    static double rate(int fixes, Duration elapsed) {
        long nanos = elapsed.toNanos();
        return nanos <= 0 ? 0 : fixes * 1e9 / nanos;
    }
}
