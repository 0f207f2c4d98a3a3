package io.pulsetracker.replay;

/**
 * A fix the server answered with 202 but did not accept.
 *
 * @param pointIndex the fix's 0-based position in the list given to {@link TrackSender#send}, which
 *     is its position among the points read from the file
 * @param point the fix as sent, or {@code null} if the server named an index outside the batch
 * @param field the JSON field the server objected to, {@code null} if it named none
 * @param value the rejected value as the server quoted it, may be {@code null}
 * @param message the server's reason, may be {@code null}
 */
public record RejectedFix(int pointIndex, TrackPoint point, String field, String value, String message) {}
