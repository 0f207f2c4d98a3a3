package io.pulsetracker.geofence;

import tools.jackson.databind.JsonNode;

/**
 * Thrown when a fence shape cannot be accepted: malformed GeoJSON, a coordinate out of range, or a
 * polygon that JTS does not consider valid.
 *
 * <p>The message is written for the developer who sent the shape and can be returned as the detail of
 * a 400 response: it names the problem, the place in the submitted JSON (such as
 * {@code coordinates[0][3]}) and quotes the offending value in square brackets.
 */
public class InvalidFenceShapeException extends IllegalArgumentException {

    private static final int MAX_QUOTED_CHARACTERS = 80;

    public InvalidFenceShapeException(String message) {
        super(message);
    }

    public InvalidFenceShapeException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Renders a submitted value for a message, shortened so that a large ring does not flood the
     * response.
     */
    static String quote(JsonNode value) {
        return quote(value == null ? "missing" : value.toString());
    }

    static String quote(String value) {
        if (value.length() <= MAX_QUOTED_CHARACTERS) {
            return "[" + value + "]";
        }
        return "[" + value.substring(0, MAX_QUOTED_CHARACTERS) + "...]";
    }
}
