/**
 * Fix storage: every fix once per device and recorded time, the latest position per device, and history
 * queries. {@link io.pulsetracker.tracking.Fix} is the one record every door decodes into and every later
 * step of the pipeline reads.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tracking")
package io.pulsetracker.tracking;
