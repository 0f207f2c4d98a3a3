package io.pulsetracker.replay;

import java.util.Objects;

/**
 * How the replay authenticates to {@code POST /api/track}: as one device with its own key, or as an
 * application that names the device in every fix. The {@code toString} of both forms hides the key.
 */
public sealed interface DeviceCredentials {

    /**
     * A device's own key, sent as {@code Authorization: Bearer <key>}; the fixes carry no device
     * id.
     *
     * @param key the device key, not blank
     */
    record DeviceKey(String key) implements DeviceCredentials {

        public DeviceKey {
            requireText(key, "device key");
        }

        @Override
        public String toString() {
            return "DeviceKey[key=***]";
        }
    }

    /**
     * An application key, sent as {@code X-App-Key: <key>}, with the device id written into every
     * fix.
     *
     * @param key the application key, not blank
     * @param deviceId the device the fixes belong to, not blank
     */
    record AppKey(String key, String deviceId) implements DeviceCredentials {

        public AppKey {
            requireText(key, "app key");
            requireText(deviceId, "device id");
        }

        @Override
        public String toString() {
            return "AppKey[key=***, deviceId=" + deviceId + "]";
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
