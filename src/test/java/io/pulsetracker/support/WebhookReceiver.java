package io.pulsetracker.support;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that records every webhook call: the raw body bytes and the headers,
 * as a receiver would see them. It answers {@code status} (200 unless changed).
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    /**
     * One received request.
     *
     * @param path the request path
     * @param body the exact bytes received
     * @param headers the request headers, names lowercase
     */
    public record Call(String path, byte[] body, Map<String, String> headers) {}

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException cannotBind) {
            throw new UncheckedIOException(cannotBind);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            calls.add(new Call(exchange.getRequestURI().getPath(), body, headers));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL to register as a webhook. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Call> calls() {
        return calls;
    }

    /** The calls received on {@code path}. */
    public List<Call> calls(String path) {
        return calls.stream().filter(call -> path.equals(call.path())).toList();
    }

    /**
     * Waits up to 20 s for {@code count} calls on {@code path}, then 1.5 s more to make sure no other
     * call follows, and returns them.
     */
    public List<Call> awaitCalls(String path, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> calls(path).size() >= count);
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> calls(path).size() == count);
        return calls(path);
    }

    /**
     * Waits for {@code count} geofence events on {@code path} (see {@link #awaitCalls}) and returns them as
     * {@code "<event> <HH:mm:ss of location_recorded_at>"}, in recorded-time order.
     */
    public List<String> awaitEvents(String path, int count) {
        return awaitCalls(path, count).stream()
                .map(call -> ApiClient.JSON.readTree(call.body()))
                .sorted(Comparator.comparingLong(
                        body -> body.get("location_recorded_at").asLong()))
                .map(body -> body.get("event").asString() + " "
                        + Instant.ofEpochSecond(body.get("location_recorded_at").asLong())
                                .toString()
                                .substring(11, 19))
                .toList();
    }

    public void answer(int statusCode) {
        status.set(statusCode);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
