package io.pulsetracker.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** A device on the TCP door, over a real socket: writes raw bytes, reads one-line JSON replies. */
public final class DeviceSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    private DeviceSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Connects to 127.0.0.1:{@code port} from {@code localAddress} (any 127.x.y.z); replies are awaited 10 s. */
    public static DeviceSocket connect(int port, String localAddress) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            return new DeviceSocket(socket);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    public static DeviceSocket connect(int port) {
        return connect(port, "127.0.0.1");
    }

    /** Writes the text as UTF-8, as one segment. */
    public DeviceSocket send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public DeviceSocket send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** Shuts the sending side, as {@code nc -N} does at the end of its input; replies can still be read. */
    public DeviceSocket shutdownOutput() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** The next reply line, parsed; null when the server closed the connection. */
    public JsonNode reply() {
        String line = readLine();
        return line == null ? null : ApiClient.JSON.readTree(line);
    }

    /** True when the server closes the connection (after any replies left unread) within the read timeout. */
    public boolean closedByServer() {
        try {
            while (readLine() != null) {
                // replies before the close are not the question here
            }
            return true;
        } catch (UncheckedIOException timeout) {
            if (timeout.getCause() instanceof SocketTimeoutException) {
                return false;
            }
            return true;
        }
    }

    public void readTimeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private String readLine() {
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int next = in.read(); next != '\n'; next = in.read()) {
                if (next < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                line.write(next);
            }
            return line.toString(StandardCharsets.UTF_8);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the server may have closed already
        }
    }
}
