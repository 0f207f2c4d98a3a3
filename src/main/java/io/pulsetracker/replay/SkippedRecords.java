package io.pulsetracker.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the records a reader leaves out and keeps the reasons of the first few. Not thread-safe.
 */
final class SkippedRecords {

    private final List<String> notes = new ArrayList<>();

    private int count;

    void note(long lineNumber, String reason) {
        count++;
        if (notes.size() < TrackReading.MAX_SKIP_NOTES) {
            notes.add("line " + lineNumber + ": " + reason);
        }
    }

    TrackReading reading(List<TrackPoint> points) {
        return new TrackReading(points, count, notes);
    }
}
