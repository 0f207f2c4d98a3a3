/**
 * The {@code replay} command: reads a recorded GPS track and sends it to a running server's {@code
 * POST /api/track}, in file order, batch after batch.
 *
 * <p>The API of this package is {@link io.pulsetracker.replay.TrackFormat} (pick a reader for a
 * file), {@link io.pulsetracker.replay.TrackReader} and its result {@link
 * io.pulsetracker.replay.TrackReading}, {@link io.pulsetracker.replay.TrackSender} with {@link
 * io.pulsetracker.replay.ReplaySettings} and its result {@link
 * io.pulsetracker.replay.ReplaySummary}, and {@link io.pulsetracker.replay.ReplayCommand}, the
 * command-line front end. The readers and the JSON mapping are package-private.
 *
 * <p>Nothing here starts Spring: the command runs straight from {@code main} and exits.
 */
package io.pulsetracker.replay;
