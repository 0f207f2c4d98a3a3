package io.pulsetracker.geofence.internal;

import io.pulsetracker.geofence.FenceRules;
import io.pulsetracker.geofence.FenceShape;
import io.pulsetracker.geofence.Geofence;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code PATCH /api/geofences/{id}}: only the fields present change. Each field is kept as
 * JSON so that a field left out ({@code null} here) differs from one sent as JSON {@code null}, which
 * clears an optional field (the webhook URL, a rule). Names and meanings as in {@link GeofenceRequest}.
 */
record GeofenceChange(
        JsonNode name,
        JsonNode webhookUrl,
        JsonNode geometry,
        JsonNode repair,
        JsonNode hysteresisM,
        JsonNode minDwellFixes,
        JsonNode minDwellSeconds,
        JsonNode maxAccuracyM,
        JsonNode crossEvents) {

    /** The definition with this change applied; fails with a 400 problem naming the first bad field. */
    Geofence.Definition applyTo(Geofence.Definition current) {
        String changedName = name == null ? current.name() : FenceFields.name(FenceFields.text("name", name));
        String url = webhookUrl == null
                ? current.webhookUrl()
                : FenceFields.webhookUrl(FenceFields.text("webhook_url", webhookUrl));
        boolean repairing = repair != null && FenceFields.flag("repair", repair);
        FenceShape shape = geometry == null ? current.shape() : FenceFields.shape(geometry, repairing);
        return new Geofence.Definition(changedName, url, shape, rules(current.rules()));
    }

    private FenceRules rules(FenceRules current) {
        Double hysteresis =
                hysteresisM == null ? current.hysteresisMeters() : FenceFields.number("hysteresis_m", hysteresisM);
        Integer dwellFixes = minDwellFixes == null
                ? current.minDwellFixes()
                : FenceFields.wholeNumber("min_dwell_fixes", minDwellFixes);
        Integer dwellSeconds = minDwellSeconds == null
                ? current.minDwellSeconds()
                : FenceFields.wholeNumber("min_dwell_seconds", minDwellSeconds);
        Double accuracy =
                maxAccuracyM == null ? current.maxAccuracyMeters() : FenceFields.number("max_accuracy_m", maxAccuracyM);
        boolean cross = crossEvents == null ? current.crossEvents() : FenceFields.flag("cross_events", crossEvents);
        return FenceFields.rules(() -> new FenceRules(hysteresis, dwellFixes, dwellSeconds, accuracy, cross));
    }
}
