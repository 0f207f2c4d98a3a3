package io.pulsetracker.ingest.internal;

import io.pulsetracker.shared.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads one JSON message into a {@link FixReport}, in either accepted format:
 *
 * <ul>
 *   <li>the fix: {@code {"device_id","lat","lng","timestamp", optional "speed","heading","accuracy",
 *       "altitude","battery","attributes","key"}};
 *   <li>the PulseTracker packet: {@code {"appId","clientId","data":{"type":"Point","coordinates":[lng,lat]},
 *       "extra":{...}}}, with an optional {@code timestamp}.
 * </ul>
 *
 * <p>Numbers may also be sent as decimal text ({@code "36.75"}); a decimal comma, NaN and the infinities are
 * rejected. Every rejection names the field and quotes the value. Thread-safe and stateless.
 */
final class FixReader {

    /** The GPS epoch: no real receiver reports a time before it. */
    static final Instant EARLIEST = Instant.parse("1980-01-06T00:00:00Z");

    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final int MAX_IDENTIFIER = 128;
    private static final java.nio.charset.Charset UTF8 = java.nio.charset.StandardCharsets.UTF_8;
    private static final int MAX_ATTRIBUTES = 8192;

    private final Duration maxFutureSkew;

    FixReader(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    /** Reads {@code message}, received at {@code receivedAt}, or says precisely why it cannot. */
    FixReport read(JsonNode message, Instant receivedAt) throws RejectedFix {
        if (message == null || !message.isObject()) {
            throw new RejectedFix("", raw(message), "a fix must be a JSON object, was [" + shown(message) + "]");
        }
        boolean packet = message.has("data") || message.has("clientId") || message.has("appId");
        return packet ? readPacket(message, receivedAt) : readFix(message, receivedAt);
    }

    private FixReport readFix(JsonNode message, Instant receivedAt) throws RejectedFix {
        double latitude = coordinate(message.get("lat"), "lat", 90, synonym(message, "latitude"));
        double longitude = coordinate(message.get("lng"), "lng", 180, synonym(message, "lon", "long", "longitude"));
        return new FixReport(
                identifier(message.get("device_id"), "device_id"),
                identifier(message.get("key"), "key"),
                null,
                timestamp(message.get("timestamp"), receivedAt),
                latitude,
                longitude,
                optional(message.get("altitude"), "altitude", -20_000, 1_000_000),
                optional(message.get("speed"), "speed", 0, 1_000_000),
                optional(message.get("heading"), "heading", 0, 360),
                optional(message.get("accuracy"), "accuracy", 0, 10_000_000),
                optional(message.get("battery"), "battery", 0, 1),
                attributes(message.get("attributes"), "attributes"));
    }

    private FixReport readPacket(JsonNode message, Instant receivedAt) throws RejectedFix {
        JsonNode data = message.get("data");
        if (data == null
                || !data.isObject()
                || !"Point".equals(data.path("type").asString(""))) {
            throw new RejectedFix(
                    "data",
                    raw(data),
                    "data must be a GeoJSON Point {\"type\":\"Point\",\"coordinates\":[lng,lat]}, was [" + shown(data)
                            + "]");
        }
        JsonNode coordinates = data.get("coordinates");
        if (coordinates == null || !coordinates.isArray() || coordinates.size() < 2 || coordinates.size() > 3) {
            throw new RejectedFix(
                    "data.coordinates",
                    raw(coordinates),
                    "data.coordinates must be [lng, lat] or [lng, lat, altitude], was [" + shown(coordinates) + "]");
        }
        double longitude = coordinate(coordinates.get(0), "data.coordinates[0]", 180, null);
        double latitude = coordinate(coordinates.get(1), "data.coordinates[1]", 90, null);
        Double altitude = coordinates.size() == 3
                ? optional(coordinates.get(2), "data.coordinates[2]", -20_000, 1_000_000)
                : null;
        return new FixReport(
                null,
                identifier(message.get("clientId"), "clientId"),
                identifier(message.get("appId"), "appId"),
                timestamp(message.get("timestamp"), receivedAt),
                latitude,
                longitude,
                altitude,
                null,
                null,
                null,
                null,
                attributes(message.get("extra"), "extra"));
    }

    private static double coordinate(JsonNode node, String field, double limit, String synonym) throws RejectedFix {
        if (node == null) {
            String hint = synonym == null ? "" : " (the fix has \"" + synonym + "\": send it as \"" + field + "\")";
            throw new RejectedFix(field, null, field + " is missing" + hint);
        }
        double value = number(node, field);
        if (value < -limit || value > limit) {
            throw new RejectedFix(
                    field,
                    raw(node),
                    field + " must be within [-" + (int) limit + ", " + (int) limit + "], was [" + shown(node) + "]");
        }
        return value;
    }

    /** The first of {@code names} the message has, to hint at a misnamed coordinate. */
    private static String synonym(JsonNode message, String... names) {
        for (String name : names) {
            if (message.has(name)) {
                return name;
            }
        }
        return null;
    }

    private static Double optional(JsonNode node, String field, double min, double max) throws RejectedFix {
        if (node == null || node.isNull()) {
            return null;
        }
        double value = number(node, field);
        if (value < min || value > max) {
            String hint = field.equals("battery") && value > 1 && value <= 100 ? " (a fraction: 80 % is 0.8)" : "";
            throw new RejectedFix(
                    field,
                    raw(node),
                    field + " must be within [" + plain(min) + ", " + plain(max) + "], was [" + shown(node) + "]"
                            + hint);
        }
        return value;
    }

    private static double number(JsonNode node, String field) throws RejectedFix {
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isString()
                && DECIMAL.matcher(node.stringValue().strip()).matches()) {
            value = Double.parseDouble(node.stringValue().strip());
        } else if (node.isNull()) {
            throw new RejectedFix(field, "null", field + " must be a number, was [null]");
        } else {
            throw new RejectedFix(field, raw(node), field + " must be a number, was [" + shown(node) + "]");
        }
        if (!Double.isFinite(value)) {
            throw new RejectedFix(field, raw(node), field + " must be a finite number, was [" + shown(node) + "]");
        }
        return value;
    }

    private Instant timestamp(JsonNode node, Instant receivedAt) throws RejectedFix {
        if (node == null || node.isNull()) {
            return null;
        }
        Instant recordedAt = parseTimestamp(node);
        if (recordedAt.isBefore(EARLIEST)) {
            throw new RejectedFix(
                    "timestamp",
                    raw(node),
                    "timestamp must not be before the GPS epoch 1980-01-06, was [" + shown(node) + "] (" + recordedAt
                            + ")");
        }
        if (recordedAt.isAfter(receivedAt.plus(maxFutureSkew))) {
            throw new RejectedFix(
                    "timestamp",
                    raw(node),
                    "timestamp must not be more than " + maxFutureSkew.toMinutes()
                            + " minutes ahead of the server clock, was [" + shown(node) + "] (" + recordedAt + ")");
        }
        return recordedAt;
    }

    private static Instant parseTimestamp(JsonNode node) throws RejectedFix {
        try {
            if (node.isNumber()) {
                return Timestamps.fromEpoch(node.doubleValue());
            }
            if (node.isString()) {
                return Timestamps.fromText(node.stringValue());
            }
        } catch (IllegalArgumentException | java.time.DateTimeException unreadable) {
            throw new RejectedFix(
                    "timestamp", raw(node), "timestamp " + unreadable.getMessage() + ", was [" + shown(node) + "]");
        }
        throw new RejectedFix(
                "timestamp",
                raw(node),
                "timestamp must be epoch seconds, epoch milliseconds or ISO-8601 text, was [" + shown(node) + "]");
    }

    static String identifier(JsonNode node, String field) throws RejectedFix {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() && !node.isIntegralNumber()) {
            throw new RejectedFix(field, raw(node), field + " must be a string, was [" + shown(node) + "]");
        }
        String value = node.isString() ? node.stringValue().strip() : node.asString();
        if (!UTF8.newEncoder().canEncode(value)) {
            throw new RejectedFix(
                    field,
                    raw(node),
                    field + " must be valid Unicode text (it has an unpaired surrogate)," + " was [" + shown(node)
                            + "]");
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new RejectedFix(
                    field, raw(node), field + " must not contain control characters, was [" + shown(node) + "]");
        }
        if (value.isEmpty() || value.codePointCount(0, value.length()) > MAX_IDENTIFIER) {
            throw new RejectedFix(
                    field,
                    raw(node),
                    field + " must be 1 to " + MAX_IDENTIFIER + " characters, was [" + shown(node) + "]");
        }
        return value;
    }

    private static String attributes(JsonNode node, String field) throws RejectedFix {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new RejectedFix(field, raw(node), field + " must be a JSON object, was [" + shown(node) + "]");
        }
        String json = node.toString();
        if (!UTF8.newEncoder().canEncode(json)) {
            throw new RejectedFix(field, null, field + " must be valid Unicode text (it has an unpaired surrogate)");
        }
        if (json.length() > MAX_ATTRIBUTES) {
            throw new RejectedFix(
                    field,
                    null,
                    field + " must be at most " + MAX_ATTRIBUTES + " characters of JSON, was " + json.length());
        }
        return json;
    }

    /** The value for a message: as the client sent it, strings in quotes, cut to 100 characters. */
    static String shown(JsonNode node) {
        if (node != null && node.isNumber() && !Double.isFinite(node.doubleValue())) {
            return Double.toString(node.doubleValue());
        }
        return cut(node == null ? "missing" : node.toString());
    }

    /** The value for the {@code value} field of an error: strings without their quotes. */
    static String raw(JsonNode node) {
        if (node == null) {
            return null;
        }
        return node.isString() ? cut(node.stringValue()) : shown(node);
    }

    /** Cuts text to 100 code points, never inside a surrogate pair. */
    static String cut(String text) {
        if (text.codePointCount(0, text.length()) <= 100) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, 100)) + "...";
    }

    private static String plain(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
