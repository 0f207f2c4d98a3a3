package io.pulsetracker.replay;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;

/** The track file formats the replay command reads, and how a file name maps to one of them. */
public enum TrackFormat {

    /** GPX 1.0 or 1.1: track points, or route points when the file has no track points. */
    GPX,

    /** NMEA 0183 sentences: RMC, GGA and ZDA from any talker. */
    NMEA,

    /**
     * CSV from Android GnssLogger ({@code Fix,Provider,...}) or GPSBabel unicsv ({@code
     * No,Latitude,...}).
     */
    CSV;

    /**
     * Picks the format from a file's extension: {@code .gpx}, {@code .nmea} or {@code .log}, {@code
     * .csv}; case does not matter.
     *
     * @throws IllegalArgumentException when the extension is none of these; the message quotes the
     *     name
     */
    public static TrackFormat ofFileName(Path file) {
        String name =
                Objects.requireNonNull(file, "file").getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gpx")) {
            return GPX;
        }
        if (name.endsWith(".nmea") || name.endsWith(".log")) {
            return NMEA;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        throw new IllegalArgumentException("cannot tell the format of [" + file.getFileName()
                + "] from its extension (.gpx, .nmea, .log, .csv); name it with --format");
    }

    /**
     * A reader for this format.
     *
     * @param fileClockOffset the offset from UTC of times in the file that carry no zone of their
     *     own ({@code -05:00}: the file's clock runs 5 h behind UTC). It applies to unicsv dates
     *     and times and to GPX times without a zone; NMEA times and GnssLogger epoch milliseconds
     *     are UTC by definition.
     */
    public TrackReader reader(ZoneOffset fileClockOffset) {
        Objects.requireNonNull(fileClockOffset, "fileClockOffset");
        return switch (this) {
            case GPX -> new GpxTrackReader(fileClockOffset);
            case NMEA -> new NmeaTrackReader();
            case CSV -> new CsvTrackReader(fileClockOffset);
        };
    }
}
