package io.pulsetracker.ingest.internal;

import io.pulsetracker.shared.Problems.FieldError;

/** Thrown while reading one fix: names the field, quotes the value. Carries no stack trace (it is input). */
final class RejectedFix extends Exception {

    private final String field;
    private final String value;

    RejectedFix(String field, String value, String message) {
        super(message, null, false, false);
        this.field = field;
        this.value = value;
    }

    FieldError at(Integer index) {
        return new FieldError(index, field, value, getMessage());
    }
}
