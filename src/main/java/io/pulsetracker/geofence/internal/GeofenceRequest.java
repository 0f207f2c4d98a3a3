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
        String name,
        String appKey,
        Long appId,
        String webhookUrl,
        JsonNode geometry,
        Boolean repair,
        Double hysteresisM,
        Integer minDwellFixes,
        Integer minDwellSeconds,
        Double maxAccuracyM,
        Boolean crossEvents) {

    /** Checks every field; fails with a 400 problem naming the first bad one. */
    Geofence.Definition definition() {
        String checkedName = FenceFields.name(name);
        String url = FenceFields.webhookUrl(webhookUrl);
        FenceRules rules = FenceFields.rules(() -> new FenceRules(
                hysteresisM, minDwellFixes, minDwellSeconds, maxAccuracyM, Boolean.TRUE.equals(crossEvents)));
        return new Geofence.Definition(
                checkedName, url, FenceFields.shape(geometry, Boolean.TRUE.equals(repair)), rules);
    }
}
