package io.pulsetracker.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** A device on a WebSocket door, with the JDK's client: sends text, collects replies, pongs and the close. */
public final class DeviceWebSocket implements AutoCloseable {

    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private DeviceWebSocket(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        this.socket = builder.connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Collector())
                .join();
    }

    public static DeviceWebSocket connect(String uri, Map<String, String> headers) {
        return new DeviceWebSocket(URI.create(uri), headers);
    }

    public static DeviceWebSocket connect(String uri) {
        return connect(uri, Map.of());
    }

    public DeviceWebSocket send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    public DeviceWebSocket ping(String payload) {
        socket.sendPing(ByteBuffer.wrap(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .join();
        return this;
    }

    /** The next reply, parsed; null when none came within 10 s. */
    public JsonNode reply() {
        try {
            String text = replies.poll(10, TimeUnit.SECONDS);
            return text == null ? null : ApiClient.JSON.readTree(text);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** The payload of the next pong, or null when none came within 10 s. */
    public String pong() {
        try {
            ByteBuffer pong = pongs.poll(10, TimeUnit.SECONDS);
            return pong == null
                    ? null
                    : java.nio.charset.StandardCharsets.UTF_8.decode(pong).toString();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** The close status the server sent, waiting 10 s at most. */
    public int closeStatus() {
        return closed.completeOnTimeout(-1, 10, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Collector implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                replies.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            ByteBuffer copy =
                    ByteBuffer.allocate(message.remaining()).put(message).flip();
            pongs.add(copy);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-2);
        }
    }
}
