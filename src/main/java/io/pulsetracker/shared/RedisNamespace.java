package io.pulsetracker.shared;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The prefix of every Redis key and channel this installation uses, {@code pulsetracker.redis.key-prefix}
 * (default {@code pulsetracker}). Two installations, or two test classes, sharing one Redis stay apart by
 * using different prefixes.
 *
 * @param keyPrefix the first segment of every key, without the trailing colon
 */
@ConfigurationProperties("pulsetracker.redis")
public record RedisNamespace(@DefaultValue("pulsetracker") String keyPrefix) {

    /** Joins the prefix and {@code parts} with colons: {@code key("fixes", "{3}")} → {@code pulsetracker:fixes:{3}}. */
    public String key(Object... parts) {
        StringBuilder key = new StringBuilder(keyPrefix);
        for (Object part : parts) {
            key.append(':').append(part);
        }
        return key.toString();
    }
}
