package io.pulsetracker.shared;

/** Checks the text fields of REST requests, failing with a 400 problem that names the field. */
public final class RequiredText {

    private RequiredText() {}

    /**
     * Returns {@code value} stripped of surrounding white space.
     *
     * @throws org.springframework.web.ErrorResponseException a 400 when the value is missing, blank or
     *     longer than {@code maxLength} characters
     */
    public static String of(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw Problems.badRequest(field + " is required");
        }
        String stripped = value.strip();
        if (stripped.codePointCount(0, stripped.length()) > maxLength) {
            throw Problems.badRequest(field + " must be at most " + maxLength + " characters, was "
                    + stripped.codePointCount(0, stripped.length()));
        }
        return stripped;
    }
}
