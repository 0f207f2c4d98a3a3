package io.pulsetracker.geofence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of geofence evaluation, under {@code pulsetracker.geofence.*}.
 *
 * @param maxCrossGap the longest time, by recorded time, between two consecutive fixes of a device for
 *     the path between them to give {@code cross} events; after a longer gap the device may have gone
 *     anywhere, so no {@code cross} is fired. Zero or negative turns the limit off.
 */
@ConfigurationProperties("pulsetracker.geofence")
public record GeofenceProperties(@DefaultValue("10m") Duration maxCrossGap) {

    /** The limit in milliseconds, or {@link Long#MAX_VALUE} when it is off. */
    public long maxCrossGapMillis() {
        return maxCrossGap.isZero() || maxCrossGap.isNegative() ? Long.MAX_VALUE : maxCrossGap.toMillis();
    }
}
