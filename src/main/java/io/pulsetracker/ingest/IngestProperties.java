package io.pulsetracker.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the ingest doors, under {@code pulsetracker.ingest.*}.
 *
 * <p>A device port of {@code 0} disables its door; {@code -1} binds a port the operating system chooses
 * (tests use it so that parallel runs never collide; {@link DevicePorts} tells which one was bound).
 *
 * @param maxFutureSkew how far ahead of the server clock a fix's timestamp may be before it is rejected
 * @param maxBodySize largest HTTP request body accepted on {@code /api/track}
 * @param maxBatchSize most fixes in one HTTP batch
 * @param bindAddress the address the TCP, UDP and WebSocket ports listen on
 * @param tcpPort TCP port for newline-delimited JSON
 * @param udpPort UDP port for one JSON fix per datagram
 * @param websocketPort port of the WebSocket server of its own
 * @param websocketPath path of the WebSocket door on the HTTP port; empty to disable it
 * @param maxLineLength longest TCP line in bytes, without its line end
 * @param maxDatagramSize largest UDP datagram in bytes
 * @param maxMessageSize largest WebSocket message in bytes
 * @param idleTimeout a TCP or WebSocket connection that sends no complete line or message for this long is
 *     closed
 * @param maxConnectionsPerAddress most open TCP connections, and most WebSocket connections, from one remote
 *     address
 * @param maxBadFrames a connection is closed at its n-th bad frame (not JSON, not UTF-8, too long, blank,
 *     unknown key)
 * @param badInputLogInterval at most one WARN line per remote address in this interval
 */
@ConfigurationProperties("pulsetracker.ingest")
public record IngestProperties(
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("1000") int maxBatchSize,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("9000") int tcpPort,
        @DefaultValue("9505") int udpPort,
        @DefaultValue("1215") int websocketPort,
        @DefaultValue("/ws/track") String websocketPath,
        @DefaultValue("16KB") DataSize maxLineLength,
        @DefaultValue("16KB") DataSize maxDatagramSize,
        @DefaultValue("16KB") DataSize maxMessageSize,
        @DefaultValue("5m") Duration idleTimeout,
        @DefaultValue("100") int maxConnectionsPerAddress,
        @DefaultValue("10") int maxBadFrames,
        @DefaultValue("1m") Duration badInputLogInterval) {

    /** UDP payloads cannot be larger. */
    static final long LARGEST_DATAGRAM = 65_507;

    public IngestProperties {
        requirePort("tcp-port", tcpPort);
        requirePort("udp-port", udpPort);
        requirePort("websocket-port", websocketPort);
        requirePositive("max-line-length", maxLineLength.toBytes());
        requirePositive("max-message-size", maxMessageSize.toBytes());
        requirePositive("max-connections-per-address", maxConnectionsPerAddress);
        requirePositive("max-bad-frames", maxBadFrames);
        if (maxDatagramSize.toBytes() < 1 || maxDatagramSize.toBytes() > LARGEST_DATAGRAM) {
            throw new IllegalArgumentException("pulsetracker.ingest.max-datagram-size must be within [1, "
                    + LARGEST_DATAGRAM + "] bytes, was [" + maxDatagramSize + "]");
        }
    }

    private static void requirePort(String name, int port) {
        if (port < -1 || port > 65_535) {
            throw new IllegalArgumentException("pulsetracker.ingest." + name
                    + " must be a port (1 to 65535), 0 to disable the door or -1 for any free port, was [" + port
                    + "]");
        }
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "pulsetracker.ingest." + name + " must be at least 1, was [" + value + "]");
        }
    }
}
