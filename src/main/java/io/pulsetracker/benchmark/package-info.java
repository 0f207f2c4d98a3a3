/**
 * Measuring tools that drive a running server over HTTP, like a user's systems would: {@link
 * io.pulsetracker.benchmark.WebhookLoadCommand}, the {@code webhook-load} command.
 *
 * <p>Nothing here starts Spring or uses another module: the commands run straight from {@code main} and
 * exit.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Benchmarks")
package io.pulsetracker.benchmark;
