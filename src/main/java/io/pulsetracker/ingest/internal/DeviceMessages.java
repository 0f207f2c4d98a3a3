package io.pulsetracker.ingest.internal;

import io.pulsetracker.ingest.IngestProperties;
import org.springframework.stereotype.Component;

/**
 * What every device door shares: the intake, the meters, the bad-input log and the limits. Opens one
 * {@link DeviceSession} per connection (or per datagram). Thread-safe.
 */
@Component
class DeviceMessages {

    private final FixIntake intake;
    private final DoorMeters meters;
    private final BadInputLog badInput;
    private final IngestProperties properties;

    DeviceMessages(FixIntake intake, DoorMeters meters, BadInputLog badInput, IngestProperties properties) {
        this.intake = intake;
        this.meters = meters;
        this.badInput = badInput;
        this.properties = properties;
    }

    /**
     * A conversation with one connection or datagram sender.
     *
     * @param connection how the connection is named in logs: its channel id and remote address
     * @param address the remote address alone, the key of log rate limiting
     */
    DeviceSession open(Door door, String connection, String address) {
        return new DeviceSession(this, door, connection, address);
    }

    FixIntake intake() {
        return intake;
    }

    DoorMeters meters() {
        return meters;
    }

    BadInputLog badInput() {
        return badInput;
    }

    IngestProperties properties() {
        return properties;
    }
}
