package io.pulsetracker.replay;

import java.util.List;

/**
 * What a {@link TrackReader} got out of one file.
 *
 * @param points the usable points, in file order; unmodifiable
 * @param skipped how many records were left out: points without a time or with invalid coordinates,
 *     malformed lines or sentences, fixes the receiver itself marked invalid
 * @param skipNotes why the first few records were skipped, each starting with its line number
 *     (at most {@link #MAX_SKIP_NOTES}); unmodifiable
 */
public record TrackReading(List<TrackPoint> points, int skipped, List<String> skipNotes) {

    /** How many skip reasons a reading keeps; the count goes on regardless. */
    public static final int MAX_SKIP_NOTES = 10;

    public TrackReading {
        points = List.copyOf(points);
        skipNotes = List.copyOf(skipNotes);
    }
}
