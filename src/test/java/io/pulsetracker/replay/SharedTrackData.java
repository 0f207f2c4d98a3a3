package io.pulsetracker.replay;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real track files of {@code shared/data/tracks}: walks up from the working directory
 * until an ancestor holds {@code shared/data}. Locally the project is {@code /work/main} beside
 * {@code /work/shared}; in CI it is another clone with {@code ../shared} beside it.
 */
final class SharedTrackData {

    private SharedTrackData() {}

    /** A file under {@code shared/data/tracks}, for example {@code gpsbabel/backfilldate.nmea}. */
    static Path track(String relativePath) {
        Path file = dataFolder().resolve("tracks").resolve(relativePath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("track file [" + file + "] does not exist");
        }
        return file;
    }

    private static Path dataFolder() {
        Path start = Path.of("").toAbsolutePath();
        for (Path folder = start; folder != null; folder = folder.getParent()) {
            Path candidate = folder.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/data folder in [" + start + "] or any folder above it;"
                + " the real track files must sit in a shared/data folder beside the project");
    }
}
