package io.pulsetracker.webhook.internal;

import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTransientException;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * Retries the delivery bookkeeping (claims, attempt records, releases) when MariaDB refuses it for a
 * passing reason: a deadlock (InnoDB rolled the statement's transaction back), a lock wait timeout, or
 * another transient failure. Such a statement is safe to run again as a whole: each is written so that a
 * second run after a rollback does what the first would have done.
 *
 * <p>The back-off starts at {@value #FIRST_BACKOFF_MILLIS} ms and doubles, with jitter, up to one second,
 * for at most {@value #RETRIES} retries (about five seconds in all), well within the 30 seconds a claim
 * outlives the timeouts of its call. Any other failure is not retried.
 */
final class LockConflicts {

    static final int RETRIES = 8;
    static final long FIRST_BACKOFF_MILLIS = 20;

    private static final Logger log = LoggerFactory.getLogger(LockConflicts.class);

    private LockConflicts() {}

    /** A retry for {@code what} (for the log: "recording 12 attempts") on transient failures only. */
    static RetryBackoffSpec retry(String what) {
        return Retry.backoff(RETRIES, Duration.ofMillis(FIRST_BACKOFF_MILLIS))
                .maxBackoff(Duration.ofSeconds(1))
                .jitter(0.5)
                .filter(LockConflicts::isTransient)
                .doBeforeRetry(signal -> log.debug(
                        "Retrying {} after {} (retry {})",
                        what,
                        signal.failure().toString(),
                        signal.totalRetries() + 1))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    /** Whether {@code failure}, or one of its causes, is a deadlock, a lock wait timeout or transient. */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException
                    || cause instanceof R2dbcTransientException
                    || cause instanceof R2dbcRollbackException) {
                return true;
            }
            String message =
                    cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("deadlock found") || message.contains("lock wait timeout exceeded")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
