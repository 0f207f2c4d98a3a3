package io.pulsetracker.replay;

import java.util.List;

/**
 * A replay stopped before sending every fix: the server refused a batch, stayed unavailable, or
 * could not be reached. Batches answered before the failure stay sent.
 */
public class ReplayAbortedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final List<String> problemErrors;
    private final int acceptedBefore;

    /**
     * @param message what happened, naming the HTTP status and the problem's title and detail if
     *     any
     * @param status the HTTP status that stopped the replay, 0 when no answer was received
     * @param problemErrors the entries of the problem's {@code errors} member, one line each
     * @param acceptedBefore fixes the server had accepted before the failure
     */
    public ReplayAbortedException(String message, int status, List<String> problemErrors, int acceptedBefore) {
        super(message);
        this.status = status;
        this.problemErrors = List.copyOf(problemErrors);
        this.acceptedBefore = acceptedBefore;
    }

    /** The HTTP status that stopped the replay, or 0 when the server gave no answer. */
    public int status() {
        return status;
    }

    /** The problem's {@code errors}, one line each; empty when it had none. */
    public List<String> problemErrors() {
        return problemErrors;
    }

    /** Fixes the server had accepted before the failure. */
    public int acceptedBefore() {
        return acceptedBefore;
    }
}
