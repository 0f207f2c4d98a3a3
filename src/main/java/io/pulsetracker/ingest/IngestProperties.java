package io.pulsetracker.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the ingest doors, under {@code pulsetracker.ingest.*}.
 *
 * @param maxFutureSkew how far ahead of the server clock a fix's timestamp may be before it is rejected
 * @param maxBodySize largest HTTP request body accepted on {@code /api/track}
 * @param maxBatchSize most fixes in one HTTP batch
 */
@ConfigurationProperties("pulsetracker.ingest")
public record IngestProperties(
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("1000") int maxBatchSize) {}
