package io.pulsetracker.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signatures of a webhook call, both over the exact body bytes sent:
 *
 * <ul>
 *   <li>{@code p-signature}: lowercase hex HMAC-SHA256 of the body, keyed with the secret string as UTF-8
 *       bytes (the whole string, {@code whsec_} prefix included), as PHP's
 *       {@code hash_hmac('sha256', $rawBody, $secret)} computes it;
 *   <li>Standard Webhooks {@code webhook-signature}: {@code v1,} followed by the base64 HMAC-SHA256 of
 *       {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the base64-decoded part of the secret
 *       after {@code whsec_}.
 * </ul>
 *
 * <p>Secrets have the form {@code whsec_<base64 of 32 random bytes>}. Stateless and thread-safe.
 */
public final class WebhookSignature {

    /** The PulseTracker signature header. */
    public static final String HEADER = "p-signature";
    /** Standard Webhooks: the event id, the same on every attempt. */
    public static final String ID_HEADER = "webhook-id";
    /** Standard Webhooks: the time of sending, epoch seconds. */
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    /** Standard Webhooks: one or more space-separated {@code v1,<base64>} signatures. */
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {}

    /** The {@code p-signature} of {@code body}: hex HMAC keyed with the secret string's UTF-8 bytes. */
    public static String sign(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /**
     * One Standard Webhooks signature, {@code v1,<base64>}, of {@code id.timestamp.body}.
     *
     * @param secret a {@code whsec_<base64>} secret; its decoded bytes are the key
     * @param id the {@code webhook-id}
     * @param timestamp the {@code webhook-timestamp}, epoch seconds
     * @throws IllegalArgumentException when the secret is not in the {@code whsec_<base64>} form
     */
    public static String standard(String secret, String id, long timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), signed));
    }

    /** A fresh secret, {@code whsec_} and the base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] key(String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("every JVM has HmacSHA256", impossible);
        }
    }
}
