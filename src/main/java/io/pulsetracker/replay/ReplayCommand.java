package io.pulsetracker.replay;

/** Sends a recorded track file to a running server. */
public final class ReplayCommand {

    private ReplayCommand() {}

    /** Runs the command with the given arguments and returns its exit code. */
    public static int run(String... args) {
        return 1;
    }
}
