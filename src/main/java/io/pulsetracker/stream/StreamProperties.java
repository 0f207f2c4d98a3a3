package io.pulsetracker.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the fix stream, under {@code pulsetracker.stream.*}.
 *
 * @param partitions number of Redis streams fixes are spread over by device; every instance of one
 *     installation must use the same number
 * @param batchSize most fixes the consumer takes from one partition per read
 * @param pollTimeout how long a read waits for new fixes before it looks again
 * @param leaseTime how long an instance owns a partition without renewing it; after a crash, another
 *     instance takes over within this time
 * @param appendTimeout how long a door waits for Redis to accept fixes before it answers "unavailable"
 * @param consumer whether this instance consumes at all (an ingest-only instance sets false)
 */
@ConfigurationProperties("pulsetracker.stream")
public record StreamProperties(
        @DefaultValue("8") int partitions,
        @DefaultValue("500") int batchSize,
        @DefaultValue("200ms") Duration pollTimeout,
        @DefaultValue("15s") Duration leaseTime,
        @DefaultValue("5s") Duration appendTimeout,
        @DefaultValue("true") boolean consumer) {}
