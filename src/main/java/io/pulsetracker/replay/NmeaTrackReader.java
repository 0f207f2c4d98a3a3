package io.pulsetracker.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads NMEA 0183 logs: RMC with status A from any talker, GGA with a fix, and ZDA for dates.
 *
 * <p>Every sentence must carry a matching checksum; one that does not is skipped and counted. Empty
 * lines and lines starting with {@code #} (the comment headers of gpsd's test logs) are ignored.
 * LF, CRLF and CR line endings all work. Sentences of one epoch (same time of day) are merged into
 * one point, see {@link NmeaEpoch}; how GGA-only epochs get their date is described in {@link
 * NmeaEpochs}.
 *
 * <p>NMEA carries no accuracy estimate in RMC or GGA, so {@link TrackPoint#accuracyMeters()} is
 * always {@code null}; HDOP is not a distance and is not converted.
 */
final class NmeaTrackReader implements TrackReader {

    @Override
    public TrackReading read(Path file) throws IOException {
        SkippedRecords skipped = new SkippedRecords();
        NmeaEpochs epochs = new NmeaEpochs();

        InputStreamReader text = new InputStreamReader(Files.newInputStream(file), StandardCharsets.US_ASCII);
        try (BufferedReader lines = new BufferedReader(text)) {
            long lineNumber = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                accept(line.strip(), lineNumber, epochs, skipped);
            }
        }

        return skipped.reading(toPoints(epochs, skipped));
    }

    private static void accept(String line, long lineNumber, NmeaEpochs epochs, SkippedRecords skipped) {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        try {
            epochs.accept(NmeaSentence.parse(line), lineNumber);
        } catch (IllegalArgumentException | DateTimeException e) {
            skipped.note(lineNumber, e.getMessage());
        }
    }

    private static List<TrackPoint> toPoints(NmeaEpochs epochs, SkippedRecords skipped) {
        List<TrackPoint> points = new ArrayList<>(epochs.epochs().size());
        for (NmeaEpoch epoch : epochs.epochs()) {
            try {
                points.add(epoch.toPoint(epochs.firstDateOfDayZero()));
            } catch (IllegalArgumentException | DateTimeException e) {
                skipped.note(epoch.lineNumber(), e.getMessage());
            }
        }
        return points;
    }
}
