package io.pulsetracker.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code p-signature} header: lowercase hex HMAC-SHA256 of the exact body bytes, keyed with the app's
 * webhook secret string as UTF-8 bytes (the whole string, {@code whsec_} prefix included), as PHP's
 * {@code hash_hmac('sha256', $rawBody, $secret)} computes it. Stateless and thread-safe.
 */
public final class WebhookSignature {

    /** The header name. */
    public static final String HEADER = "p-signature";

    private WebhookSignature() {}

    /** Signs {@code body} with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("every JVM has HmacSHA256", impossible);
        }
    }
}
