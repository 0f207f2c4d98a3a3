package io.pulsetracker.account.internal;

import io.pulsetracker.shared.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/** Generates the installation's keys and secrets, and hashes the ones stored as secrets. */
public final class RandomKeys {

    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomKeys() {}

    /** A key of {@code length} lowercase letters and digits (about 5.2 bits of entropy each). */
    public static String key(int length) {
        char[] key = new char[length];
        for (int i = 0; i < length; i++) {
            key[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(key);
    }

    /** A webhook secret in the {@code whsec_<base64 of 32 random bytes>} form. */
    public static String webhookSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    /** Lowercase hex SHA-256 of a token; tokens are random, so no salt is needed. */
    public static String sha256(String token) {
        return Sha256.hex(token);
    }
}
