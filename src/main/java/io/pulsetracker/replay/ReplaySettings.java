package io.pulsetracker.replay;

import java.net.URI;
import java.util.Objects;

/**
 * Where and how fast a {@link TrackSender} sends.
 *
 * @param serverUrl the server's base URL, {@code http} or {@code https}, for example {@code
 *     http://127.0.0.1:8080}; {@code /api/track} is appended to its path
 * @param credentials the device or application key
 * @param batchSize fixes per request, at least 1
 * @param fixesPerSecond the highest average sending rate in fixes per second; 0 sends each batch as
 *     soon as the previous one was answered
 */
public record ReplaySettings(URI serverUrl, DeviceCredentials credentials, int batchSize, double fixesPerSecond) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when the URL is not an absolute http(s) URL with a host, the
     *     batch size is below 1, or the rate is negative or not a number; the message quotes the
     *     value
     */
    public ReplaySettings {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(credentials, "credentials");
        String scheme = serverUrl.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || serverUrl.getHost() == null) {
            throw new IllegalArgumentException("server URL must be http(s)://host[:port], was [" + serverUrl + "]");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was [" + batchSize + "]");
        }
        if (!(fixesPerSecond >= 0) || Double.isInfinite(fixesPerSecond)) {
            throw new IllegalArgumentException("rate must be 0 or more, was [" + fixesPerSecond + "]");
        }
    }

    /** The URL batches are posted to: the server URL's path with {@code /api/track} appended. */
    public URI trackEndpoint() {
        String base = serverUrl.toString();
        return URI.create(base.endsWith("/") ? base + "api/track" : base + "/api/track");
    }
}
