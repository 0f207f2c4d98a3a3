package io.pulsetracker.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads track CSV files whose first line is a header naming the columns: Android GnssLogger Fix
 * extracts and GPSBabel unicsv; {@link CsvLayout} tells them apart.
 *
 * <p>Fields are separated by commas; a field in double quotes may contain commas, and a doubled
 * quote inside it stands for one quote. Blank lines and lines starting with {@code #} are ignored.
 * The file is read as UTF-8 (a leading byte order mark is dropped); bytes that are not UTF-8 are
 * replaced and make their row fail, not the file.
 */
final class CsvTrackReader implements TrackReader {

    private final ZoneOffset fileClockOffset;

    CsvTrackReader(ZoneOffset fileClockOffset) {
        this.fileClockOffset = fileClockOffset;
    }

    @Override
    public TrackReading read(Path file) throws IOException {
        InputStreamReader text = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
        try (BufferedReader lines = new BufferedReader(text)) {
            String header = lines.readLine();
            if (header == null) {
                throw new IOException("[" + file + "] is empty: a CSV track needs a header line");
            }
            return readRows(lines, layoutOf(file, header));
        }
    }

    private static CsvLayout layoutOf(Path file, String header) throws IOException {
        try {
            return CsvLayout.ofHeader(fields(header.replace("\uFEFF", "")));
        } catch (IllegalArgumentException e) {
            throw new IOException("[" + file + "]: " + e.getMessage(), e);
        }
    }

    private TrackReading readRows(BufferedReader lines, CsvLayout layout) throws IOException {
        SkippedRecords skipped = new SkippedRecords();
        List<TrackPoint> points = new ArrayList<>();

        long lineNumber = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                points.add(layout.point(fields(line), fileClockOffset));
            } catch (IllegalArgumentException | DateTimeException e) {
                skipped.note(lineNumber, e.getMessage());
            }
        }

        return skipped.reading(points);
    }

    /** Splits one line into its fields, honouring double quotes. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;

        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }

        fields.add(field.toString());
        return fields;
    }
}
