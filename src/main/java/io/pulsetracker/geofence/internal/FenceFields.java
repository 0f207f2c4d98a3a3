package io.pulsetracker.geofence.internal;

import io.pulsetracker.geofence.FenceRules;
import io.pulsetracker.geofence.FenceShape;
import io.pulsetracker.geofence.InvalidFenceShapeException;
import io.pulsetracker.shared.Problems;
import io.pulsetracker.shared.Problems.FieldError;
import io.pulsetracker.shared.RequiredText;
import io.pulsetracker.shared.WebhookUrls;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;

/** Checks the fields of a fence request, failing with a 400 problem that names the field. Stateless. */
final class FenceFields {

    private FenceFields() {}

    static String name(String value) {
        return RequiredText.of("name", value, 200);
    }

    /** Reads the geometry, repairing an invalid polygon when asked to. */
    static FenceShape shape(JsonNode geometry, boolean repair) {
        if (geometry == null || geometry.isNull() || geometry.isMissingNode()) {
            throw Problems.badRequest("geometry is required");
        }
        try {
            return FenceShape.fromGeoJson(geometry, repair);
        } catch (InvalidFenceShapeException invalid) {
            String message = "geometry is invalid: " + invalid.getMessage();
            throw Problems.badRequest(message, List.of(new FieldError(null, "geometry", null, message)));
        }
    }

    /** Builds rules, turning a value out of range into a 400 that names the field. */
    static FenceRules rules(Supplier<FenceRules> rules) {
        try {
            return rules.get();
        } catch (FenceRules.InvalidRuleException outOfRange) {
            String message = outOfRange.getMessage();
            throw Problems.badRequest(
                    message, List.of(new FieldError(null, outOfRange.field(), outOfRange.value(), message)));
        }
    }

    /** The webhook URL, or null when none is given. */
    static String webhookUrl(String value) {
        return value == null || value.isBlank() ? null : WebhookUrls.of("webhook_url", value);
    }

    /** A number field of a fence body: null for JSON null, else a finite number. */
    static Double number(String field, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw wrongType(field, "a number", value);
        }
        return value.doubleValue();
    }

    /** A whole-number field of a fence body: null for JSON null. */
    static Integer wholeNumber(String field, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(field, "a whole number", value);
        }
        return value.intValue();
    }

    /** A true/false field of a fence body; null is read as false. */
    static boolean flag(String field, JsonNode value) {
        if (value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false", value);
        }
        return value.booleanValue();
    }

    /** A text field of a fence body: null for JSON null. */
    static String text(String field, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw wrongType(field, "a string", value);
        }
        return value.stringValue();
    }

    private static ErrorResponseException wrongType(String field, String expected, JsonNode value) {
        String message = field + " must be " + expected + ", was [" + value + "]";
        return Problems.badRequest(message, List.of(new FieldError(null, field, value.toString(), message)));
    }
}
