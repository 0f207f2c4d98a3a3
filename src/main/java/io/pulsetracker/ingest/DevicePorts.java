package io.pulsetracker.ingest;

/**
 * The device ports this instance listens on, once it has started: the configured ones, or the ones the
 * operating system chose for {@code -1}. A disabled door reports {@code 0}. Thread-safe.
 */
public interface DevicePorts {

    /** The TCP port for newline-delimited JSON, or 0. */
    int tcpPort();

    /** The UDP port for JSON datagrams, or 0. */
    int udpPort();

    /** The port of the WebSocket server of its own, or 0. */
    int websocketPort();
}
