package io.pulsetracker.shared;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Renders every error of the REST API as an RFC 9457 problem whose detail a developer can act on: what
 * was wrong with the request, where in the body, or that a backing service is down (503, retry later).
 * An unexpected failure is logged with a reference that the 500 answer repeats.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException failure, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        HttpStatus answer = causedBy(failure, DataBufferLimitException.class) != null
                ? HttpStatus.PAYLOAD_TOO_LARGE
                : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(answer, inputProblem(failure));
        return handleExceptionInternal(failure, problem, headers, answer, exchange);
    }

    /** Gives the problems Spring answers without a detail (413 Content Too Large, for one) a sentence. */
    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(
            Exception failure, Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        Object problem = body == null && failure instanceof ErrorResponse response ? response.getBody() : body;
        if (problem instanceof ProblemDetail detail && detail.getDetail() == null) {
            detail.setDetail(
                    status.value() == HttpStatus.PAYLOAD_TOO_LARGE.value()
                            ? "the request body is larger than the server accepts (16 MB by default,"
                                    + " spring.http.codecs.max-in-memory-size)"
                            : failure.getMessage());
        }
        return super.handleExceptionInternal(failure, problem, headers, status, exchange);
    }

    @ExceptionHandler({DataAccessException.class, RedisConnectionFailureException.class})
    Mono<ResponseEntity<Object>> unavailable(Exception failure, ServerWebExchange exchange) {
        log.warn("Answering 503 on {}: {}", exchange.getRequest().getPath(), failure.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "a storage service is unavailable right now; nothing was changed, try again later");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return handleExceptionInternal(failure, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, exchange);
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> unexpected(Exception failure, ServerWebExchange exchange) {
        String reference = UUID.randomUUID().toString();
        log.error(
                "Unexpected failure on {} (reference {})", exchange.getRequest().getPath(), reference, failure);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; the server log has it under reference " + reference);
        return handleExceptionInternal(failure, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, exchange);
    }

    private static String inputProblem(ServerWebInputException failure) {
        DataBufferLimitException tooLarge = causedBy(failure, DataBufferLimitException.class);
        if (tooLarge != null) {
            return "the request body is larger than the server accepts (16 MB by default,"
                    + " spring.http.codecs.max-in-memory-size)";
        }
        if (failure.getCause() instanceof TypeMismatchException mismatch) {
            return mismatch.getPropertyName() + " must be a " + simpleType(mismatch) + ", was [" + mismatch.getValue()
                    + "]";
        }
        JacksonException json = causedBy(failure, JacksonException.class);
        if (json != null) {
            return jsonProblem(json);
        }
        String reason = String.valueOf(failure.getReason());
        return reason.startsWith("No request body") ? "the request body is missing: send a JSON object" : reason;
    }

    /** Says what is wrong with a JSON body in the client's terms, without Java class names. */
    public static String jsonProblem(JacksonException json) {
        String message = String.valueOf(json.getOriginalMessage());
        String at = " (byte offset " + json.getLocation().getByteOffset() + ")";
        if (message.startsWith("Trailing token")) {
            return "the request body holds more than one JSON value: send one" + at;
        }
        if (json instanceof UnrecognizedPropertyException unknown) {
            return "the request body has an unknown field [" + unknown.getPropertyName() + "]; the fields are "
                    + unknown.getKnownPropertyIds();
        }
        String path = path(json.getPath());
        if (json instanceof InputCoercionException) {
            return "a number in the request body is out of range" + (path.isEmpty() ? "" : " at [" + path + "]") + at;
        }
        if (json instanceof DatabindException) {
            return path.isEmpty()
                    ? "the request body must be a JSON object"
                    : "the request body has a value of the wrong type at [" + path + "]";
        }
        if (message.startsWith("Unexpected end-of-input")) {
            return "the request body is not valid JSON: it ends before the JSON is complete" + at;
        }
        int cut = message.indexOf(" (");
        return "the request body is not valid JSON" + at + ": " + (cut < 0 ? message : message.substring(0, cut));
    }

    private static String path(java.util.List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String simpleType(TypeMismatchException mismatch) {
        Class<?> type = mismatch.getRequiredType();
        return type == null ? "value" : type == Long.class || type == long.class ? "number" : type.getSimpleName();
    }

    private static <T extends Throwable> T causedBy(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
