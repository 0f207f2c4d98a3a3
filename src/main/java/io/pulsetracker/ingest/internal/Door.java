package io.pulsetracker.ingest.internal;

/**
 * A device door other than HTTP: the name recorded in each fix's {@code protocol} and in the meters, what
 * its frames are called in messages, and when it answers.
 *
 * <ul>
 *   <li>TCP answers every error, and each accepted fix when the device asked for acks; replies carry the
 *       line's number on the connection as {@code seq}.
 *   <li>UDP answers only datagrams that ask for it ({@code "ack":true}), echoing their own {@code seq}.
 *   <li>WebSocket answers every message, numbered like TCP lines.
 * </ul>
 */
enum Door {
    TCP("tcp", "line", false, true),
    UDP("udp", "datagram", false, false),
    WEBSOCKET("websocket", "message", true, true);

    private final String protocol;
    private final String frame;
    private final boolean acksAlways;
    private final boolean connected;

    Door(String protocol, String frame, boolean acksAlways, boolean connected) {
        this.protocol = protocol;
        this.frame = frame;
        this.acksAlways = acksAlways;
        this.connected = connected;
    }

    /** The {@code protocol} of fixes and the {@code protocol} tag of meters. */
    String protocol() {
        return protocol;
    }

    /** What one unit of input is called in error messages: line, datagram or message. */
    String frame() {
        return frame;
    }

    /** Whether every accepted fix is acknowledged, asked or not. */
    boolean acksAlways() {
        return acksAlways;
    }

    /**
     * Whether the door keeps a connection: its replies are numbered, it answers errors unasked, and it closes
     * abusive connections. A datagram door answers only when asked (a spoofed sender must not turn it into
     * a reflector).
     */
    boolean connected() {
        return connected;
    }
}
