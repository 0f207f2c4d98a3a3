package io.pulsetracker.geofence;

import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the real polygon data kept outside the repository, in {@code shared/data/polygons} beside the
 * checkout or beside one of its ancestors (see {@code shared/data/SOURCES.md}).
 */
final class SharedPolygonFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SharedPolygonFiles() {}

    static JsonNode read(String relativePath) {
        return JSON.readTree(directory().resolve(relativePath));
    }

    static FenceShape fence(String relativePath) {
        return FenceShape.fromGeoJson(read(relativePath));
    }

    static Path directory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path ancestor = start; ancestor != null; ancestor = ancestor.getParent()) {
            Path data = ancestor.resolve("shared").resolve("data");
            if (Files.isDirectory(data)) {
                return data.resolve("polygons");
            }
        }
        throw new IllegalStateException("No shared/data folder found in [" + start
                + "] or any of its ancestors; the real-data tests need the polygons described in"
                + " shared/data/SOURCES.md");
    }
}
