package io.pulsetracker.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON written to other systems (webhook bodies, Redis Pub/Sub messages): compact, snake_case, null
 * fields left out, instants as ISO-8601, and every non-ASCII character escaped ({@code Ł} becomes the
 * six characters backslash, {@code u0141}) so the bytes survive re-encoding by receivers that would
 * escape them anyway.
 *
 * <p>Independent of the REST API's mapper on purpose: a change to API settings must never change the
 * bytes receivers verify signatures over. Thread-safe.
 */
public final class WireJson {

    /** The mapper; configured once, never changed. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private WireJson() {}
}
