package io.pulsetracker.account.internal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pulsetracker.account.AccountUser;
import java.time.Duration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Resolves API tokens to users; tokens are looked up by their SHA-256, never stored or logged in clear. */
@Component
class ApiTokens {

    private final DatabaseClient database;
    private final AsyncCache<String, AccountUser> byHash = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(30))
            .maximumSize(10_000)
            .buildAsync();

    ApiTokens(DatabaseClient database) {
        this.database = database;
    }

    /** Emits the user owning {@code token}, or completes empty for an unknown token. */
    Mono<AccountUser> userOf(String token) {
        String hash = RandomKeys.sha256(token);
        return Mono.fromFuture(() -> byHash.get(hash, (h, executor) -> database.sql(
                        "SELECT u.id, u.name, u.admin FROM api_tokens t JOIN users u ON u.id = t.user_id"
                                + " WHERE t.token_hash = :hash")
                .bind("hash", h)
                .map(row -> new AccountUser(
                        row.get("id", Long.class),
                        row.get("name", String.class),
                        Boolean.TRUE.equals(row.get("admin", Boolean.class))))
                .one()
                .toFuture()));
    }

    /** Issues a new token for {@code userId} and emits it; only its hash is stored. */
    Mono<String> issue(long userId, String name) {
        String token = "pt_" + RandomKeys.key(40);
        return store(userId, token, name).thenReturn(token);
    }

    /** Stores {@code token} for {@code userId} unless that token already exists. */
    Mono<Void> store(long userId, String token, String name) {
        return database.sql("INSERT IGNORE INTO api_tokens (user_id, token_hash, name) VALUES (:user, :hash, :name)")
                .bind("user", userId)
                .bind("hash", RandomKeys.sha256(token))
                .bind("name", name)
                .then();
    }
}
