package io.pulsetracker.realtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.pulsetracker.tracking.Fix;
import java.time.Instant;

/**
 * The message published on {@code <prefix>:<app key>:locations} for each newly stored fix. Units as in
 * {@link Fix}; times ISO-8601 UTC with milliseconds; optional fields left out when unknown.
 */
public record LocationMessage(
        String appKey,
        String deviceId,
        String deviceKey,
        @JsonProperty("lat") double latitude,
        @JsonProperty("lng") double longitude,
        Instant recordedAt,
        Instant receivedAt,
        Double altitude,
        Double speed,
        Double heading,
        Double accuracy,
        Double battery,
        String protocol,
        @JsonRawValue String attributes) {

    static LocationMessage of(Fix fix) {
        return new LocationMessage(
                fix.appKey(),
                fix.deviceIdentifier(),
                fix.deviceKey(),
                fix.latitude(),
                fix.longitude(),
                fix.recordedAt(),
                fix.receivedAt(),
                fix.altitude(),
                fix.speed(),
                fix.heading(),
                fix.accuracy(),
                fix.battery(),
                fix.protocol(),
                fix.attributes());
    }
}
