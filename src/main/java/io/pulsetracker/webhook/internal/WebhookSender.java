package io.pulsetracker.webhook.internal;

import io.netty.channel.ChannelOption;
import io.pulsetracker.shared.UtcColumns;
import io.pulsetracker.shared.WireJson;
import io.pulsetracker.webhook.WebhookProperties;
import io.pulsetracker.webhook.WebhookSignature;
import io.r2dbc.spi.Readable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends one claimed delivery and records the attempt: signs the exact body with both schemes, posts it
 * with connect and response timeouts (redirects are never followed), reads at most
 * {@value #RESPONSE_EXCERPT} bytes of the answer for the delivery log, and hands the outcome to the
 * {@link AttemptRecorder}.
 *
 * <p>A 2xx answer marks the delivery {@code delivered}. Anything else schedules a retry after an
 * exponential back-off with jitter; a retry that would fall after the delivery's give-up time, or a
 * failure no retry can mend (a refused address, a deleted or disabled endpoint, a deleted app), marks it
 * {@code dead}. Thread-safe.
 */
@Component
class WebhookSender {

    static final int RESPONSE_EXCERPT = 1024;

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final DatabaseClient database;
    private final AttemptRecorder recorder;
    private final WebhookProperties properties;
    private final WebClient client;

    WebhookSender(DatabaseClient database, AttemptRecorder recorder, WebhookProperties properties) {
        this.database = database;
        this.recorder = recorder;
        this.properties = properties;
        ConnectionProvider connections = ConnectionProvider.builder("webhooks")
                .maxConnections(properties.concurrency())
                .pendingAcquireMaxCount(-1)
                .build();
        HttpClient http = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        properties.connectTimeout().toMillis())
                .responseTimeout(properties.responseTimeout())
                .followRedirect(false);
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }

    /**
     * Emits those of {@code ids} that are pending and claimed with {@code token}, with what is needed to
     * sign them.
     */
    Flux<Delivery> claimed(String token, List<Long> ids) {
        return database.sql("SELECT d.id, d.event_id, d.endpoint_id, d.url, d.url_hash, d.payload, d.attempts,"
                        + " d.give_up_at, d.created_at, d.claim_token, a.webhook_secret AS app_secret,"
                        + " e.id AS endpoint_found, e.url AS endpoint_url, e.enabled, e.secret, e.previous_secret,"
                        + " e.previous_secret_until FROM webhook_deliveries d LEFT JOIN apps a ON a.id = d.app_id"
                        + " LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id"
                        + " WHERE d.id IN (:ids) AND d.claim_token = :token AND d.status = 'pending' ORDER BY d.id")
                .bind("ids", ids)
                .bind("token", token)
                .map(this::delivery)
                .all();
    }

    /**
     * Sends {@code delivery} once and records the attempt; never fails (failures are the outcome). Emits
     * true once the attempt is committed and the delivery has left its queue (delivered or dead), so that
     * the next delivery of the same queue may be sent; false when it stays pending (it failed and waits
     * for its retry) or when its attempt could not be recorded (it keeps its claim until the claim
     * expires, so nothing behind it overtakes it).
     */
    Mono<Boolean> send(Delivery delivery) {
        long started = System.nanoTime();
        return refusal(delivery)
                .map(Outcome::refused)
                .switchIfEmpty(Mono.defer(() -> post(delivery)))
                .onErrorResume(failure -> Mono.just(Outcome.failed(null, describe(failure), null)))
                .flatMap(outcome -> record(delivery, outcome, Duration.ofNanos(System.nanoTime() - started)))
                .onErrorResume(failure -> {
                    log.warn(
                            "Could not record the attempt of delivery {} (event {}); it is sent again when its claim"
                                    + " expires: {}",
                            delivery.id(),
                            delivery.eventId(),
                            failure.toString());
                    return Mono.just(false);
                });
    }

    /** Emits why {@code delivery} may not be sent, or completes empty when it may. A refusal is final. */
    private Mono<String> refusal(Delivery delivery) {
        if (delivery.signing() == null) {
            return Mono.just(delivery.unsendable());
        }
        if (properties.allowPrivateAddresses()) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> AddressGuard.refusal(URI.create(delivery.url())))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<Outcome> post(Delivery delivery) {
        long timestamp = Instant.now().getEpochSecond();
        byte[] body = body(delivery, timestamp);
        Signing signing = delivery.signing();
        return client.post()
                .uri(URI.create(delivery.url()))
                .contentType(MediaType.APPLICATION_JSON)
                .header("User-Agent", "PulseTracker-Webhook")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(signing.legacySecret(), body))
                .header(WebhookSignature.ID_HEADER, delivery.eventId())
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, signing.standard(delivery.eventId(), timestamp, body))
                .bodyValue(body)
                .exchangeToMono(WebhookSender::outcome);
    }

    private static Mono<Outcome> outcome(ClientResponse response) {
        int status = response.statusCode().value();
        return DataBufferUtils.join(
                        DataBufferUtils.takeUntilByteCount(response.bodyToFlux(DataBuffer.class), RESPONSE_EXCERPT))
                .map(WebhookSender::excerpt)
                .defaultIfEmpty("")
                .onErrorReturn("")
                .map(excerpt -> status >= 200 && status < 300
                        ? Outcome.delivered(status, excerpt)
                        : Outcome.failed(status, failure(status), excerpt));
    }

    private static String failure(int status) {
        return status >= 300 && status < 400
                ? "the receiver answered HTTP " + status + " (redirects are not followed)"
                : "the receiver answered HTTP " + status;
    }

    private static String excerpt(DataBuffer buffer) {
        try {
            int length = Math.min(buffer.readableByteCount(), RESPONSE_EXCERPT);
            byte[] bytes = new byte[length];
            buffer.read(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** The stored payload plus {@code event_sent_at}, as the exact bytes that are signed and sent. */
    private static byte[] body(Delivery delivery, long timestamp) {
        ObjectNode payload = (ObjectNode) WireJson.MAPPER.readTree(delivery.payload());
        payload.put("event_sent_at", timestamp);
        return WireJson.MAPPER.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
    }

    private Mono<Boolean> record(Delivery delivery, Outcome outcome, Duration latency) {
        Instant now = Instant.now();
        Instant next = now.plus(backoff(delivery.attempts() + 1));
        String status = outcome.delivered()
                ? "delivered"
                : outcome.permanent() || next.isAfter(delivery.giveUpAt()) ? "dead" : "pending";
        logOutcome(delivery, outcome, status);
        return recorder.record(new AttemptRecorder.Outcome(
                        delivery.id(),
                        delivery.claimToken(),
                        status,
                        "pending".equals(status) ? UtcColumns.toColumn(next) : null,
                        outcome.statusCode(),
                        outcome.error(),
                        outcome.delivered() ? UtcColumns.toColumn(now) : null,
                        UtcColumns.toColumn(now.minus(latency)),
                        (int) Math.min(Integer.MAX_VALUE, latency.toMillis()),
                        outcome.responseBody(),
                        Sinks.empty()))
                .thenReturn(!"pending".equals(status));
    }

    private Duration backoff(int attempts) {
        double factor = Math.pow(4, Math.min(attempts - 1, 20));
        double millis = Math.min(
                properties.maxRetryDelay().toMillis(),
                properties.firstRetryDelay().toMillis() * factor);
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (millis * jitter));
    }

    private static void logOutcome(Delivery delivery, Outcome outcome, String status) {
        int attempt = delivery.attempts() + 1;
        if (outcome.delivered()) {
            log.debug("Delivered event {} to {} (HTTP {})", delivery.eventId(), delivery.url(), outcome.statusCode());
        } else if ("dead".equals(status)) {
            log.warn(
                    "Gave up on event {} to {} after {} attempts: {}",
                    delivery.eventId(),
                    delivery.url(),
                    attempt,
                    outcome.error());
        } else {
            log.info(
                    "Event {} to {} failed (attempt {}), will retry: {}",
                    delivery.eventId(),
                    delivery.url(),
                    attempt,
                    outcome.error());
        }
    }

    /** A sentence for the delivery log: timeouts by name, otherwise the innermost cause's message. */
    private String describe(Throwable failure) {
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.netty.handler.timeout.ReadTimeoutException) {
                return "the receiver did not answer within "
                        + properties.responseTimeout().toMillis() + " ms";
            }
            if (cause instanceof io.netty.channel.ConnectTimeoutException) {
                return "no connection within " + properties.connectTimeout().toMillis() + " ms";
            }
            if (cause instanceof java.net.ConnectException) {
                return "the receiver refused the connection (" + cause.getMessage() + ")";
            }
            root = cause;
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 480 ? message.substring(0, 480) : message;
    }

    private Delivery delivery(Readable row) {
        Long endpointId = row.get("endpoint_id", Long.class);
        String url = row.get("url", String.class);
        Signing signing = null;
        String unsendable = null;
        if (endpointId == null) {
            String appSecret = row.get("app_secret", String.class);
            signing = appSecret == null ? null : new Signing(appSecret, List.of(appSecret));
            unsendable = "the app no longer exists";
        } else if (row.get("endpoint_found", Long.class) == null) {
            unsendable = "the endpoint was deleted";
        } else if (!Boolean.TRUE.equals(row.get("enabled", Boolean.class))) {
            unsendable = "the endpoint is disabled";
        } else {
            url = row.get("endpoint_url", String.class);
            signing = Signing.ofEndpoint(
                    row.get("secret", String.class),
                    row.get("previous_secret", String.class),
                    UtcColumns.toInstant(row.get("previous_secret_until", LocalDateTime.class)));
        }
        Instant created = UtcColumns.toInstant(row.get("created_at", LocalDateTime.class));
        Instant giveUp = UtcColumns.toInstant(row.get("give_up_at", LocalDateTime.class));
        return new Delivery(
                row.get("id", Long.class),
                row.get("event_id", String.class),
                url,
                row.get("url_hash", String.class),
                row.get("payload", String.class),
                row.get("attempts", Integer.class),
                giveUp == null ? created.plus(properties.retryPeriod()) : giveUp,
                row.get("claim_token", String.class),
                signing,
                unsendable);
    }

    /**
     * A claimed delivery.
     *
     * @param target the queue it belongs to (per device): the fence URL's hash or the endpoint's
     * @param signing the secrets to sign with, or null when it cannot be sent ({@code unsendable} says why)
     */
    record Delivery(
            long id,
            String eventId,
            String url,
            String target,
            String payload,
            int attempts,
            Instant giveUpAt,
            String claimToken,
            Signing signing,
            String unsendable) {}

    /**
     * The secrets a call is signed with.
     *
     * @param legacySecret keys {@code p-signature}: the previous secret while a rotation overlaps, so that
     *     receivers that check only {@code p-signature} keep working until the overlap ends
     * @param standardSecrets key one {@code webhook-signature} each: the current secret, then the previous
     *     one while the rotation overlaps
     */
    record Signing(String legacySecret, List<String> standardSecrets) {

        static Signing ofEndpoint(String secret, String previous, Instant previousUntil) {
            if (previous == null || previousUntil == null || !previousUntil.isAfter(Instant.now())) {
                return new Signing(secret, List.of(secret));
            }
            return new Signing(previous, List.of(secret, previous));
        }

        String standard(String id, long timestamp, byte[] body) {
            List<String> signatures = new ArrayList<>();
            for (String secret : standardSecrets) {
                signatures.add(WebhookSignature.standard(secret, id, timestamp, body));
            }
            return String.join(" ", signatures);
        }
    }

    record Outcome(boolean delivered, boolean permanent, Integer statusCode, String error, String responseBody) {

        static Outcome delivered(int statusCode, String responseBody) {
            return new Outcome(true, false, statusCode, null, responseBody);
        }

        static Outcome failed(Integer statusCode, String error, String responseBody) {
            return new Outcome(false, false, statusCode, error, responseBody);
        }

        /** A failure that no retry can mend (a refused address, a deleted endpoint or app). */
        static Outcome refused(String reason) {
            return new Outcome(false, true, null, reason, null);
        }
    }
}
