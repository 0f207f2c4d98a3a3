/**
 * The doors fixes come in through: decoding, validation and device authentication, then the hand-over to
 * the stream. Every door accepts the same two JSON formats and rejects bad input with the same messages;
 * a device is acknowledged only after its fix is in Redis.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Ingest")
package io.pulsetracker.ingest;
