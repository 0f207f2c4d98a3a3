package io.pulsetracker.account.internal;

import io.pulsetracker.account.AccountUser;
import io.pulsetracker.shared.Problems;
import io.pulsetracker.shared.RequiredText;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /api/users}: an admin creates a user and receives that user's first API token, once. */
@RestController
@RequestMapping("/api/users")
class UserController {

    private final DatabaseClient database;
    private final ApiTokens tokens;

    UserController(DatabaseClient database, ApiTokens tokens) {
        this.database = database;
        this.tokens = tokens;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<CreatedUser> create(@AuthenticationPrincipal AccountUser caller, @RequestBody CreateUser request) {
        if (!caller.admin()) {
            return Mono.error(Problems.of(HttpStatus.FORBIDDEN, "only an admin may create users"));
        }
        String name = RequiredText.of("name", request.name(), 200);
        return database.sql("INSERT INTO users (name, admin) VALUES (:name, FALSE)")
                .bind("name", name)
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .flatMap(id -> tokens.issue(id, "first token").map(token -> new CreatedUser(id, name, token)))
                .onErrorMap(
                        DuplicateKeyException.class,
                        taken -> Problems.of(
                                HttpStatus.CONFLICT,
                                "a user named [" + name + "] exists already (names are compared ignoring case)"));
    }

    record CreateUser(String name) {}

    record CreatedUser(long id, String name, String token) {}
}
