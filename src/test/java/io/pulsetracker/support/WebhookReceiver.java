package io.pulsetracker.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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

    public void answer(int statusCode) {
        status.set(statusCode);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
