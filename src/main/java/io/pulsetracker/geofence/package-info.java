/**
 * Geofences: shapes (polygon, multipolygon with holes, circle), their validation, a spatial index per
 * app, evaluation of fixes against it, each device's inside/outside state, and the events that come of it.
 * The rules are written down in {@code docs/geofencing.md}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Geofencing")
package io.pulsetracker.geofence;
