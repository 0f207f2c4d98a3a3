package io.pulsetracker.webhook.internal;

import io.pulsetracker.shared.UtcColumns;
import io.pulsetracker.webhook.WebhookOutbox;
import io.pulsetracker.webhook.WebhookProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds due webhook deliveries, claims them and hands each to the {@link WebhookSender} on its own.
 *
 * <p>Claiming sets a claim token and a claim expiry on the rows, so that two instances never send the
 * same delivery at once; a claim left by a crashed instance expires after the connect and response
 * timeouts plus half a minute. Only the head of each (device, target) queue is ever claimed: the oldest
 * pending delivery of one device to one endpoint or fence URL. A later event therefore waits while an
 * earlier one is being sent or waits for its retry, which keeps each device's events in order per target.
 *
 * <p>At most {@code concurrency} deliveries are in flight per instance, and at most
 * {@code concurrency-per-target} to one target, so a receiver that never answers holds a few slots and
 * never the others'. Stopping waits for the deliveries in flight (up to the response timeout) and frees
 * the claims of those still unfinished, so another instance or the next start sends them at once.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final DatabaseClient database;
    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final Duration claimTime;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightPerTarget = new ConcurrentHashMap<>();
    private volatile Disposable loop;

    WebhookDispatcher(
            DatabaseClient database, WebhookOutbox outbox, WebhookSender sender, WebhookProperties properties) {
        this.database = database;
        this.outbox = outbox;
        this.sender = sender;
        this.properties = properties;
        this.claimTime =
                properties.connectTimeout().plus(properties.responseTimeout()).plusSeconds(30);
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
                "Webhook dispatcher {} started (timeouts: connect {}, response {}; retries for {})",
                instance,
                properties.connectTimeout(),
                properties.responseTimeout(),
                properties.retryPeriod());
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.dispose();
        }
        long deadline = System.nanoTime() + properties.responseTimeout().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        releaseClaims();
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }

    /**
     * Claims as many due queue heads as there are free sending slots and starts sending each on its own,
     * without waiting: a receiver that is slow to answer holds one slot, never the next round.
     */
    Mono<Void> dispatchDue() {
        int free = properties.concurrency() - inFlight.get();
        if (free <= 0) {
            return Mono.empty();
        }
        String token = instance + "-" + UUID.randomUUID().toString().substring(9);
        return dueHeads(free)
                .collectList()
                .map(this::withinTargetLimits)
                .filter(heads -> !heads.isEmpty())
                .flatMap(heads -> claim(token, heads).flatMap(claimed -> claimed > 0 ? Mono.just(heads) : Mono.empty()))
                .flatMapMany(heads -> sender.claimed(token, heads))
                .doOnNext(this::start)
                .then();
    }

    private void start(WebhookSender.Delivery delivery) {
        inFlight.incrementAndGet();
        AtomicInteger perTarget = inFlightPerTarget.computeIfAbsent(delivery.target(), target -> new AtomicInteger());
        perTarget.incrementAndGet();
        sender.send(delivery)
                .doFinally(signal -> {
                    perTarget.decrementAndGet();
                    inFlight.decrementAndGet();
                    outbox.dispatchSoon();
                })
                .subscribe();
    }

    /**
     * The oldest due and unclaimed head of each (device, target) queue, oldest first, leaving out the
     * targets that already have their share of sending slots.
     */
    private Flux<Head> dueHeads(int limit) {
        Set<String> saturated = saturatedTargets();
        Instant now = Instant.now();
        String sql = "SELECT d.id, d.url_hash FROM webhook_deliveries d JOIN (SELECT MIN(id) AS id"
                + " FROM webhook_deliveries WHERE status = 'pending' GROUP BY url_hash, device_id) heads"
                + " ON heads.id = d.id WHERE d.next_attempt_at <= :now"
                + " AND (d.claimed_until IS NULL OR d.claimed_until < :now)"
                + (saturated.isEmpty() ? "" : " AND d.url_hash NOT IN (:saturated)")
                + " ORDER BY d.id LIMIT " + (limit * 4);
        DatabaseClient.GenericExecuteSpec query = database.sql(sql).bind("now", UtcColumns.toColumn(now));
        if (!saturated.isEmpty()) {
            query = query.bind("saturated", List.copyOf(saturated));
        }
        return query.map(row -> new Head(row.get("id", Long.class), row.get("url_hash", String.class)))
                .all();
    }

    private Set<String> saturatedTargets() {
        inFlightPerTarget.values().removeIf(count -> count.get() == 0);
        Set<String> saturated = ConcurrentHashMap.newKeySet();
        inFlightPerTarget.forEach((target, count) -> {
            if (count.get() >= properties.concurrencyPerTarget()) {
                saturated.add(target);
            }
        });
        return saturated;
    }

    /** Keeps the heads that fit in the free slots and in each target's remaining share of them. */
    private List<Long> withinTargetLimits(List<Head> heads) {
        int free = properties.concurrency() - inFlight.get();
        Map<String, Integer> taken = new HashMap<>();
        List<Long> kept = new ArrayList<>();
        for (Head head : heads) {
            AtomicInteger busy = inFlightPerTarget.get(head.target());
            int used = (busy == null ? 0 : busy.get()) + taken.getOrDefault(head.target(), 0);
            if (kept.size() < free && used < properties.concurrencyPerTarget()) {
                kept.add(head.id());
                taken.merge(head.target(), 1, Integer::sum);
            }
        }
        return kept;
    }

    private Mono<Long> claim(String token, List<Long> ids) {
        Instant now = Instant.now();
        return database.sql("UPDATE webhook_deliveries SET claim_token = :token, claimed_until = :until"
                        + " WHERE id IN (:ids) AND status = 'pending'"
                        + " AND (claimed_until IS NULL OR claimed_until < :now)")
                .bind("token", token)
                .bind("until", UtcColumns.toColumn(now.plus(claimTime)))
                .bind("now", UtcColumns.toColumn(now))
                .bind("ids", ids)
                .fetch()
                .rowsUpdated();
    }

    private void releaseClaims() {
        try {
            Long released = database.sql("UPDATE webhook_deliveries SET claim_token = NULL, claimed_until = NULL"
                            + " WHERE claim_token LIKE :mine AND status = 'pending'")
                    .bind("mine", instance + "-%")
                    .fetch()
                    .rowsUpdated()
                    .block(Duration.ofSeconds(5));
            if (released != null && released > 0) {
                log.info("Released {} webhook deliveries still in flight at shutdown", released);
            }
        } catch (RuntimeException failure) {
            log.warn(
                    "Could not release the webhook claims of {}; they expire in {}: {}",
                    instance,
                    claimTime,
                    failure.toString());
        }
    }

    private record Head(long id, String target) {}
}
