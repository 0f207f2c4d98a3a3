/**
 * Small value conversions and error shapes that every module uses the same way: UTC columns and RFC 9457
 * problem responses. It depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared")
package io.pulsetracker.shared;
