package io.pulsetracker.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of a track CSV file, found by name in its header line, and how to turn one row into a
 * point. Immutable.
 *
 * <p>Column names are matched without regard to case or surrounding spaces; columns may come in any
 * order, and short names are accepted ({@code Lat}, {@code Lon}, {@code Lng}, {@code Alt}, {@code
 * Ele}, {@code Heading}). GnssLogger is recognised by its {@code (UTC)TimeInMs} column, unicsv by
 * its first column {@code No} together with {@code Date} and {@code Time}. Other CSV layouts that
 * happen to have latitude and longitude columns (MTK logger, Columbus) are refused rather than
 * half-read: their coordinates are unsigned with a separate hemisphere column and their units
 * differ.
 */
final class CsvLayout {

    /** The CSV dialects this layout recognises. */
    enum Flavour {

        /** Android GnssLogger Fix lines: UTC time in epoch milliseconds, Accuracy in metres. */
        GNSS_LOGGER,

        /**
         * GPSBabel unicsv: Date ({@code yyyy/MM/dd}) and Time ({@code HH:mm:ss}) on the file's
         * clock.
         */
        UNICSV
    }

    private static final Map<String, String> ALIASES = Map.of(
            "lat", "latitude",
            "lon", "longitude",
            "lng", "longitude",
            "long", "longitude",
            "alt", "altitude",
            "ele", "altitude",
            "elevation", "altitude",
            "heading", "course");

    private static final String EPOCH_MILLIS = "(utc)timeinms";

    private final Flavour flavour;
    private final Map<String, Integer> columns;

    private CsvLayout(Flavour flavour, Map<String, Integer> columns) {
        this.flavour = flavour;
        this.columns = Map.copyOf(columns);
    }

    /**
     * Recognises the flavour from the header's fields.
     *
     * @throws IllegalArgumentException when the header matches neither flavour; the message quotes
     *     it
     */
    static CsvLayout ofHeader(List<String> header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            columns.putIfAbsent(ALIASES.getOrDefault(name, name), i);
        }

        boolean hasPosition = columns.containsKey("latitude") && columns.containsKey("longitude");
        if (hasPosition && columns.containsKey(EPOCH_MILLIS)) {
            return new CsvLayout(Flavour.GNSS_LOGGER, columns);
        }
        boolean numbered = columns.getOrDefault("no", -1) == 0;
        if (numbered && hasPosition && columns.containsKey("date") && columns.containsKey("time")) {
            return new CsvLayout(Flavour.UNICSV, columns);
        }
        throw new IllegalArgumentException("unrecognised CSV header " + header
                + ": expected Android GnssLogger (Fix,Provider,Latitude,Longitude,...,(UTC)TimeInMs)"
                + " or GPSBabel unicsv (No,Latitude,Longitude,...,Date,Time)");
    }

    Flavour flavour() {
        return flavour;
    }

    /**
     * Turns one data row into a point.
     *
     * @param fileClockOffset the offset of unicsv dates and times from UTC; GnssLogger times ignore
     *     it
     * @throws IllegalArgumentException when a value is missing or malformed, or a coordinate is out
     *     of range
     * @throws java.time.DateTimeException when a date or time is malformed
     */
    TrackPoint point(List<String> row, ZoneOffset fileClockOffset) {
        return new TrackPoint(
                recordedAt(row, fileClockOffset),
                required(row, "latitude"),
                required(row, "longitude"),
                optional(row, "altitude"),
                optional(row, "speed"),
                optional(row, "course"),
                optional(row, "accuracy"));
    }

    private Instant recordedAt(List<String> row, ZoneOffset fileClockOffset) {
        if (flavour == Flavour.GNSS_LOGGER) {
            return Instant.ofEpochMilli((long) required(row, EPOCH_MILLIS));
        }

        LocalDate date = LocalDate.parse(text(row, "date").replace('/', '-'));
        LocalTime time = LocalTime.parse(text(row, "time"));
        return LocalDateTime.of(date, time).toInstant(fileClockOffset);
    }

    private double required(List<String> row, String column) {
        Double value = optional(row, column);
        if (value == null) {
            throw new IllegalArgumentException(column + " is empty");
        }
        return value;
    }

    private Double optional(List<String> row, String column) {
        String text = text(row, column);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " is not a number: [" + text + "]");
        }
    }

    private String text(List<String> row, String column) {
        Integer index = columns.get(column);
        return index == null || index >= row.size() ? "" : row.get(index).strip();
    }
}
