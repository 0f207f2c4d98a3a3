package io.pulsetracker.tracking;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * A fix as stored, for history and latest-position queries; units as in {@link Fix}.
 *
 * @param attributes the device's extra fields as JSON object text, written into JSON output unquoted
 * @param accuracyGated true when the fix was less accurate than a geofence's {@code max_accuracy_m} and so
 *     moved no state of that fence; null (left out of JSON) otherwise
 */
public record StoredFix(
        Instant recordedAt,
        Instant receivedAt,
        @JsonProperty("lat") double latitude,
        @JsonProperty("lng") double longitude,
        Double altitude,
        Double speed,
        Double heading,
        Double accuracy,
        Double battery,
        String protocol,
        @JsonRawValue String attributes,
        Boolean accuracyGated) {}
