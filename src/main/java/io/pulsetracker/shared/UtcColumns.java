package io.pulsetracker.shared;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Converts between {@link Instant} and the {@code DATETIME(3)} columns, which always hold UTC.
 *
 * <p>The MariaDB R2DBC driver binds {@link LocalDateTime} but not {@link Instant}; keeping the
 * conversion here means no column ever depends on the server's or the JVM's time zone.
 */
public final class UtcColumns {

    private UtcColumns() {}

    /** Returns the UTC wall-clock time of {@code instant}, truncated to milliseconds; null stays null. */
    public static LocalDateTime toColumn(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    /** Reads a UTC column value back as an instant; null stays null. */
    public static Instant toInstant(LocalDateTime column) {
        return column == null ? null : column.toInstant(ZoneOffset.UTC);
    }
}
