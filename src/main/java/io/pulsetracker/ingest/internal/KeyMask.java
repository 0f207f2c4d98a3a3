package io.pulsetracker.ingest.internal;

/**
 * How a device or app key appears in logs and in error texts: its first 4 characters and an ellipsis,
 * enough to tell which of one's own keys was meant, not enough to use it. Thread-safe and stateless.
 */
final class KeyMask {

    private static final int SHOWN = 4;

    private KeyMask() {}

    /** The key masked; a key of at most 4 characters is fully hidden. */
    static String mask(String key) {
        if (key == null) {
            return null;
        }
        if (key.codePointCount(0, key.length()) <= SHOWN) {
            return "…";
        }
        return key.substring(0, key.offsetByCodePoints(0, SHOWN)) + "…";
    }
}
