package io.pulsetracker.ingest.internal;

import io.pulsetracker.shared.ApiExceptionHandler;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading what devices send, the same way on every door: strict UTF-8, one JSON value, and {@code NaN} or
 * {@code Infinity} let through only so that they are rejected by field name. Thread-safe.
 */
final class DeviceJson {

    /** Lenient on NaN and Infinity only so that they can be rejected by name, fix by fix. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private DeviceJson() {}

    /** Parses one JSON value from bytes (so that errors give a byte offset); throws with the parser's reason. */
    static JsonNode read(byte[] bytes) throws JacksonException {
        return MAPPER.readTree(bytes);
    }

    /** What is wrong with the JSON of a frame, in the words HTTP uses for a body. */
    static String problem(JacksonException malformed, String frame) {
        return ApiExceptionHandler.jsonProblem(malformed).replace("the request body", "the " + frame);
    }

    /** Decodes complete bytes as UTF-8, or returns null when they are not valid UTF-8. */
    static String utf8(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }

    /** A new reply object. */
    static ObjectNode reply(boolean ok) {
        return MAPPER.createObjectNode().put("ok", ok);
    }
}
