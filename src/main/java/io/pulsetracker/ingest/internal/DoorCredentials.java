package io.pulsetracker.ingest.internal;

import io.pulsetracker.account.App;
import io.pulsetracker.account.Device;

/**
 * What a connection or request proved once for all its fixes: a device (by its key) or an app (by its key,
 * with {@code device_id} in each fix), or nothing (each fix then carries its own key).
 */
record DoorCredentials(Device device, App app) {

    static final DoorCredentials NONE = new DoorCredentials(null, null);

    static DoorCredentials of(Device device) {
        return new DoorCredentials(device, null);
    }

    static DoorCredentials of(App app) {
        return new DoorCredentials(null, app);
    }
}
