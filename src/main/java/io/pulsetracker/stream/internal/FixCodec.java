package io.pulsetracker.stream.internal;

import io.pulsetracker.tracking.Fix;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stream entry format: one field {@code fix} holding the {@link Fix} as JSON (field names as in the
 * record). It is internal to the stream and changes only with a migration of in-flight entries.
 */
final class FixCodec {

    static final String FIELD = "fix";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FixCodec() {}

    static String encode(Fix fix) {
        return JSON.writeValueAsString(fix);
    }

    /** Decodes an entry's {@code fix} field; a malformed entry throws {@link tools.jackson.core.JacksonException}. */
    static Fix decode(String json) {
        return JSON.readValue(json, Fix.class);
    }
}
