package io.pulsetracker.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsetracker.support.ApiClient;
import io.pulsetracker.support.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * The set-up the webhook tests share: an app with a circle fence around (0, 0), endpoints, fixes that
 * move devices in and out of the fence (one event per fix), and a receiver's own signature checks.
 */
final class WebhookScenario {

    /** Epoch seconds of the first fix; fix {@code n} of a device is recorded {@code n} seconds later. */
    static final long FIRST_FIX = 1_710_000_000L;

    final ApiClient api;
    final String admin;
    final String appKey;

    WebhookScenario(ApiClient api, String admin, String appName) {
        this.api = api;
        this.admin = admin;
        this.appKey = api.post("/api/apps", admin, Map.of("name", appName))
                .body()
                .get("key")
                .asString();
        ApiClient.Response fence = api.post(
                "/api/geofences",
                admin,
                Map.of(
                        "name",
                        "Depot",
                        "app_key",
                        appKey,
                        "geometry",
                        Map.of("type", "Circle", "center", List.of(0, 0), "radius_m", 1000)));
        assertThat(fence.status()).isEqualTo(201);
    }

    /** Registers an endpoint for all event types; returns its API view (with the secret in full). */
    JsonNode endpoint(String url) {
        ApiClient.Response created = api.post(path(""), admin, Map.of("url", url));
        assertThat(created.status()).isEqualTo(201);
        return created.body();
    }

    String path(String rest) {
        return "/api/apps/" + appKey + "/webhooks" + rest;
    }

    /**
     * Sends fix {@code n} of each device, one request for all of them: inside the fence for even
     * {@code n}, outside for odd, so that every fix makes one event. Returns the HTTP status.
     */
    int sendFixes(List<String> devices, int n) {
        List<Map<String, Object>> fixes = new ArrayList<>();
        double position = n % 2 == 0 ? 0.0 : 1.0;
        for (String device : devices) {
            fixes.add(Map.of("device_id", device, "lat", position, "lng", position, "timestamp", FIRST_FIX + n));
        }
        return api.post("/api/track", Map.of("X-App-Key", appKey), fixes).status();
    }

    /** The event's body as JSON. */
    static JsonNode body(WebhookReceiver.Call call) {
        return ApiClient.JSON.readTree(call.body());
    }

    /** The receiver's check of {@code p-signature}: hex HMAC-SHA256 keyed with the secret string's bytes. */
    static boolean legacySignatureMatches(WebhookReceiver.Call call, String secret) {
        String expected = HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), call.body()));
        return expected.equals(call.headers().get("p-signature"));
    }

    /**
     * The receiver's check of {@code webhook-signature}, as the Standard Webhooks libraries do it: the key
     * is the base64-decoded part after {@code whsec_}; any of the space-separated {@code v1,} signatures
     * may match.
     */
    static boolean standardSignatureMatches(WebhookReceiver.Call call, String secret) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        String signed = call.headers().get("webhook-id") + "." + call.headers().get("webhook-timestamp") + ".";
        byte[] prefix = signed.getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + call.body().length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(call.body(), 0, content, prefix.length, call.body().length);
        String expected = "v1," + Base64.getEncoder().encodeToString(hmac(key, content));
        return List.of(call.headers().get("webhook-signature").split(" ")).contains(expected);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
