/**
 * Real-time fan-out: every stored fix and every geofence event is published on the app's Redis Pub/Sub
 * channels, {@code <prefix>:<app key>:locations} and {@code <prefix>:<app key>:events}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Realtime")
package io.pulsetracker.realtime;
