package io.pulsetracker.shared;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Builds the RFC 9457 problem responses of the REST API.
 *
 * <p>A thrown {@link ErrorResponseException} is rendered by Spring as {@code application/problem+json}
 * with the title, the detail and, where given, an {@code errors} array of {@link FieldError}s.
 */
public final class Problems {

    private Problems() {}

    /** A 400 whose detail says what was wrong, quoting the bad value. */
    public static ErrorResponseException badRequest(String detail) {
        return of(HttpStatus.BAD_REQUEST, detail);
    }

    /** A 400 that lists every rejected field. */
    public static ErrorResponseException badRequest(String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setProperty("errors", errors);
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    /** A 404 for a resource that does not exist or belongs to someone else (the two look alike). */
    public static ErrorResponseException notFound(String detail) {
        return of(HttpStatus.NOT_FOUND, detail);
    }

    /** A problem with the given status and detail. */
    public static ErrorResponseException of(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    /** A problem that also sets one response header, such as {@code Retry-After} or {@code WWW-Authenticate}. */
    public static ErrorResponseException withHeader(
            HttpStatus status, String detail, String header, String value, Throwable cause) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(header, value);
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), cause) {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /**
     * One rejected input.
     *
     * @param index position in a batch, or null for a single object
     * @param field the field's name as the client sent it
     * @param value the rejected value as text, or null when the field was missing
     * @param message a sentence naming the field and quoting the value
     */
    public record FieldError(Integer index, String field, String value, String message) {}
}
