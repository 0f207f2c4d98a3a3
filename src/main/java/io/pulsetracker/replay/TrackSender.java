package io.pulsetracker.replay;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sends track points to {@code POST /api/track}, batch after batch, in list order.
 *
 * <p>Each batch is a JSON array of fixes (see {@link TrackApiJson}) and the next batch leaves only
 * after the previous one was answered, so the server sees the fixes in file order. A 503 answer
 * makes the sender wait as long as its {@code Retry-After} header says (whole seconds; 1 s when the
 * header is missing or a date) and send the same batch again, at most {@value #MAX_TRIES} times in
 * all. Any other answer outside 2xx ends the replay with a {@link ReplayAbortedException}, as does
 * a connection failure. With a rate set, the batch that starts at fix {@code n} (counted from 0)
 * leaves no earlier than {@code n / rate} seconds after the replay began; a rate below the batch
 * size therefore sends one batch every {@code batchSize / rate} seconds.
 *
 * <p>A sender may be reused for several replays, one after the other; it is not meant to run two at
 * once. {@link #send} blocks until the last batch is answered.
 */
public final class TrackSender {

    /** How many times one batch is sent while the server answers 503. */
    public static final int MAX_TRIES = 30;

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ReplaySettings settings;
    private final HttpClient http;
    private final TrackApiJson json = new TrackApiJson();

    /** A sender with its own HTTP/1.1 client (10 s connect timeout). */
    public TrackSender(ReplaySettings settings) {
        this(
                settings,
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build());
    }

    /**
     * A sender that uses the given client, for callers that configure proxies, TLS or executors.
     */
    public TrackSender(ReplaySettings settings, HttpClient http) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
    }

    /** Sends all points without reporting progress; see {@link #send(List, Consumer)}. */
    public ReplaySummary send(List<TrackPoint> points) throws ReplayAbortedException {
        return send(points, progress -> {});
    }

    /**
     * Sends all points and returns what the server made of them.
     *
     * @param progress called on the sending thread after every answered batch
     * @throws ReplayAbortedException when a batch is refused, the server stays unavailable for
     *     {@value #MAX_TRIES} tries, the server cannot be reached, or the thread is interrupted
     */
    public ReplaySummary send(List<TrackPoint> points, Consumer<ReplayProgress> progress)
            throws ReplayAbortedException {
        Objects.requireNonNull(progress, "progress");
        ReplayTally tally = new ReplayTally(points.size(), System.nanoTime());

        for (int first = 0; first < points.size(); first += settings.batchSize()) {
            int end = Math.min(first + settings.batchSize(), points.size());
            List<TrackPoint> batch = points.subList(first, end);
            waitForRate(tally);

            tally.record(first, batch, sendBatch(batch, tally));
            progress.accept(tally.progress());
        }

        return tally.summary();
    }

    private void waitForRate(ReplayTally tally) throws ReplayAbortedException {
        if (settings.fixesPerSecond() == 0) {
            return;
        }
        long dueNanos = tally.startNanos() + (long) (tally.sent() * 1e9 / settings.fixesPerSecond());
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
            pause(Duration.ofNanos(waitNanos), tally);
        }
    }

    private TrackApiJson.BatchOutcome sendBatch(List<TrackPoint> batch, ReplayTally tally)
            throws ReplayAbortedException {
        HttpRequest request = request(json.batchBody(batch, deviceIdForFixes()));

        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response = exchange(request, tally);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return json.outcome(response.body(), batch.size());
            }
            if (status != 503) {
                throw refused(response, tally);
            }
            if (attempt == MAX_TRIES) {
                throw new ReplayAbortedException(
                        "server still unavailable (503) after " + MAX_TRIES + " tries",
                        status,
                        List.of(),
                        tally.accepted());
            }
            pause(retryAfter(response), tally);
        }
    }

    private String deviceIdForFixes() {
        return settings.credentials() instanceof DeviceCredentials.AppKey appKey ? appKey.deviceId() : null;
    }

    private HttpRequest request(byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.trackEndpoint())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));

        if (settings.credentials() instanceof DeviceCredentials.DeviceKey deviceKey) {
            request.header("Authorization", "Bearer " + deviceKey.key());
        } else if (settings.credentials() instanceof DeviceCredentials.AppKey appKey) {
            request.header("X-App-Key", appKey.key());
        }
        return request.build();
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, ReplayTally tally) throws ReplayAbortedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ReplayAbortedException(
                    "cannot reach " + request.uri() + ": " + describe(e), 0, List.of(), tally.accepted());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayAbortedException("interrupted while sending", 0, List.of(), tally.accepted());
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "the connection was refused (is the server running, and on that port?)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "the server did not answer in time";
        }
        return e.getMessage() == null
                ? "the connection failed"
                : "the connection failed (" + e.getMessage() + "); did the server stop?";
    }

    private ReplayAbortedException refused(HttpResponse<byte[]> response, ReplayTally tally) {
        TrackApiJson.Problem problem = json.problem(response.body());
        StringBuilder message = new StringBuilder("server answered ").append(response.statusCode());
        for (String part : new String[] {problem.title(), problem.detail()}) {
            if (part != null && !part.isBlank()) {
                message.append(": ").append(part);
            }
        }
        return new ReplayAbortedException(
                message.toString(), response.statusCode(), problem.errors(), tally.accepted());
    }

    private static Duration retryAfter(HttpResponse<byte[]> response) {
        String header = response.headers().firstValue("Retry-After").orElse("").strip();
        try {
            long seconds = Long.parseLong(header);
            return seconds >= 0 ? Duration.ofSeconds(seconds) : DEFAULT_RETRY_AFTER;
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }

    private static void pause(Duration duration, ReplayTally tally) throws ReplayAbortedException {
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayAbortedException("interrupted while waiting", 0, List.of(), tally.accepted());
        }
    }
}
