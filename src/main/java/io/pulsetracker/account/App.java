package io.pulsetracker.account;

import java.time.Instant;

/**
 * An app: the tenant that owns devices, geofences and webhook endpoints.
 *
 * @param id numeric id, stable for the app's life
 * @param userId the owning user
 * @param key the public app key devices send in {@code X-App-Key} or the packet's {@code appId}
 * @param name display name (any UTF-8)
 * @param webhookSecret the secret every webhook of this app is signed with
 * @param autoRegisterDevices whether a fix with the app key and an unknown {@code device_id} registers
 *     that device instead of being rejected
 * @param createdAt creation time
 */
public record App(
        long id,
        long userId,
        String key,
        String name,
        String webhookSecret,
        boolean autoRegisterDevices,
        Instant createdAt) {}
