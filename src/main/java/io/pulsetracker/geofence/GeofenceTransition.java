package io.pulsetracker.geofence;

/** What a device did relative to a fence; {@link #wireName()} is the name in webhooks and messages. */
public enum GeofenceTransition {
    /** The device is inside now and was not before (also its first fix inside). */
    INSIDE,
    /** The device was inside and is outside now. */
    OUTSIDE,
    /**
     * The device was outside at two consecutive fixes, but the path between them passed through the fence;
     * only for fences with cross events on.
     */
    CROSS;

    /** The lowercase name used on the wire: {@code inside}, {@code outside}, {@code cross}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
