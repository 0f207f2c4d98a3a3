package io.pulsetracker.ingest.internal;

import io.pulsetracker.ingest.IngestProperties;
import io.pulsetracker.shared.ApiExceptionHandler;
import io.pulsetracker.shared.Problems;
import io.pulsetracker.shared.Problems.FieldError;
import io.pulsetracker.stream.StreamUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/track}: one fix object or a JSON array of them.
 *
 * <p>Answers 202 {@code {"accepted":n,"rejected":[...]}} once every accepted fix is in Redis; 400 when
 * nothing could be accepted (malformed JSON, or every fix rejected); 401 for an unknown key in the headers;
 * 413 for a body or batch over the limits; 503 with {@code Retry-After} when Redis did not take the fixes.
 */
@RestController
class TrackController {

    private static final Logger log = LoggerFactory.getLogger(TrackController.class);
    static final String APP_KEY_HEADER = "X-App-Key";
    private static final String RETRY_AFTER_SECONDS = "5";

    private final FixIntake intake;
    private final IngestProperties properties;

    TrackController(FixIntake intake, IngestProperties properties) {
        this.intake = intake;
        this.properties = properties;
    }

    @PostMapping("/api/track")
    Mono<ResponseEntity<Object>> track(ServerHttpRequest request) {
        String encoding = request.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.strip())) {
            return Mono.error(Problems.of(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding [" + encoding + "] is not supported: send the JSON uncompressed"));
        }
        return credentials(request.getHeaders())
                .zipWith(body(request))
                .flatMap(both -> intake.accept(both.getT2(), both.getT1(), "http"))
                .doOnNext(result -> logResult(result, request))
                .map(TrackController::reply)
                .onErrorMap(StreamUnavailableException.class, TrackController::unavailable);
    }

    private Mono<DoorCredentials> credentials(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).strip();
            return intake.deviceByKey(key)
                    .map(DoorCredentials::of)
                    .switchIfEmpty(Mono.error(() -> unauthorized(
                            "Authorization: Bearer carries an unknown device key [" + shorten(key) + "]")));
        }
        String appKey = headers.getFirst(APP_KEY_HEADER);
        if (appKey != null) {
            return intake.app(appKey.strip())
                    .map(DoorCredentials::of)
                    .switchIfEmpty(Mono.error(() ->
                            unauthorized(APP_KEY_HEADER + " carries an unknown app key [" + shorten(appKey) + "]")));
        }
        return Mono.just(DoorCredentials.NONE);
    }

    private Mono<List<JsonNode>> body(ServerHttpRequest request) {
        int limit = (int) properties.maxBodySize().toBytes();
        return DataBufferUtils.join(request.getBody(), limit)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map(this::messages)
                .onErrorMap(
                        DataBufferLimitException.class,
                        tooLarge -> Problems.of(
                                HttpStatus.PAYLOAD_TOO_LARGE, "the request body must be at most " + limit + " bytes"));
    }

    private List<JsonNode> messages(byte[] body) {
        if (body.length == 0) {
            throw Problems.badRequest("the request body is empty: send one fix object or a JSON array of fixes");
        }
        JsonNode root;
        try {
            root = DeviceJson.read(body);
            if (root.isMissingNode()) {
                throw Problems.badRequest("the request body is blank: send one fix object or a JSON array of fixes");
            }
        } catch (JacksonException malformed) {
            throw Problems.badRequest(ApiExceptionHandler.jsonProblem(malformed));
        }
        if (!root.isArray()) {
            return List.of(root);
        }
        if (root.isEmpty()) {
            throw Problems.badRequest("the batch is empty: send at least one fix");
        }
        if (root.size() > properties.maxBatchSize()) {
            throw Problems.of(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "a batch holds at most " + properties.maxBatchSize() + " fixes, was " + root.size());
        }
        List<JsonNode> messages = new ArrayList<>(root.size());
        root.forEach(messages::add);
        return messages;
    }

    private static ResponseEntity<Object> reply(IntakeResult result) {
        if (result.accepted() == 0 && result.rejected().stream().allMatch(TrackController::lacksCredentials)) {
            throw unauthorized(result.rejected().get(0).message());
        }
        if (result.accepted() == 0) {
            String detail = result.rejected().size() == 1
                    ? result.rejected().get(0).message()
                    : "none of the " + result.rejected().size() + " fixes was accepted";
            throw Problems.badRequest(detail, result.rejected());
        }
        Map<String, Object> body = result.rejected().isEmpty()
                ? Map.of("accepted", result.accepted())
                : Map.of("accepted", result.accepted(), "rejected", result.rejected());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }

    private static void logResult(IntakeResult result, ServerHttpRequest request) {
        if (log.isDebugEnabled()) {
            log.debug(
                    "POST /api/track from {}: {} accepted, {} rejected{}",
                    request.getRemoteAddress(),
                    result.accepted(),
                    result.rejected().size(),
                    result.rejected().isEmpty()
                            ? ""
                            : ", first: " + result.rejected().get(0).message());
        }
    }

    /** A rejection because the fix came with no key at all (as opposed to a wrong one). */
    private static boolean lacksCredentials(FieldError rejection) {
        return "key".equals(rejection.field()) && rejection.value() == null;
    }

    private static ErrorResponseException unauthorized(String detail) {
        return Problems.withHeader(HttpStatus.UNAUTHORIZED, detail, HttpHeaders.WWW_AUTHENTICATE, "Bearer", null);
    }

    private static ErrorResponseException unavailable(StreamUnavailableException failure) {
        log.warn("Answering 503 on /api/track: {}", failure.getMessage());
        String detail = "fixes cannot be stored right now (storage unavailable); nothing from this request"
                + " was acknowledged: send it again, duplicates are stored once";
        return Problems.withHeader(
                HttpStatus.SERVICE_UNAVAILABLE, detail, HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS, failure);
    }

    private static String shorten(String key) {
        return KeyMask.mask(key);
    }
}
