/**
 * Redis Streams between the doors and the pipeline: partitioning by device, appending, the consumer that
 * owns partitions through leases, batching, reclaiming pending entries, and the pipeline order itself
 * (store, evaluate fences, record events and webhooks, publish, acknowledge).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Stream")
package io.pulsetracker.stream;
