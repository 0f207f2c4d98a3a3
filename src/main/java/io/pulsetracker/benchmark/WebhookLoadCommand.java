package io.pulsetracker.benchmark;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code webhook-load}: drives geofence events through a running server at a steady rate into a webhook
 * receiver of its own on loopback, with a second endpoint that is down beside it, and reports the
 * delivered events per second and the event-to-receipt latency.
 *
 * <p>Every fix moves its device into or out of a circle fence, so each fix makes one event. Devices are
 * split over sender threads; a thread sends its devices' fixes round after round, so each device's fixes
 * arrive in order. The latency of an event runs from {@code created_at} of its delivery in the server's
 * log (written in the transaction that recorded the event) to the moment the receiver had read the call;
 * both clocks are this machine's. Nothing here starts Spring.
 */
@Command(
        name = "webhook-load",
        sortOptions = false,
        usageHelpWidth = 100,
        description = "Sends fixes that make one geofence event each to a running server and measures their"
                + " webhook deliveries to a local receiver, with a second endpoint down.")
public final class WebhookLoadCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long FIRST_FIX = 1_700_000_000L;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Server, ${DEFAULT-VALUE}.")
    private String url;

    @Option(names = "--token", required = true, description = "An API token that may create apps.")
    private String token;

    @Option(names = "--rate", defaultValue = "1000", description = "Events per second, ${DEFAULT-VALUE}.")
    private int rate;

    @Option(names = "--seconds", defaultValue = "30", description = "How long to send, ${DEFAULT-VALUE} s.")
    private int seconds;

    @Option(names = "--devices", defaultValue = "100", description = "Devices, ${DEFAULT-VALUE}.")
    private int devices;

    @Option(names = "--senders", defaultValue = "4", description = "Sender threads, ${DEFAULT-VALUE}.")
    private int senders;

    @Option(names = "--receiver-port", defaultValue = "18101", description = "Healthy receiver's port.")
    private int receiverPort;

    @Option(names = "--down-port", defaultValue = "18102", description = "A loopback port nothing listens on.")
    private int downPort;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Instant> receivedAt = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final ConcurrentLinkedQueue<Long> ingestMillis = new ConcurrentLinkedQueue<>();
    private final PrintWriter out = new PrintWriter(System.out, true);

    /** Runs the command; returns the exit code (0: every event reached the healthy receiver). */
    public static int run(String... args) {
        return new CommandLine(new WebhookLoadCommand()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        HttpServer receiver = receiver();
        try {
            String appKey = setUp();
            int rounds = seconds * rate / devices;
            long started = System.nanoTime();
            send(appKey, rounds);
            double sendSeconds = (System.nanoTime() - started) / 1e9;
            int expected = rounds * devices;
            awaitReceipts(expected);
            report(appKey, expected, sendSeconds);
            return receivedAt.size() == expected ? 0 : 1;
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * Waits until every event arrived, or until none arrived for 60 seconds (longer than a webhook claim
     * lasts with the default timeouts, so that a delivery held by a claim still shows up); prints progress
     * on stderr.
     */
    private void awaitReceipts(int expected) throws InterruptedException {
        int seen = -1;
        long lastProgress = System.nanoTime();
        while (receivedAt.size() < expected && System.nanoTime() - lastProgress < 60_000_000_000L) {
            if (receivedAt.size() != seen) {
                seen = receivedAt.size();
                lastProgress = System.nanoTime();
                System.err.printf("received %d of %d events%n", seen, expected);
            }
            Thread.sleep(1000);
        }
    }

    /** The healthy receiver: answers 204 and notes when it first got each {@code webhook-id}. */
    private HttpServer receiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 500);
        ExecutorService workers = Executors.newFixedThreadPool(32);
        server.setExecutor(workers);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Instant now = Instant.now();
            if (receivedAt.putIfAbsent(exchange.getRequestHeaders().getFirst("webhook-id"), now) != null) {
                duplicates.incrementAndGet();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Creates an app with a fence around (0, 0), the healthy endpoint and the one that is down. */
    private String setUp() {
        String appKey =
                post("/api/apps", Map.of("name", "webhook load")).get("key").asString();
        post(
                "/api/geofences",
                Map.of(
                        "name",
                        "load fence",
                        "app_key",
                        appKey,
                        "geometry",
                        Map.of("type", "Circle", "center", List.of(0, 0), "radius_m", 1000)));
        post(webhooks(appKey, ""), Map.of("url", "http://127.0.0.1:" + receiverPort + "/healthy"));
        post(webhooks(appKey, ""), Map.of("url", "http://127.0.0.1:" + downPort + "/down"));
        return appKey;
    }

    /** Sends {@code rounds} fixes of every device at the rate asked for, one thread per group of devices. */
    private void send(String appKey, int rounds) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        double roundsPerSecond = (double) rate / devices;
        for (int sender = 0; sender < senders; sender++) {
            List<String> group = new ArrayList<>();
            for (int device = sender; device < devices; device += senders) {
                group.add("load-" + device);
            }
            Thread thread = new Thread(() -> sendRounds(appKey, group, rounds, roundsPerSecond), "sender-" + sender);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void sendRounds(String appKey, List<String> group, int rounds, double roundsPerSecond) {
        long start = System.nanoTime();
        for (int n = 0; n < rounds; n++) {
            long due = start + (long) (n * 1e9 / roundsPerSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleep(Duration.ofNanos(wait));
            }
            double position = n % 2 == 0 ? 0.0 : 1.0;
            List<Map<String, Object>> fixes = new ArrayList<>();
            for (String device : group) {
                fixes.add(Map.of("device_id", device, "lat", position, "lng", position, "timestamp", FIRST_FIX + n));
            }
            long sent = System.nanoTime();
            HttpResponse<String> answer = exchange("POST", "/api/track", Map.of("X-App-Key", appKey), fixes);
            ingestMillis.add((System.nanoTime() - sent) / 1_000_000);
            if (answer.statusCode() != 202) {
                out.println("fixes refused: HTTP " + answer.statusCode() + " " + answer.body());
            }
        }
    }

    private void report(String appKey, int expected, double sendSeconds) {
        List<Long> latencies = new ArrayList<>();
        List<Instant> receipts = new ArrayList<>(receivedAt.values());
        int[] unseen = {0, 0};
        forEachDelivery(appKey, "status=delivered&endpoint_id=" + endpointId(appKey, "/healthy"), delivery -> {
            unseen[1]++;
            Instant received = receivedAt.get(delivery.get("event_id").asString());
            if (received != null) {
                latencies.add(Duration.between(
                                Instant.parse(delivery.get("created_at").asString()), received)
                        .toMillis());
            } else {
                unseen[0]++;
            }
        });
        Collections.sort(latencies);
        Collections.sort(receipts);
        List<Long> ingest = new ArrayList<>(ingestMillis);
        Collections.sort(ingest);
        double deliverySeconds = receipts.isEmpty()
                ? 0
                : Duration.between(receipts.get(0), receipts.get(receipts.size() - 1))
                                .toMillis()
                        / 1000.0;
        int[] down = {0, 0};
        forEachDelivery(appKey, "endpoint_id=" + endpointId(appKey, "/down"), delivery -> {
            down[0]++;
            down[1] += delivery.get("attempts").asInt();
        });
        out.printf(
                "sent %d fixes (one event each) in %.1f s: %.0f events/s offered%n",
                expected, sendSeconds, expected / sendSeconds);
        out.printf(
                "ingestion (POST /api/track, %d fixes each): p50 %d ms, p99 %d ms, max %d ms%n",
                devices / senders, at(ingest, 50), at(ingest, 99), at(ingest, 100));
        out.printf(
                "healthy endpoint: %d of %d events received, %d duplicate calls, %.0f events/s delivered"
                        + " (first to last receipt, %.1f s)%n",
                receivedAt.size(),
                expected,
                duplicates.get(),
                receipts.size() / Math.max(deliverySeconds, 0.001),
                deliverySeconds);
        out.printf(
                "event recorded -> received: p50 %d ms, p99 %d ms, max %d ms (%d events)%n",
                at(latencies, 50), at(latencies, 99), at(latencies, 100), latencies.size());
        out.printf(
                "server's log: %d delivered to the healthy endpoint, %d of them never received here%n",
                unseen[1], unseen[0]);
        out.printf("endpoint down: %d deliveries queued, %d attempts made so far%n", down[0], down[1]);
    }

    private long endpointId(String appKey, String path) {
        for (JsonNode endpoint : get(webhooks(appKey, ""))) {
            if (endpoint.get("url").asString().endsWith(path)) {
                return endpoint.get("id").asLong();
            }
        }
        throw new IllegalStateException("no endpoint ending in " + path);
    }

    private void forEachDelivery(String appKey, String filter, java.util.function.Consumer<JsonNode> action) {
        String query = webhooks(appKey, "/deliveries?limit=1000&" + filter);
        JsonNode page = get(query);
        while (!page.isEmpty()) {
            page.forEach(action);
            page = get(
                    query + "&before_id=" + page.get(page.size() - 1).get("id").asLong());
        }
    }

    private static long at(List<Long> sorted, int percent) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    private static String webhooks(String appKey, String rest) {
        return "/api/apps/" + appKey + "/webhooks" + rest;
    }

    private JsonNode post(String path, Object body) {
        HttpResponse<String> answer = exchange("POST", path, Map.of("Authorization", "Bearer " + token), body);
        if (answer.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    private JsonNode get(String path) {
        return JSON.readTree(exchange("GET", path, Map.of("Authorization", "Bearer " + token), null)
                .body());
    }

    private HttpResponse<String> exchange(String method, String path, Map<String, String> headers, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        all.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException failed) {
            throw new IllegalStateException(method + " " + path + " failed: " + failed, failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", interrupted);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
