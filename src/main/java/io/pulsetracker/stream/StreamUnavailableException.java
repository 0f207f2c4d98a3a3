package io.pulsetracker.stream;

/** Redis did not accept fixes: nothing may be acknowledged to the device. */
public class StreamUnavailableException extends RuntimeException {

    public StreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
