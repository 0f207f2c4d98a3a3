package io.pulsetracker.replay;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The one progress line of a replay on the terminal, rewritten in place with a carriage return.
 * Redraws at most ten times a second, except for the final state, which is always drawn. Not
 * thread-safe.
 */
final class ProgressLine {

    private static final long REDRAW_INTERVAL_NANOS = 100_000_000;

    private final PrintWriter terminal;
    private long lastDrawNanos;
    private int lastLength;
    private boolean visible;

    ProgressLine(PrintWriter terminal) {
        this.terminal = terminal;
    }

    /** Draws the progress, unless the last draw was too recent and the replay is not finished. */
    void show(ReplayProgress progress) {
        long now = System.nanoTime();
        boolean finished = progress.sent() >= progress.total();
        if (visible && !finished && now - lastDrawNanos < REDRAW_INTERVAL_NANOS) {
            return;
        }

        String line = describe(progress);
        terminal.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        terminal.flush();

        lastDrawNanos = now;
        lastLength = line.length();
        visible = true;
    }

    /** Ends the line so that whatever is printed next starts on a fresh one. */
    void end() {
        if (visible) {
            terminal.println();
            terminal.flush();
            visible = false;
        }
    }

    /**
     * The text of the progress line, for example {@code sent 4200/14263 fixes (29%), accepted 4200,
     * ...}.
     */
    static String describe(ReplayProgress progress) {
        return String.format(
                Locale.ROOT,
                "sent %d/%d fixes (%d%%), accepted %d, rejected %d, %.0f fixes/s",
                progress.sent(),
                progress.total(),
                progress.percent(),
                progress.accepted(),
                progress.rejected(),
                progress.fixesPerSecond());
    }
}
