package io.pulsetracker.replay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads GPX 1.0 and 1.1 with StAX, ignoring namespaces.
 *
 * <p>Every {@code <trkpt>} becomes a point; route points ({@code <rtept>}) are used only when the
 * file has no track point at all. Waypoints are ignored. Per point it takes the {@code lat} and
 * {@code lon} attributes, and {@code <ele>} (metres), {@code <time>}, {@code <speed>} (m/s) and
 * {@code <course>} (degrees) wherever they appear inside the point, so the GPX 1.0 children and
 * Garmin's TrackPointExtension both work; the first occurrence wins. Times without a zone are read
 * on the given file clock offset.
 *
 * <p>Malformed XML ends the reading: the points before it are kept and the error counts as one
 * skipped record. DTDs and external entities are not processed.
 */
final class GpxTrackReader implements TrackReader {

    private final ZoneOffset fileClockOffset;

    GpxTrackReader(ZoneOffset fileClockOffset) {
        this.fileClockOffset = fileClockOffset;
    }

    @Override
    public TrackReading read(Path file) throws IOException {
        CollectedPoints collected = new CollectedPoints();

        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            XMLStreamReader xml = newInputFactory().createXMLStreamReader(in);
            try {
                readPoints(xml, collected);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            collected.stopAt(e);
        }

        return collected.reading();
    }

    private static XMLInputFactory newInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    private void readPoints(XMLStreamReader xml, CollectedPoints collected) throws XMLStreamException {
        while (xml.hasNext()) {
            if (xml.next() == XMLStreamConstants.START_ELEMENT && isPoint(xml.getLocalName())) {
                collected.add(readPoint(xml));
            }
        }
    }

    private static boolean isPoint(String elementName) {
        return "trkpt".equals(elementName) || "rtept".equals(elementName);
    }

    private static PointDraft readPoint(XMLStreamReader xml) throws XMLStreamException {
        PointDraft draft = new PointDraft(
                "trkpt".equals(xml.getLocalName()),
                xml.getLocation().getLineNumber(),
                xml.getAttributeValue(null, "lat"),
                xml.getAttributeValue(null, "lon"));

        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT && draft.wants(xml.getLocalName())) {
                draft.offer(xml.getLocalName(), xml.getElementText().strip());
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return draft;
    }

    /** The raw text of one point's values, collected before any of it is parsed. */
    private static final class PointDraft {

        private final boolean trackPoint;
        private final long lineNumber;
        private final String latitude;
        private final String longitude;
        private String elevation;
        private String time;
        private String speed;
        private String course;

        PointDraft(boolean trackPoint, long lineNumber, String latitude, String longitude) {
            this.trackPoint = trackPoint;
            this.lineNumber = lineNumber;
            this.latitude = latitude;
            this.longitude = longitude;
        }

        boolean wants(String elementName) {
            return switch (elementName) {
                case "ele" -> elevation == null;
                case "time" -> time == null;
                case "speed" -> speed == null;
                case "course" -> course == null;
                default -> false;
            };
        }

        void offer(String elementName, String text) {
            switch (elementName) {
                case "ele" -> elevation = text;
                case "time" -> time = text;
                case "speed" -> speed = text;
                default -> course = text;
            }
        }

        TrackPoint toPoint(ZoneOffset fileClockOffset) {
            if (latitude == null || longitude == null) {
                throw new IllegalArgumentException("point has no lat or lon attribute");
            }
            if (time == null || time.isEmpty()) {
                throw new IllegalArgumentException("point has no <time>");
            }

            return new TrackPoint(
                    parseTime(time, fileClockOffset),
                    number("lat", latitude),
                    number("lon", longitude),
                    optionalNumber("ele", elevation),
                    optionalNumber("speed", speed),
                    optionalNumber("course", course),
                    null);
        }

        private static Instant parseTime(String text, ZoneOffset fileClockOffset) {
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime withOffset) {
                return withOffset.toInstant();
            }
            return ((LocalDateTime) parsed).toInstant(fileClockOffset);
        }

        private static Double optionalNumber(String name, String text) {
            return text == null || text.isEmpty() ? null : number(name, text);
        }

        private static double number(String name, String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " is not a number: [" + text + "]");
            }
        }
    }

    /**
     * Track and route points kept apart until the end, when the file tells which of them to use.
     */
    private final class CollectedPoints {

        private final List<TrackPoint> trackPoints = new ArrayList<>();
        private final List<TrackPoint> routePoints = new ArrayList<>();
        private final SkippedRecords trackSkips = new SkippedRecords();
        private final SkippedRecords routeSkips = new SkippedRecords();
        private boolean sawTrackPoint;

        void add(PointDraft draft) {
            sawTrackPoint |= draft.trackPoint;
            try {
                TrackPoint point = draft.toPoint(fileClockOffset);
                (draft.trackPoint ? trackPoints : routePoints).add(point);
            } catch (IllegalArgumentException | DateTimeException e) {
                (draft.trackPoint ? trackSkips : routeSkips).note(draft.lineNumber, e.getMessage());
            }
        }

        void stopAt(XMLStreamException error) {
            Location location = error.getLocation();
            long lineNumber = location == null ? 0 : location.getLineNumber();
            String reason = "malformed XML, reading stopped here: "
                    + String.valueOf(error.getMessage()).replaceAll("\\s+", " ");
            trackSkips.note(lineNumber, reason);
            routeSkips.note(lineNumber, reason);
        }

        TrackReading reading() {
            if (sawTrackPoint || routePoints.isEmpty()) {
                return trackSkips.reading(trackPoints);
            }
            return routeSkips.reading(routePoints);
        }
    }
}
