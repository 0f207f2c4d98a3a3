package io.pulsetracker.ingest.internal;

import java.time.Instant;

/**
 * A fix as a device reported it, valid but not yet authenticated. Units as in
 * {@link io.pulsetracker.tracking.Fix}.
 *
 * @param deviceIdentifier the {@code device_id} the device claims, or null
 * @param deviceKey a device key carried in the message itself ({@code key} or the packet's
 *     {@code clientId}), or null
 * @param appKey an app key carried in the message itself (the packet's {@code appId}), or null
 * @param recordedAt the device's timestamp, or null when it sent none
 */
record FixReport(
        String deviceIdentifier,
        String deviceKey,
        String appKey,
        Instant recordedAt,
        double latitude,
        double longitude,
        Double altitude,
        Double speed,
        Double heading,
        Double accuracy,
        Double battery,
        String attributes) {}
