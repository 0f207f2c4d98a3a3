package io.pulsetracker.replay;

import java.time.Duration;

/**
 * How far a replay has got, reported after every answered batch.
 *
 * @param sent fixes sent and answered so far
 * @param total fixes the replay will send in all
 * @param accepted fixes the server accepted so far
 * @param rejected fixes the server rejected so far
 * @param elapsed time since the replay started
 */
public record ReplayProgress(int sent, int total, int accepted, int rejected, Duration elapsed) {

    /** Sent fixes as a whole percentage of the total; 100 when there is nothing to send. */
    public int percent() {
        return total == 0 ? 100 : (int) (100L * sent / total);
    }

    /** Average rate since the start, in fixes per second; 0 before any time has passed. */
    public double fixesPerSecond() {
        return ReplaySummary.rate(sent, elapsed);
    }
}
