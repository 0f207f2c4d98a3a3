package io.pulsetracker.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Which failures of the delivery bookkeeping are tried again, and that they are. */
class LockConflictsTests {

    static final String DEADLOCK = "(conn=42) Deadlock found when trying to get lock; try restarting transaction";

    @Test
    void triesADeadlockedStatementAgainUntilItGoesThrough() {
        AtomicInteger runs = new AtomicInteger();
        Mono<String> update = Mono.defer(() -> runs.incrementAndGet() < 3
                ? Mono.error(
                        new CannotAcquireLockException("UPDATE webhook_deliveries", new RuntimeException(DEADLOCK)))
                : Mono.just("updated"));

        StepVerifier.create(update.retryWhen(LockConflicts.retry("a test update")))
                .expectNext("updated")
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        assertThat(runs).hasValue(3);
    }

    @Test
    void recognisesADeadlockByItsMessageWhenItIsNotTranslated() {
        assertThat(LockConflicts.isTransient(new IllegalStateException("wrapped", new RuntimeException(DEADLOCK))))
                .isTrue();
        assertThat(LockConflicts.isTransient(new RuntimeException("Lock wait timeout exceeded; try restarting")))
                .isTrue();
    }

    @Test
    void passesOnAFailureThatARetryCannotMend() {
        AtomicInteger runs = new AtomicInteger();
        Mono<String> update = Mono.defer(() -> {
            runs.incrementAndGet();
            return Mono.error(new DataIntegrityViolationException("Data too long for column 'error'"));
        });

        StepVerifier.create(update.retryWhen(LockConflicts.retry("a test update")))
                .expectError(DataIntegrityViolationException.class)
                .verify(Duration.ofSeconds(30));
        assertThat(runs).hasValue(1);
    }

    @Test
    void givesUpAfterABoundedNumberOfRetriesWithTheLastFailure() {
        AtomicInteger runs = new AtomicInteger();
        Mono<String> update = Mono.defer(() -> {
            runs.incrementAndGet();
            return Mono.error(new CannotAcquireLockException(DEADLOCK));
        });

        StepVerifier.create(update.retryWhen(LockConflicts.retry("a test update")))
                .expectError(CannotAcquireLockException.class)
                .verify(Duration.ofSeconds(60));
        assertThat(runs).hasValue(LockConflicts.RETRIES + 1);
    }
}
