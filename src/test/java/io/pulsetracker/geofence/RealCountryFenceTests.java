package io.pulsetracker.geofence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real Natural Earth 1:10m countries and regions (see shared/data/SOURCES.md): holes (Lesotho in South
 * Africa, San Marino and the Vatican in Italy, Berlin in Brandenburg) and parts touching the
 * antimeridian (Fiji, Russia).
 */
class RealCountryFenceTests {

    /** Fence id = position in this list; the names are the file names. */
    private static final List<String> FENCE_FILES = List.of(
            "ne10m-countries/ZA.geojson",
            "ne10m-countries/LS.geojson",
            "ne10m-countries/IT.geojson",
            "ne10m-countries/SM.geojson",
            "ne10m-countries/VA.geojson",
            "ne10m-countries/FJ.geojson",
            "ne10m-countries/RU.geojson",
            "ne10m-regions/DE-BB.geojson",
            "ne10m-regions/DE-BE.geojson");

    private static Map<String, FenceShape> fencesByName;

    private static FenceIndex allFences;

    @BeforeAll
    static void readFences() {
        fencesByName = new LinkedHashMap<>();
        for (String file : FENCE_FILES) {
            String name = file.substring(file.indexOf('/') + 1, file.indexOf('.'));
            fencesByName.put(name, SharedPolygonFiles.fence(file));
        }
        allFences = FenceIndex.of(fencesById());
    }

    static Stream<Place> places() {
        return Stream.of(
                new Place("Johannesburg", -26.2041, 28.0473, "ZA"),
                new Place("Maseru", -29.3167, 27.4833, "LS"),
                new Place("Rome", 41.9028, 12.4964, "IT"),
                new Place("San Marino", 43.9424, 12.4578, "SM"),
                new Place("Vatican", 41.9029, 12.4534, "VA"),
                new Place("Suva", -18.1416, 178.4419, "FJ"),
                new Place("Fiji west of the antimeridian", -16.69, -179.87, "FJ"),
                new Place("Moscow", 55.7558, 37.6173, "RU"),
                new Place("Chukotka west of the antimeridian", 66, -175, "RU"),
                new Place("Helsinki", 60.1699, 24.9384),
                new Place("Potsdam", 52.3906, 13.0645, "DE-BB"),
                new Place("Berlin", 52.5200, 13.4050, "DE-BE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("places")
    void eachFenceOnItsOwnContainsExactlyTheExpectedPlaces(Place place) {
        Set<String> containing = new TreeSet<>();
        fencesByName.forEach((name, shape) -> {
            if (FenceIndex.of(Map.of(0L, shape)).covering(place.latitude(), place.longitude()).length > 0) {
                containing.add(name);
            }
        });

        assertThat(containing).as(place.name()).isEqualTo(place.fences());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("places")
    void oneIndexOverAllFencesGivesTheSameAnswers(Place place) {
        long[] covering = allFences.covering(place.latitude(), place.longitude());

        Set<String> containing = new TreeSet<>();
        for (long id : covering) {
            containing.add(nameOf(id));
        }
        assertThat(containing).as(place.name()).isEqualTo(place.fences());
    }

    private static Map<Long, FenceShape> fencesById() {
        Map<Long, FenceShape> fences = new LinkedHashMap<>();
        List<FenceShape> shapes = List.copyOf(fencesByName.values());
        for (int id = 0; id < shapes.size(); id++) {
            fences.put((long) id, shapes.get(id));
        }
        return fences;
    }

    private static String nameOf(long id) {
        return List.copyOf(fencesByName.keySet()).get((int) id);
    }

    record Place(String name, double latitude, double longitude, Set<String> fences) {

        Place(String name, double latitude, double longitude, String... fences) {
            this(name, latitude, longitude, new TreeSet<>(Set.of(fences)));
        }

        @Override
        public String toString() {
            return name + " (" + latitude + ", " + longitude + ") in " + fences;
        }
    }
}
