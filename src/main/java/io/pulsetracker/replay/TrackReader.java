package io.pulsetracker.replay;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a track file into points, in file order.
 *
 * <p>A record that cannot become a point (no time, invalid coordinates, a bad checksum, a malformed
 * line) is skipped and counted in {@link TrackReading#skipped()}; it never ends the reading.
 * Implementations hold no state between calls and may be shared between threads. Reading blocks on
 * file I/O.
 */
public interface TrackReader {

    /**
     * Reads the whole file.
     *
     * @throws IOException when the file cannot be opened or read, or when it is not in this
     *     reader's format at all (for example a CSV file whose header names no known columns)
     */
    TrackReading read(Path file) throws IOException;
}
