package io.pulsetracker.webhook.internal;

import io.netty.channel.ChannelOption;
import io.pulsetracker.account.App;
import io.pulsetracker.account.Apps;
import io.pulsetracker.shared.UtcColumns;
import io.pulsetracker.shared.WireJson;
import io.pulsetracker.webhook.WebhookOutbox;
import io.pulsetracker.webhook.WebhookProperties;
import io.pulsetracker.webhook.WebhookSignature;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends due webhook deliveries: claims a batch (so that two instances never send the same delivery at
 * once), signs each body, posts it with connect and response timeouts, and records the outcome. A 2xx
 * answer marks the delivery delivered; anything else schedules a retry with exponential back-off and
 * jitter until {@code max-attempts}, then marks it failed.
 *
 * <p>At most {@code concurrency} deliveries are in flight per instance, each independent of the others.
 *
 * <p><b>Limitations.</b> Deliveries of one device to one URL are not yet strictly ordered when some of
 * them are retried; receivers that never answer can take every slot for the response timeout.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Duration CLAIM_TIME = Duration.ofMinutes(2);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final DatabaseClient database;
    private final WebhookOutbox outbox;
    private final Apps apps;
    private final WebhookProperties properties;
    private final WebClient client;
    private volatile Disposable loop;
    private final AtomicInteger inFlight = new AtomicInteger();

    WebhookDispatcher(DatabaseClient database, WebhookOutbox outbox, Apps apps, WebhookProperties properties) {
        this.database = database;
        this.outbox = outbox;
        this.apps = apps;
        this.properties = properties;
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        properties.connectTimeout().toMillis())
                .responseTimeout(properties.responseTimeout())
                .followRedirect(false);
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }

    @Override
    public void start() {
        loop = Flux.merge(Flux.interval(properties.pollInterval()).map(tick -> Boolean.TRUE), outbox.wakeUps())
                .onBackpressureLatest()
                .concatMap(
                        wake -> dispatchDue().onErrorResume(failure -> {
                            log.warn(
                                    "Webhook dispatch round failed, retrying at the next poll: {}", failure.toString());
                            return Mono.empty();
                        }),
                        1)
                .subscribe();
        log.info(
                "Webhook dispatcher started (timeouts: connect {}, response {}; {} attempts)",
                properties.connectTimeout(),
                properties.responseTimeout(),
                properties.maxAttempts());
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }

    /** Claims and sends every due delivery, a batch at a time. */
    /**
     * Claims as many due deliveries as there are free sending slots and starts sending each on its own,
     * without waiting: a receiver that is slow to answer holds one slot, never the next round.
     */
    Mono<Void> dispatchDue() {
        int free = properties.concurrency() - inFlight.get();
        if (free <= 0) {
            return Mono.empty();
        }
        String token = UUID.randomUUID().toString();
        return claim(token, free)
                .flatMapMany(claimed -> claimed == 0 ? Flux.empty() : claimedDeliveries(token))
                .doOnNext(this::start)
                .then();
    }

    private void start(Delivery delivery) {
        inFlight.incrementAndGet();
        send(delivery)
                .doFinally(signal -> {
                    inFlight.decrementAndGet();
                    outbox.dispatchSoon();
                })
                .subscribe();
    }

    private Mono<Long> claim(String token, int limit) {
        Instant now = Instant.now();
        return database.sql("UPDATE webhook_deliveries SET claim_token = :token, claimed_until = :until"
                        + " WHERE status = 'pending' AND next_attempt_at <= :now"
                        + " AND (claimed_until IS NULL OR claimed_until < :now) ORDER BY id LIMIT " + limit)
                .bind("token", token)
                .bind("until", UtcColumns.toColumn(now.plus(CLAIM_TIME)))
                .bind("now", UtcColumns.toColumn(now))
                .fetch()
                .rowsUpdated();
    }

    private Flux<Delivery> claimedDeliveries(String token) {
        return database.sql("SELECT id, event_id, app_id, url, payload, attempts FROM webhook_deliveries"
                        + " WHERE claim_token = :token AND status = 'pending' ORDER BY id")
                .bind("token", token)
                .map(row -> new Delivery(
                        row.get("id", Long.class),
                        row.get("event_id", String.class),
                        row.get("app_id", Long.class),
                        row.get("url", String.class),
                        row.get("payload", String.class),
                        row.get("attempts", Integer.class)))
                .all();
    }

    private Mono<Void> send(Delivery delivery) {
        URI url = URI.create(delivery.url());
        return refusal(url)
                .map(Outcome::refused)
                .switchIfEmpty(Mono.defer(() -> apps.findById(delivery.appId())
                        .flatMap(app -> post(delivery, url, app))
                        .switchIfEmpty(Mono.just(Outcome.refused("the app no longer exists")))))
                .onErrorResume(failure -> Mono.just(Outcome.failed(null, describe(failure))))
                .flatMap(outcome -> record(delivery, outcome));
    }

    /** Emits why {@code url} may not be called, or completes empty when it may. A refusal is final. */
    private Mono<String> refusal(URI url) {
        if (properties.allowPrivateAddresses()) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> AddressGuard.refusal(url)).subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<Outcome> post(Delivery delivery, URI url, App app) {
        byte[] body = body(delivery);
        return client.post()
                .uri(url)
                .contentType(MediaType.APPLICATION_JSON)
                .header("User-Agent", "PulseTracker-Webhook")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(app.webhookSecret(), body))
                .bodyValue(body)
                .exchangeToMono(response ->
                        response.releaseBody().thenReturn(response.statusCode().value()))
                .map(status -> status >= 200 && status < 300
                        ? Outcome.delivered(status)
                        : Outcome.failed(status, "the receiver answered HTTP " + status));
    }

    /** The stored payload plus {@code event_sent_at}, as the exact bytes that are signed and sent. */
    private static byte[] body(Delivery delivery) {
        ObjectNode payload = (ObjectNode) WireJson.MAPPER.readTree(delivery.payload());
        payload.put("event_sent_at", Instant.now().getEpochSecond());
        return WireJson.MAPPER.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
    }

    private Mono<Void> record(Delivery delivery, Outcome outcome) {
        int attempts = delivery.attempts() + 1;
        Instant now = Instant.now();
        String status = outcome.delivered()
                ? "delivered"
                : outcome.permanent() || attempts >= properties.maxAttempts() ? "failed" : "pending";
        Instant next = now.plus(backoff(attempts));
        logOutcome(delivery, outcome, status, attempts);
        DatabaseClient.GenericExecuteSpec update = database.sql("UPDATE webhook_deliveries SET status = :status,"
                        + " attempts = :attempts, next_attempt_at = :next, claim_token = NULL, claimed_until = NULL,"
                        + " last_status_code = :code, last_error = :error, delivered_at = :delivered WHERE id = :id")
                .bind("status", status)
                .bind("attempts", attempts)
                .bind("next", UtcColumns.toColumn(next))
                .bind("id", delivery.id());
        update = outcome.statusCode() == null
                ? update.bindNull("code", Integer.class)
                : update.bind("code", outcome.statusCode());
        update = outcome.error() == null
                ? update.bindNull("error", String.class)
                : update.bind("error", outcome.error());
        update = outcome.delivered()
                ? update.bind("delivered", UtcColumns.toColumn(now))
                : update.bindNull("delivered", java.time.LocalDateTime.class);
        return update.then();
    }

    private Duration backoff(int attempts) {
        double factor = Math.pow(4, Math.min(attempts - 1, 10));
        double millis =
                Math.min(MAX_BACKOFF.toMillis(), properties.firstRetryDelay().toMillis() * factor);
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (millis * jitter));
    }

    private static void logOutcome(Delivery delivery, Outcome outcome, String status, int attempts) {
        if (outcome.delivered()) {
            log.debug("Delivered event {} to {} (HTTP {})", delivery.eventId(), delivery.url(), outcome.statusCode());
        } else if ("failed".equals(status)) {
            log.warn(
                    "Gave up on event {} to {} after {} attempts: {}",
                    delivery.eventId(),
                    delivery.url(),
                    attempts,
                    outcome.error());
        } else {
            log.info(
                    "Event {} to {} failed (attempt {}), will retry: {}",
                    delivery.eventId(),
                    delivery.url(),
                    attempts,
                    outcome.error());
        }
    }

    /** A sentence for the delivery log: timeouts by name, otherwise the innermost cause's message. */
    private String describe(Throwable failure) {
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.netty.handler.timeout.ReadTimeoutException) {
                return "the receiver did not answer within "
                        + properties.responseTimeout().toSeconds() + " s";
            }
            if (cause instanceof io.netty.channel.ConnectTimeoutException) {
                return "no connection within " + properties.connectTimeout().toSeconds() + " s";
            }
            root = cause;
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 480 ? message.substring(0, 480) : message;
    }

    record Delivery(long id, String eventId, long appId, String url, String payload, int attempts) {}

    record Outcome(boolean delivered, boolean permanent, Integer statusCode, String error) {

        static Outcome delivered(int statusCode) {
            return new Outcome(true, false, statusCode, null);
        }

        static Outcome failed(Integer statusCode, String error) {
            return new Outcome(false, false, statusCode, error);
        }

        /** A failure that no retry can mend (a refused address, a deleted app). */
        static Outcome refused(String reason) {
            return new Outcome(false, true, null, reason);
        }
    }
}
