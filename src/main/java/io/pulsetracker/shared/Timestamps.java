package io.pulsetracker.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads the timestamps devices and API clients send: epoch seconds, epoch milliseconds or ISO-8601.
 *
 * <p>A number below 100,000,000,000 is taken as seconds (that is before the year 5138), a larger one as
 * milliseconds (that is after March 1973); fractions of a second are cut to the
 * millisecond (never rounded up, as with ISO text). An ISO-8601
 * text without an offset or zone is UTC. Thread-safe and stateless.
 */
public final class Timestamps {

    private static final double MILLIS_THRESHOLD = 100_000_000_000d;
    private static final Pattern NUMERIC = Pattern.compile("-?\\d+(\\.\\d+)?");

    private Timestamps() {}

    /**
     * Parses a number of epoch seconds or milliseconds.
     *
     * @throws IllegalArgumentException when the number is not finite or out of the representable range
     */
    public static Instant fromEpoch(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("is not a finite number");
        }
        BigDecimal exact = BigDecimal.valueOf(value);
        BigDecimal millis = Math.abs(value) >= MILLIS_THRESHOLD ? exact : exact.movePointRight(3);
        if (millis.abs().compareTo(BigDecimal.valueOf(1e16)) > 0) {
            throw new IllegalArgumentException("is out of range");
        }
        return Instant.ofEpochMilli(millis.setScale(0, RoundingMode.FLOOR).longValueExact());
    }

    /**
     * Parses epoch seconds or milliseconds written as text, or an ISO-8601 date-time.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    public static Instant fromText(String text) {
        String value = text.strip();
        if (NUMERIC.matcher(value).matches()) {
            return fromEpoch(new BigDecimal(value).doubleValue());
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            return zoneless(value);
        }
    }

    private static Instant zoneless(String value) {
        try {
            return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notIso) {
            throw new IllegalArgumentException("is neither epoch seconds, epoch milliseconds nor ISO-8601");
        }
    }
}
