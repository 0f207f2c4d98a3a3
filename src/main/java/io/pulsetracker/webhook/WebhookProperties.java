package io.pulsetracker.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings, under {@code pulsetracker.webhook.*}.
 *
 * @param connectTimeout how long to wait for the receiver's TCP connection
 * @param responseTimeout how long to wait for the receiver's answer after sending
 * @param retryPeriod how long after an event its delivery is retried; a delivery still failing then is
 *     dead-lettered (status {@code dead}, visible and redeliverable through the API)
 * @param firstRetryDelay wait before the second attempt; each later wait is four times longer (with
 *     ±20 % jitter), at most {@code maxRetryDelay}
 * @param maxRetryDelay the longest wait between two attempts
 * @param pollInterval how often the dispatcher looks for due deliveries (new events also wake it)
 * @param concurrency most deliveries in flight per instance
 * @param concurrencyPerTarget most deliveries in flight per instance to one endpoint or fence URL, so that
 *     a slow receiver never takes the slots of the others
 * @param secretOverlap how long the previous secret of an endpoint keeps signing after a rotation, unless
 *     the rotation request says otherwise
 * @param allowPrivateAddresses whether URLs may resolve to loopback, private, link-local or metadata
 *     addresses; off by default (SSRF), on for local development and tests
 */
@ConfigurationProperties("pulsetracker.webhook")
public record WebhookProperties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("1d") Duration retryPeriod,
        @DefaultValue("4s") Duration firstRetryDelay,
        @DefaultValue("1h") Duration maxRetryDelay,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("256") int concurrency,
        @DefaultValue("128") int concurrencyPerTarget,
        @DefaultValue("1d") Duration secretOverlap,
        @DefaultValue("false") boolean allowPrivateAddresses) {}
