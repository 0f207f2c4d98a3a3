package io.pulsetracker.replay;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups the fix sentences of an NMEA stream into epochs, and tracks which UTC day each time of day
 * belongs to. Not thread-safe.
 *
 * <p>GGA carries only a time of day, so the date of a GGA-only epoch comes from a date seen
 * elsewhere in the stream (a valid RMC or a ZDA), shifted by the midnights between them. A midnight
 * is counted when the time of day falls by more than 12 hours from one sentence to the next; a
 * smaller fall is taken as sentences out of order. Epochs before the first known date get it
 * back-filled at the end, so a file whose only date is a ZDA on its last line still dates every
 * fix, across midnight.
 *
 * <p>Limitations: a gap of a day or more between two GGA-only sentences cannot be seen and shifts
 * the dates of GGA-only epochs after it until the next date; RMC epochs always use their own date.
 */
final class NmeaEpochs {

    private static final long HALF_DAY_NANOS = 12L * 3600 * 1_000_000_000;

    private final List<NmeaEpoch> epochs = new ArrayList<>();
    private LocalTime lastTimeOfDay;
    private int dayIndex;
    private LocalDate dateOfDayZero;
    private LocalDate firstDateOfDayZero;

    /**
     * Takes one checked sentence, in stream order. Sentences other than RMC, GGA and ZDA are
     * ignored.
     *
     * @throws IllegalArgumentException when the sentence's time or date is malformed
     */
    void accept(NmeaSentence sentence, long lineNumber) {
        switch (sentence.type()) {
            case "RMC" -> acceptRmc(sentence, lineNumber);
            case "GGA" -> epochFor(sentence, lineNumber).offer(sentence);
            case "ZDA" -> acceptZda(sentence);
            default -> {}
        }
    }

    private void acceptRmc(NmeaSentence rmc, long lineNumber) {
        epochFor(rmc, lineNumber).offer(rmc);

        LocalDate date = rmc.dayMonthYear(9);
        if (NmeaEpoch.rmcHasFix(rmc) && date != null && rmc.timeOfDay(1) != null) {
            learnDate(date);
        }
    }

    private void acceptZda(NmeaSentence zda) {
        LocalTime timeOfDay = zda.timeOfDay(1);
        String day = zda.field(2);
        String month = zda.field(3);
        String year = zda.field(4);
        if (timeOfDay == null || day.isEmpty() || month.isEmpty() || year.isEmpty()) {
            return;
        }

        advanceTo(timeOfDay);
        learnDate(LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day)));
    }

    private NmeaEpoch epochFor(NmeaSentence sentence, long lineNumber) {
        LocalTime timeOfDay = sentence.timeOfDay(1);
        if (timeOfDay != null) {
            advanceTo(timeOfDay);
        }

        NmeaEpoch last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
        if (last != null && last.takes(sentence.type(), dayIndex, timeOfDay)) {
            return last;
        }
        NmeaEpoch epoch = new NmeaEpoch(lineNumber, dayIndex, timeOfDay, dateOfDayZero);
        epochs.add(epoch);
        return epoch;
    }

    private void advanceTo(LocalTime timeOfDay) {
        if (lastTimeOfDay != null) {
            long change = timeOfDay.toNanoOfDay() - lastTimeOfDay.toNanoOfDay();
            if (change < -HALF_DAY_NANOS) {
                dayIndex++;
            } else if (change > HALF_DAY_NANOS) {
                dayIndex--;
            }
        }
        lastTimeOfDay = timeOfDay;
    }

    private void learnDate(LocalDate dateOfCurrentDay) {
        dateOfDayZero = dateOfCurrentDay.minusDays(dayIndex);
        if (firstDateOfDayZero == null) {
            firstDateOfDayZero = dateOfDayZero;
        }
    }

    /** The epochs in stream order. */
    List<NmeaEpoch> epochs() {
        return epochs;
    }

    /**
     * The date of day 0 learnt first, for epochs that began before any date was seen; may be null.
     */
    LocalDate firstDateOfDayZero() {
        return firstDateOfDayZero;
    }
}
