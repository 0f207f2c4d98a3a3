package io.pulsetracker.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real tracks and polygons of {@code shared/data}: the folder {@code shared/data} beside the
 * checkout or one of its ancestors (a clone in {@code /work/main} has it at {@code ../shared/data}).
 */
public final class SharedData {

    private SharedData() {}

    /** The path of {@code relative} under {@code shared/data}; fails with a clear message when absent. */
    public static Path file(String relative) {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            Path candidate = directory.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate.resolve(relative);
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("no shared/data folder beside "
                + Path.of("").toAbsolutePath() + " or any ancestor: the real test data lives in ../shared/data");
    }
}
