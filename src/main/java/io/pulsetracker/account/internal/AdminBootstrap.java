package io.pulsetracker.account.internal;

import io.pulsetracker.account.AccountProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Makes sure the admin user and its token exist when {@code pulsetracker.admin-token} is set, so that
 * automation can start from an empty database. Runs once at start-up and blocks until done.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ADMIN = "admin";

    private final AccountProperties properties;
    private final DatabaseClient database;
    private final ApiTokens tokens;

    AdminBootstrap(AccountProperties properties, DatabaseClient database, ApiTokens tokens) {
        this.properties = properties;
        this.database = database;
        this.tokens = tokens;
    }

    @Override
    public void run(ApplicationArguments args) {
        String token = properties.adminToken();
        if (token == null || token.isBlank()) {
            log.info("No admin token configured (PULSE_ADMIN_TOKEN); the API accepts only existing tokens");
            return;
        }
        database.sql("INSERT INTO users (name, admin) VALUES (:name, TRUE) ON DUPLICATE KEY UPDATE admin = TRUE")
                .bind("name", ADMIN)
                .then()
                .then(database.sql("SELECT id FROM users WHERE name = :name")
                        .bind("name", ADMIN)
                        .map(row -> row.get("id", Long.class))
                        .one())
                .flatMap(id -> tokens.store(id, token.trim(), "admin token from configuration"))
                .block();
        log.info("Admin user [{}] is ready with the configured admin token", ADMIN);
    }
}
