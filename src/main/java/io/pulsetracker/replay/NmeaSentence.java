package io.pulsetracker.replay;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One NMEA 0183 sentence whose checksum matched: its address split into talker and type, and its
 * data fields.
 *
 * <p>Fields are numbered from 1 after the address, as NMEA references number them: in {@code
 * $GPRMC,032908.379,A,...} field 1 is the time and field 2 the status. A field beyond the end of
 * the sentence reads as empty.
 *
 * @param talker the talker id, {@code GP}, {@code GN}, {@code GL} ...; {@code P} for proprietary
 *     sentences
 * @param type the sentence formatter, {@code RMC}, {@code GGA}, {@code ZDA} ...
 * @param fields the data fields after the address, without the checksum
 */
record NmeaSentence(String talker, String type, List<String> fields) {

    private static final Pattern TIME_OF_DAY = Pattern.compile("\\d{6}(\\.\\d{1,9})?");

    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("\\d{6}");

    private static final Pattern DEGREES_AND_MINUTES = Pattern.compile("\\d{3,5}(\\.\\d*)?");

    NmeaSentence {
        fields = List.copyOf(fields);
    }

    /**
     * Parses one line, without its line ending.
     *
     * @throws IllegalArgumentException when the line is not a {@code $} sentence, has no two-digit
     *     checksum, or the checksum does not match; the message says which
     */
    static NmeaSentence parse(String line) {
        if (!line.startsWith("$")) {
            throw new IllegalArgumentException("not an NMEA sentence: [" + abbreviated(line) + "]");
        }
        int star = line.lastIndexOf('*');
        if (star < 0 || star != line.length() - 3) {
            throw new IllegalArgumentException("sentence has no checksum: [" + abbreviated(line) + "]");
        }
        requireChecksum(line, star);

        String[] parts = line.substring(1, star).split(",", -1);
        String address = parts[0];
        if (address.length() < 4) {
            throw new IllegalArgumentException("sentence address is too short: [" + address + "]");
        }
        String talker = address.startsWith("P") ? "P" : address.substring(0, 2);
        String type = address.substring(address.length() - 3);
        return new NmeaSentence(talker, type, List.of(parts).subList(1, parts.length));
    }

    private static void requireChecksum(String line, int star) {
        int computed = 0;
        for (int i = 1; i < star; i++) {
            computed ^= line.charAt(i);
        }

        String stated = line.substring(star + 1);
        int expected;
        try {
            expected = Integer.parseInt(stated, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checksum is not hexadecimal: [" + stated + "]");
        }
        if (computed != expected) {
            throw new IllegalArgumentException(
                    String.format("checksum mismatch: sentence says %s, content gives %02X", stated, computed));
        }
    }

    private static String abbreviated(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }

    /** The text of a field, or an empty string when the sentence is shorter. */
    String field(int number) {
        return number >= 1 && number <= fields.size() ? fields.get(number - 1).strip() : "";
    }

    /** A field as a number, or {@code null} when it is empty. */
    Double optionalNumber(int number) {
        String text = field(number);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(type + " field " + number + " is not a number: [" + text + "]");
        }
    }

    /**
     * A UTC time of day in {@code hhmmss} with optional decimal seconds, or {@code null} when
     * empty.
     *
     * @throws IllegalArgumentException when the field is present but malformed
     */
    LocalTime timeOfDay(int number) {
        String text = field(number);
        if (text.isEmpty()) {
            return null;
        }
        if (!TIME_OF_DAY.matcher(text).matches()) {
            throw new IllegalArgumentException(type + " time is malformed: [" + text + "]");
        }

        String fraction = text.length() > 7 ? text.substring(7) : "";
        int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
        return LocalTime.of(digits(text, 0), digits(text, 2), digits(text, 4), nanos);
    }

    /**
     * A date in {@code ddmmyy} (RMC), or {@code null} when empty. Two-digit years below 80 are
     * 20yy, the others 19yy.
     */
    LocalDate dayMonthYear(int number) {
        String text = field(number);
        if (text.isEmpty()) {
            return null;
        }
        if (!DAY_MONTH_YEAR.matcher(text).matches()) {
            throw new IllegalArgumentException(type + " date is malformed: [" + text + "]");
        }

        int year = digits(text, 4);
        return LocalDate.of(year < 80 ? 2000 + year : 1900 + year, digits(text, 2), digits(text, 0));
    }

    /**
     * A coordinate in degrees and minutes ({@code ddmm.mmmm} or {@code dddmm.mmmm}) with its
     * hemisphere letter in the next field, as signed decimal degrees; {@code null} when the value
     * is empty.
     *
     * @param hemispheres the two letters allowed, positive first: {@code "NS"} or {@code "EW"}
     */
    Double coordinate(int number, String hemispheres) {
        String text = field(number);
        if (text.isEmpty()) {
            return null;
        }
        String hemisphere = field(number + 1);
        if (hemisphere.length() != 1 || hemispheres.indexOf(hemisphere.charAt(0)) < 0) {
            throw new IllegalArgumentException(
                    type + " hemisphere must be one of [" + hemispheres + "], was [" + hemisphere + "]");
        }

        double degrees = degreesOf(text);
        return hemisphere.charAt(0) == hemispheres.charAt(0) ? degrees : -degrees;
    }

    private double degreesOf(String text) {
        int dot = text.indexOf('.');
        int minutesStart = (dot < 0 ? text.length() : dot) - 2;
        if (minutesStart < 1 || !DEGREES_AND_MINUTES.matcher(text).matches()) {
            throw new IllegalArgumentException(type + " coordinate is malformed: [" + text + "]");
        }

        double minutes = Double.parseDouble(text.substring(minutesStart));
        if (minutes >= 60) {
            throw new IllegalArgumentException(type + " coordinate has 60 or more minutes: [" + text + "]");
        }
        return Integer.parseInt(text.substring(0, minutesStart)) + minutes / 60;
    }

    private static int digits(String text, int start) {
        return Integer.parseInt(text.substring(start, start + 2));
    }
}
