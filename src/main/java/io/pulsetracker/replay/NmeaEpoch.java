package io.pulsetracker.replay;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * The fix sentences a receiver sent for one instant: at most one RMC and one GGA are kept, so an
 * epoch reported by several sentences or talkers becomes one point. Not thread-safe.
 *
 * <p>RMC is preferred for position, speed and course; GGA adds the altitude. A GGA alone makes a
 * point too, without speed and course.
 */
final class NmeaEpoch {

    private static final double METERS_PER_SECOND_PER_KNOT = 1852.0 / 3600.0;

    private final long lineNumber;
    private final int dayIndex;
    private final LocalTime timeOfDay;
    private final LocalDate dateOfDayZero;
    private NmeaSentence rmc;
    private NmeaSentence gga;

    /**
     * @param lineNumber the line of the epoch's first sentence
     * @param dayIndex the UTC day of this epoch counted from the day of the file's first time
     * @param timeOfDay the UTC time of day, {@code null} for sentences sent without a time
     * @param dateOfDayZero the date of day 0 as known when the epoch began, {@code null} if not
     *     known yet
     */
    NmeaEpoch(long lineNumber, int dayIndex, LocalTime timeOfDay, LocalDate dateOfDayZero) {
        this.lineNumber = lineNumber;
        this.dayIndex = dayIndex;
        this.timeOfDay = timeOfDay;
        this.dateOfDayZero = dateOfDayZero;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** Whether a sentence of this type at this day and time belongs to this epoch. */
    boolean takes(String type, int otherDayIndex, LocalTime otherTimeOfDay) {
        if (timeOfDay == null) {
            return otherTimeOfDay == null && !has(type);
        }
        return otherDayIndex == dayIndex && timeOfDay.equals(otherTimeOfDay);
    }

    private boolean has(String type) {
        return "RMC".equals(type) ? rmc != null : gga != null;
    }

    /** Keeps the sentence unless the epoch has one of its type already that reports a fix. */
    void offer(NmeaSentence sentence) {
        if ("RMC".equals(sentence.type()) && (rmc == null || !rmcHasFix(rmc))) {
            rmc = sentence;
        }
        if ("GGA".equals(sentence.type()) && (gga == null || !ggaHasFix(gga))) {
            gga = sentence;
        }
    }

    /**
     * The point of this epoch.
     *
     * @param fallbackDateOfDayZero the date of day 0 to use when none was known when the epoch
     *     began
     * @throws IllegalArgumentException when the epoch has no time, no date, no valid fix or
     *     malformed values; the message says which
     */
    TrackPoint toPoint(LocalDate fallbackDateOfDayZero) {
        if (timeOfDay == null) {
            throw new IllegalArgumentException("fix sentence without a time: the receiver had no fix");
        }

        LocalDate date = dateOf(fallbackDateOfDayZero);
        if (date == null) {
            throw new IllegalArgumentException("no date: the file has no valid RMC and no ZDA with a date");
        }
        return rmc != null ? fromRmc(date) : fromGga(date);
    }

    private LocalDate dateOf(LocalDate fallbackDateOfDayZero) {
        if (rmc != null && rmcHasFix(rmc) && rmc.dayMonthYear(9) != null) {
            return rmc.dayMonthYear(9);
        }
        LocalDate dayZero = dateOfDayZero != null ? dateOfDayZero : fallbackDateOfDayZero;
        return dayZero == null ? null : dayZero.plusDays(dayIndex);
    }

    private TrackPoint fromRmc(LocalDate date) {
        if (!rmcHasFix(rmc)) {
            throw new IllegalArgumentException("RMC status [" + rmc.field(2) + "]: the receiver had no fix");
        }
        Double knots = rmc.optionalNumber(7);
        Double altitude = gga != null && ggaHasFix(gga) ? gga.optionalNumber(9) : null;

        return new TrackPoint(
                date.atTime(timeOfDay).toInstant(ZoneOffset.UTC),
                required(rmc.coordinate(3, "NS"), "latitude"),
                required(rmc.coordinate(5, "EW"), "longitude"),
                altitude,
                knots == null ? null : knots * METERS_PER_SECOND_PER_KNOT,
                rmc.optionalNumber(8),
                null);
    }

    private TrackPoint fromGga(LocalDate date) {
        if (!ggaHasFix(gga)) {
            throw new IllegalArgumentException("GGA fix quality [" + gga.field(6) + "]: the receiver had no fix");
        }

        return new TrackPoint(
                date.atTime(timeOfDay).toInstant(ZoneOffset.UTC),
                required(gga.coordinate(2, "NS"), "latitude"),
                required(gga.coordinate(4, "EW"), "longitude"),
                gga.optionalNumber(9),
                null,
                null,
                null);
    }

    private static double required(Double degrees, String name) {
        if (degrees == null) {
            throw new IllegalArgumentException("fix has no " + name);
        }
        return degrees;
    }

    static boolean rmcHasFix(NmeaSentence rmc) {
        return "A".equals(rmc.field(2));
    }

    private static boolean ggaHasFix(NmeaSentence gga) {
        String quality = gga.field(6);
        return !quality.isEmpty() && !"0".equals(quality);
    }
}
