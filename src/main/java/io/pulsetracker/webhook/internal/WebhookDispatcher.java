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
 * <p>A queue whose head was never tried is claimed as a run: the head and up to {@value #RUN} - 1
 * deliveries behind it, in one claim. The run is sent one call at a time, each after the previous one
 * was answered 2xx (or dead-lettered) and its attempt committed, so a busy queue moves on at the speed of
 * its receiver instead of one call per dispatch round. The run stops at the first failure (that delivery
 * waits for its retry, and the claims behind it are released at once), when the instance stops, or
 * {@link #RUN_WINDOW} after the claim, which leaves every call the whole of its timeouts before the claim
 * could expire. A run holds one sending slot, and it is short, so other queues get theirs.
 *
 * <p>At most {@code concurrency} deliveries are in flight per instance, and at most
 * {@code concurrency-per-target} to one target, so a receiver that never answers holds a few slots and
 * never the others'. Stopping waits for the deliveries in flight (up to the response timeout) and frees
 * the claims of those still unfinished, so another instance or the next start sends them at once.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    /** Most deliveries of one queue claimed and sent in a row. */
    static final int RUN = 16;

    /**
     * How long after its claim a run may start another call. A claim lasts the timeouts plus 30 s, so a
     * call started within this window ends (or times out) at least 15 s before the claim expires.
     */
    static final Duration RUN_WINDOW = Duration.ofSeconds(15);

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
    private volatile boolean stopping;

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
        stopping = false;
        loop = Flux.merge(Flux.interval(properties.pollInterval()).map(tick -> Boolean.TRUE), outbox.wakeUps())
                .onBackpressureLatest()
                .concatMap(
                        wake -> dispatchDue().onErrorResume(failure -> {
                            log.warn(
                                    "Webhook dispatch round failed, retrying at the next poll: {}", failure.toString());
                            return Mono.empty();
                        }),
                        1)
                .subscribe(
                        round -> {},
                        failure -> log.error("The webhook dispatcher {} stopped: {}", instance, failure.toString()));
        log.info(
                "Webhook dispatcher {} started (timeouts: connect {}, response {}; retries for {})",
                instance,
                properties.connectTimeout(),
                properties.responseTimeout(),
                properties.retryPeriod());
    }

    @Override
    public void stop() {
        stopping = true;
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
     * Claims as many due queue heads as there are free sending slots, with the runs behind the heads never
     * tried yet, and starts sending each run on its own, without waiting: a receiver that is slow to
     * answer holds one slot, never the next round.
     */
    Mono<Void> dispatchDue() {
        int free = properties.concurrency() - inFlight.get();
        if (free <= 0 || stopping) {
            return Mono.empty();
        }
        String token = instance + "-" + UUID.randomUUID().toString().substring(9);
        return dueHeads(free)
                .collectList()
                .map(this::withinTargetLimits)
                .filter(heads -> !heads.isEmpty())
                .flatMap(this::runs)
                .flatMap(runs -> claimAndStart(token, runs))
                .then();
    }

    private Mono<Void> claimAndStart(String token, List<List<Long>> runs) {
        List<Long> ids = runs.stream().flatMap(List::stream).toList();
        long claimedAt = System.nanoTime();
        return claim(token, ids)
                .filter(claimed -> claimed > 0)
                .flatMap(claimed -> sender.claimed(token, ids)
                        .collectMap(WebhookSender.Delivery::id)
                        .onErrorResume(failure -> releaseRound(token).then(Mono.error(failure))))
                .flatMap(claimed -> {
                    List<Long> unused = new ArrayList<>();
                    for (List<Long> run : runs) {
                        List<WebhookSender.Delivery> sendable = new ArrayList<>();
                        for (Long id : run) {
                            WebhookSender.Delivery delivery = claimed.get(id);
                            if (delivery != null && sendable.size() == run.indexOf(id)) {
                                sendable.add(delivery);
                            } else if (delivery != null) {
                                unused.add(id);
                            }
                        }
                        if (!sendable.isEmpty()) {
                            start(sendable, claimedAt);
                        }
                    }
                    return release(token, unused);
                });
    }

    /**
     * Sends a run one delivery after the other while each leaves its queue, then releases the claims of
     * the deliveries it did not come to.
     */
    private void start(List<WebhookSender.Delivery> run, long claimedAt) {
        inFlight.incrementAndGet();
        String target = run.get(0).target();
        AtomicInteger perTarget = inFlightPerTarget.computeIfAbsent(target, key -> new AtomicInteger());
        perTarget.incrementAndGet();
        AtomicInteger sent = new AtomicInteger();
        Flux.fromIterable(run)
                .concatMap(delivery -> sent.get() == 0 || mayGoOn(claimedAt)
                        ? sender.send(delivery).doOnSubscribe(subscription -> sent.incrementAndGet())
                        : Mono.just(false))
                .takeUntil(leftQueue -> !leftQueue)
                .then(Mono.defer(() -> release(
                        run.get(0).claimToken(),
                        run.subList(sent.get(), run.size()).stream()
                                .map(WebhookSender.Delivery::id)
                                .toList())))
                .doFinally(signal -> {
                    perTarget.decrementAndGet();
                    inFlight.decrementAndGet();
                    outbox.dispatchSoon();
                })
                .subscribe(
                        done -> {},
                        failure -> log.error(
                                "Webhook run to {} from delivery {} failed: {}",
                                target,
                                run.get(0).id(),
                                failure.toString()));
    }

    private boolean mayGoOn(long claimedAt) {
        return !stopping && System.nanoTime() - claimedAt < RUN_WINDOW.toNanos();
    }

    /**
     * The ids to claim for each head: the head alone when it was tried before (its target may be down),
     * otherwise the head and the pending deliveries behind it in its queue, at most {@value #RUN}, in order.
     */
    private Mono<List<List<Long>>> runs(List<Head> heads) {
        List<Head> fresh = heads.stream()
                .filter(head -> head.attempts() == 0 && head.device() != null)
                .toList();
        if (fresh.isEmpty()) {
            return Mono.just(heads.stream().map(head -> List.of(head.id())).toList());
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < fresh.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ")
                    .append("(SELECT id, url_hash, device_id FROM webhook_deliveries WHERE url_hash = :target")
                    .append(i)
                    .append(" AND device_id = :device")
                    .append(i)
                    .append(" AND status = 'pending' ORDER BY id LIMIT ")
                    .append(RUN)
                    .append(')');
        }
        DatabaseClient.GenericExecuteSpec query = database.sql(sql.toString());
        for (int i = 0; i < fresh.size(); i++) {
            query = query.bind("target" + i, fresh.get(i).target())
                    .bind("device" + i, fresh.get(i).device());
        }
        return query.map(row -> new Head(
                        row.get("id", Long.class),
                        row.get("url_hash", String.class),
                        row.get("device_id", Long.class),
                        0))
                .all()
                .collectMultimap(queued -> queued.target() + "/" + queued.device(), Head::id)
                .map(queued -> heads.stream()
                        .map(head -> run(head, queued.get(head.target() + "/" + head.device())))
                        .toList());
    }

    /** The head and what follows it in its queue; the head alone when it is no longer first. */
    private static List<Long> run(Head head, java.util.Collection<Long> queued) {
        if (head.attempts() > 0 || queued == null) {
            return List.of(head.id());
        }
        List<Long> ids = queued.stream().sorted().toList();
        return ids.isEmpty() || ids.get(0) != head.id() ? List.of(head.id()) : ids;
    }

    /**
     * The oldest due and unclaimed head of each (device, target) queue, oldest first, leaving out the
     * targets that already have their share of sending slots.
     */
    private Flux<Head> dueHeads(int limit) {
        Set<String> saturated = saturatedTargets();
        Instant now = Instant.now();
        String sql =
                "SELECT d.id, d.url_hash, d.device_id, d.attempts FROM webhook_deliveries d JOIN (SELECT MIN(id) AS id"
                        + " FROM webhook_deliveries WHERE status = 'pending' GROUP BY url_hash, device_id) heads"
                        + " ON heads.id = d.id WHERE d.next_attempt_at <= :now"
                        + " AND (d.claimed_until IS NULL OR d.claimed_until < :now)"
                        + (saturated.isEmpty() ? "" : " AND d.url_hash NOT IN (:saturated)")
                        + " ORDER BY d.id LIMIT " + (limit * 4);
        DatabaseClient.GenericExecuteSpec query = database.sql(sql).bind("now", UtcColumns.toColumn(now));
        if (!saturated.isEmpty()) {
            query = query.bind("saturated", List.copyOf(saturated));
        }
        return query.map(row -> new Head(
                        row.get("id", Long.class),
                        row.get("url_hash", String.class),
                        row.get("device_id", Long.class),
                        row.get("attempts", Integer.class)))
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
    private List<Head> withinTargetLimits(List<Head> heads) {
        int free = properties.concurrency() - inFlight.get();
        Map<String, Integer> taken = new HashMap<>();
        List<Head> kept = new ArrayList<>();
        for (Head head : heads) {
            AtomicInteger busy = inFlightPerTarget.get(head.target());
            int used = (busy == null ? 0 : busy.get()) + taken.getOrDefault(head.target(), 0);
            if (kept.size() < free && used < properties.concurrencyPerTarget()) {
                kept.add(head);
                taken.merge(head.target(), 1, Integer::sum);
            }
        }
        return kept;
    }

    private Mono<Long> claim(String token, List<Long> ids) {
        return Mono.defer(() -> {
                    Instant now = Instant.now();
                    return database.sql("UPDATE webhook_deliveries SET claim_token = :token, claimed_until = :until"
                                    + " WHERE id IN (:ids) AND status = 'pending' AND next_attempt_at <= :now"
                                    + " AND (claimed_until IS NULL OR claimed_until < :now)")
                            .bind("token", token)
                            .bind("until", UtcColumns.toColumn(now.plus(claimTime)))
                            .bind("now", UtcColumns.toColumn(now))
                            .bind("ids", ids)
                            .fetch()
                            .rowsUpdated();
                })
                .retryWhen(LockConflicts.retry("claiming " + ids.size() + " webhook deliveries"));
    }

    /**
     * Gives up every claim of a round that failed before any of its runs started. Left in place, they would
     * hold the heads of their queues, and every later event of those devices, until they expire.
     */
    private Mono<Void> releaseRound(String token) {
        return database.sql("UPDATE webhook_deliveries SET claim_token = NULL, claimed_until = NULL"
                        + " WHERE claim_token = :token AND status = 'pending'")
                .bind("token", token)
                .fetch()
                .rowsUpdated()
                .retryWhen(LockConflicts.retry("releasing the claims of a failed round"))
                .doOnNext(released -> log.warn("Released {} webhook claims of a failed dispatch round", released))
                .then();
    }

    /** Gives up the claims on {@code ids} that are still pending, so that the next round may take them. */
    private Mono<Void> release(String token, List<Long> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return database.sql("UPDATE webhook_deliveries SET claim_token = NULL, claimed_until = NULL"
                        + " WHERE id IN (:ids) AND claim_token = :token AND status = 'pending'")
                .bind("ids", ids)
                .bind("token", token)
                .fetch()
                .rowsUpdated()
                .retryWhen(LockConflicts.retry("releasing " + ids.size() + " webhook claims"))
                .then();
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

    /** The first pending delivery of a queue (or one behind it); {@code device} is null for samples. */
    private record Head(long id, String target, Long device, int attempts) {}
}
