package io.pulsetracker.geofence.internal;

import io.pulsetracker.geofence.FenceRules;
import io.pulsetracker.geofence.Geofence;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST} and {@code PUT /api/geofences}: a whole fence. Rules left out are off.
 *
 * @param name display name, required
 * @param appKey the app (on {@code PUT}, when given, the fence's own app)
 * @param appId the app by id, instead of {@code appKey}
 * @param webhookUrl where events are posted, or null
 * @param geometry the GeoJSON shape, required
 * @param repair whether an invalid polygon is repaired with JTS GeometryFixer instead of rejected
 * @param hysteresisM exit margin in metres
 * @param minDwellFixes fixes inside before an entry counts
 * @param minDwellSeconds seconds inside before an entry counts
 * @param maxAccuracyM the largest accuracy radius, in metres, of a fix that may move state
 * @param crossEvents whether to produce {@code cross} events
 */
record GeofenceRequest(
        JsonNode name,
        String appKey,
        Long appId,
        JsonNode webhookUrl,
        JsonNode geometry,
        JsonNode repair,
        JsonNode hysteresisM,
        JsonNode minDwellFixes,
        JsonNode minDwellSeconds,
        JsonNode maxAccuracyM,
        JsonNode crossEvents) {

    /**
     * Checks every field as strictly as {@code PATCH} does (no number read from a string, no fraction
     * truncated, no 1 taken for true); fails with a 400 problem naming the first bad one.
     */
    Geofence.Definition definition() {
        String checkedName = FenceFields.name(name == null ? null : FenceFields.text("name", name));
        String url = webhookUrl == null ? null : FenceFields.webhookUrl(FenceFields.text("webhook_url", webhookUrl));
        boolean repairing = repair != null && FenceFields.flag("repair", repair);
        Double hysteresis = hysteresisM == null ? null : FenceFields.number("hysteresis_m", hysteresisM);
        Integer dwellFixes = minDwellFixes == null ? null : FenceFields.wholeNumber("min_dwell_fixes", minDwellFixes);
        Integer dwellSeconds =
                minDwellSeconds == null ? null : FenceFields.wholeNumber("min_dwell_seconds", minDwellSeconds);
        Double accuracy = maxAccuracyM == null ? null : FenceFields.number("max_accuracy_m", maxAccuracyM);
        boolean cross = crossEvents != null && FenceFields.flag("cross_events", crossEvents);
        FenceRules rules =
                FenceFields.rules(() -> new FenceRules(hysteresis, dwellFixes, dwellSeconds, accuracy, cross));
        return new Geofence.Definition(checkedName, url, FenceFields.shape(geometry, repairing), rules);
    }
}
