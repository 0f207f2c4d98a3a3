package io.pulsetracker.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of {@code POST /api/track}: the request body written from points, the 202 answer and the
 * RFC 9457 problem read back. Thread-safe.
 */
final class TrackApiJson {

    /**
     * ISO-8601 in UTC with milliseconds, as the server expects: {@code 2012-11-07T09:11:35.000Z}.
     */
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final int MAX_QUOTED_BODY = 300;

    private final ObjectMapper mapper = JsonMapper.builder().build();

    /** One fix as the server reads it; absent optional values are left out of the JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Fix(
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("lat") double latitude,
            @JsonProperty("lng") double longitude,
            @JsonProperty("timestamp") String timestamp,
            @JsonProperty("speed") Double speedMetersPerSecond,
            @JsonProperty("altitude") Double altitudeMeters,
            @JsonProperty("heading") Double headingDegrees,
            @JsonProperty("accuracy") Double accuracyMeters) {

        static Fix of(TrackPoint point, String deviceId) {
            return new Fix(
                    deviceId,
                    point.latitude(),
                    point.longitude(),
                    TIMESTAMP.format(point.recordedAt()),
                    point.speedMetersPerSecond(),
                    point.altitudeMeters(),
                    point.headingDegrees(),
                    point.accuracyMeters());
        }
    }

    /** The server's verdict on one batch, with indexes counted within the batch. */
    record BatchOutcome(int accepted, List<Rejection> rejections) {}

    /** One entry of the 202 answer's {@code rejected} array. */
    record Rejection(int index, String field, String value, String message) {}

    /** The parts of an RFC 9457 problem the command shows; title and detail may be {@code null}. */
    record Problem(String title, String detail, List<String> errors) {}

    /**
     * The request body for one batch: a JSON array of fixes.
     *
     * @param deviceId written into every fix when not {@code null} (application-key authentication)
     */
    byte[] batchBody(List<TrackPoint> batch, String deviceId) {
        List<Fix> fixes = new ArrayList<>(batch.size());
        for (TrackPoint point : batch) {
            fixes.add(Fix.of(point, deviceId));
        }
        return mapper.writeValueAsBytes(fixes);
    }

    /**
     * Reads a 2xx answer. When the body is empty, not JSON, or has no {@code accepted} number,
     * every fix of the batch that is not listed in {@code rejected} counts as accepted.
     */
    BatchOutcome outcome(byte[] body, int batchSize) {
        JsonNode root = parse(body);
        List<Rejection> rejections = new ArrayList<>();
        for (JsonNode entry : root.path("rejected")) {
            rejections.add(new Rejection(
                    entry.path("index").asInt(-1),
                    text(entry.path("field")),
                    text(entry.path("value")),
                    text(entry.path("message"))));
        }

        JsonNode accepted = root.path("accepted");
        int acceptedCount = accepted.canConvertToInt() ? accepted.asInt() : batchSize - rejections.size();
        return new BatchOutcome(acceptedCount, rejections);
    }

    /**
     * Reads an error answer; a body that is not a problem document is quoted, shortened, as the
     * detail.
     */
    Problem problem(byte[] body) {
        JsonNode root = parse(body);
        if (!root.isObject()) {
            String quoted = new String(body, StandardCharsets.UTF_8).strip();
            return new Problem(null, quoted.isEmpty() ? null : abbreviated(quoted), List.of());
        }

        List<String> errors = new ArrayList<>();
        for (JsonNode error : root.path("errors")) {
            errors.add(describeError(error));
        }
        return new Problem(text(root.path("title")), text(root.path("detail")), errors);
    }

    private static String describeError(JsonNode error) {
        String field = text(error.path("field"));
        String message = text(error.path("message"));
        if (message == null) {
            return error.isValueNode() ? error.asString() : error.toString();
        }
        return field == null ? message : field + ": " + message;
    }

    private JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? mapper.missingNode() : mapper.readTree(body);
        } catch (JacksonException e) {
            return mapper.missingNode();
        }
    }

    private static String text(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asString() : node.toString();
    }

    private static String abbreviated(String text) {
        return text.length() <= MAX_QUOTED_BODY ? text : text.substring(0, MAX_QUOTED_BODY) + "...";
    }
}
