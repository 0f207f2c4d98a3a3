package io.pulsetracker.support;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A real HTTP server on 127.0.0.1 that records every webhook call: the raw body bytes, the headers, the
 * status it answered and when it got the call, as a receiver would see them. It answers {@code status}
 * (200 unless changed), after {@code delay} (none unless changed), or what a {@link #reply} rule says for
 * each call.
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(32);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<IntFunction<Reply>> rule = new AtomicReference<>();
    private final AtomicInteger received = new AtomicInteger();

    /**
     * How to answer one call.
     *
     * @param status the status code
     * @param delay how long to wait before answering
     */
    public record Reply(int status, Duration delay) {}

    /**
     * One received request.
     *
     * @param path the request path
     * @param body the exact bytes received
     * @param headers the request headers, names lowercase
     * @param answered the status code answered
     * @param receivedAt when the request had been read in full
     */
    public record Call(String path, byte[] body, Map<String, String> headers, int answered, Instant receivedAt) {

        /** Whether the receiver accepted it (2xx). */
        public boolean accepted() {
            return answered >= 200 && answered < 300;
        }
    }

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException cannotBind) {
            throw new UncheckedIOException(cannotBind);
        }
        server.setExecutor(workers);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Instant receivedAt = Instant.now();
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            IntFunction<Reply> replyRule = rule.get();
            Reply reply = replyRule == null
                    ? new Reply(status.get(), delay.get())
                    : replyRule.apply(received.getAndIncrement());
            pause(reply.delay());
            int answered = reply.status();
            calls.add(new Call(exchange.getRequestURI().getPath(), body, headers, answered, receivedAt));
            exchange.sendResponseHeaders(answered, -1);
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

    /** The calls answered with a 2xx, in the order received. */
    public List<Call> accepted() {
        return calls.stream().filter(Call::accepted).toList();
    }

    /**
     * Answers each call as {@code replyToCall} says, given the number of the call (0 for the first one
     * since this rule was set); null goes back to {@link #answer} and {@link #delay}.
     */
    public void reply(IntFunction<Reply> replyToCall) {
        received.set(0);
        rule.set(replyToCall);
    }

    public void answer(int statusCode) {
        status.set(statusCode);
    }

    /** Waits this long before answering each call from now on. */
    public void delay(Duration wait) {
        delay.set(wait);
    }

    private static void pause(Duration wait) {
        if (wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
