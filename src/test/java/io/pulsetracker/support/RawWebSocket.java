package io.pulsetracker.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare WebSocket client on a plain socket: it writes its first text frame the moment the {@code 101}
 * response has been read, with no client library in between, as small devices do. Text frames only, and
 * replies of less than 126 bytes.
 */
public final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Upgrades {@code path} on 127.0.0.1:{@code port}, reading the response headers and nothing more. */
    public static RawWebSocket connect(int port, String path) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            RawWebSocket client = new RawWebSocket(socket);
            client.out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            client.out.flush();
            client.readHeaders();
            return client;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** Sends one masked text frame (mask of zeros: the payload goes out as it is). */
    public RawWebSocket send(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        frame.writeBytes(new byte[4]);
        frame.writeBytes(payload);
        try {
            out.write(frame.toByteArray());
            out.flush();
            return this;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** The payload of the next text frame; null when none came within 10 s or the connection closed. */
    public String reply() {
        try {
            int opcode = in.read();
            int length = in.read();
            if (opcode < 0 || length < 0 || length >= 126) {
                return null;
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException timeout) {
            return null;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private void readHeaders() throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed during the handshake");
            }
            matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the server may have closed it already
        }
    }
}
