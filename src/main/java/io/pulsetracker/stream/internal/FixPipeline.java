package io.pulsetracker.stream.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pulsetracker.geofence.GeofenceEvaluator;
import io.pulsetracker.geofence.GeofenceEvent;
import io.pulsetracker.geofence.GeofenceEvents;
import io.pulsetracker.realtime.RealtimePublisher;
import io.pulsetracker.tracking.Fix;
import io.pulsetracker.tracking.FixStore;
import io.pulsetracker.webhook.WebhookOutbox;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The processing order of a batch of fixes, declared once:
 *
 * <ol>
 *   <li>store the fixes (duplicates ignored) and move latest positions forward;
 *   <li>evaluate geofences for every fix newer than its device's last evaluated one;
 *   <li>record the events and their webhook deliveries, and flag the fixes an accuracy gate refused, in one
 *       transaction (idempotent by event id);
 *   <li>save the devices' new fence state in Redis;
 *   <li>publish the new fixes and events on Redis Pub/Sub (at most once: a failure is logged, not retried).
 * </ol>
 *
 * <p>Each step is idempotent, so a batch that fails anywhere can be run again as a whole: a crash between
 * steps 3 and 4 recomputes the same events with the same ids, and a crash after 4 skips the already
 * evaluated fixes.
 */
@Component
class FixPipeline {

    private static final Logger log = LoggerFactory.getLogger(FixPipeline.class);

    private final FixStore fixes;
    private final GeofenceEvaluator geofences;
    private final GeofenceEvents events;
    private final WebhookOutbox webhooks;
    private final RealtimePublisher realtime;
    private final TransactionalOperator transaction;
    private final MeterRegistry meters;

    FixPipeline(
            FixStore fixes,
            GeofenceEvaluator geofences,
            GeofenceEvents events,
            WebhookOutbox webhooks,
            RealtimePublisher realtime,
            TransactionalOperator transaction,
            MeterRegistry meters) {
        this.fixes = fixes;
        this.geofences = geofences;
        this.events = events;
        this.webhooks = webhooks;
        this.realtime = realtime;
        this.transaction = transaction;
        this.meters = meters;
    }

    /** Runs one batch through every step; completes when all but publishing succeeded. */
    Mono<Void> process(List<Fix> batch) {
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        return timed("store", fixes.store(batch))
                .doOnNext(FixPipeline::logStored)
                .flatMap(stored -> timed("evaluate", geofences.evaluate(batch, stored))
                        .flatMap(evaluation -> timed("record", record(evaluation))
                                .flatMap(recorded -> timed("commit", geofences.commit(evaluation))
                                        .thenReturn(recorded)))
                        .flatMap(recorded -> timed("publish", publish(stored, recorded))))
                .then(Mono.<Void>fromRunnable(webhooks::dispatchSoon))
                .doOnSuccess(
                        done -> meters.counter("pulsetracker.pipeline.fixes").increment(batch.size()));
    }

    /** Times one step as {@code pulsetracker.pipeline.step{step=...}}, whether it succeeds or fails. */
    private <T> Mono<T> timed(String step, Mono<T> work) {
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start(meters);
            return work.doFinally(signal -> sample.stop(meters.timer("pulsetracker.pipeline.step", "step", step)));
        });
    }

    private Mono<List<GeofenceEvent>> record(GeofenceEvaluator.Evaluation evaluation) {
        List<GeofenceEvent> evaluated = evaluation.events();
        if (evaluated.isEmpty() && evaluation.accuracyGated().isEmpty()) {
            return Mono.just(List.of());
        }
        return transaction.transactional(fixes.flagAccuracyGated(evaluation.accuracyGated())
                .then(events.record(evaluated))
                .flatMap(recorded -> webhooks.enqueue(evaluated).thenReturn(recorded)));
    }

    private static void logStored(List<Fix> stored) {
        if (log.isDebugEnabled()) {
            stored.forEach(fix -> log.debug(
                    "Stored fix of device [{}] (app {}) recorded {} at {}, {} via {}",
                    fix.deviceIdentifier(),
                    fix.appId(),
                    fix.recordedAt(),
                    fix.latitude(),
                    fix.longitude(),
                    fix.protocol()));
        }
    }

    private Mono<Void> publish(List<Fix> stored, List<GeofenceEvent> recorded) {
        return realtime.publish(stored, recorded).onErrorResume(failure -> {
            log.warn(
                    "Publishing {} fixes and {} events on Redis Pub/Sub failed: {}",
                    stored.size(),
                    recorded.size(),
                    failure.toString());
            return Mono.empty();
        });
    }
}
