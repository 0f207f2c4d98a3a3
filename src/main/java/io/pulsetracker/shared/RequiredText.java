package io.pulsetracker.shared;

import java.nio.charset.StandardCharsets;

/** Checks the text fields of REST requests, failing with a 400 problem that names the field. */
public final class RequiredText {

    private RequiredText() {}

    /**
     * Returns {@code value} stripped of surrounding white space.
     *
     * @throws org.springframework.web.ErrorResponseException a 400 when the value is missing, blank,
     *     longer than {@code maxLength} characters, or not valid Unicode text without control characters
     */
    public static String of(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw Problems.badRequest(field + " is required");
        }
        String stripped = value.strip();
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(stripped)) {
            throw Problems.badRequest(field + " must be valid Unicode text (it has an unpaired surrogate)");
        }
        if (stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw Problems.badRequest(field + " must not contain control characters");
        }
        if (stripped.codePointCount(0, stripped.length()) > maxLength) {
            throw Problems.badRequest(field + " must be at most " + maxLength + " characters, was "
                    + stripped.codePointCount(0, stripped.length()));
        }
        return stripped;
    }
}
