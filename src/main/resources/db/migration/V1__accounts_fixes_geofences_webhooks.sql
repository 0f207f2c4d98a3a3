-- Accounts: a user owns apps; an app owns devices and geofences.
CREATE TABLE users (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    admin       BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_users_name (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- API tokens are stored as the SHA-256 of the token; the token itself is shown once.
CREATE TABLE api_tokens (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id     BIGINT       NOT NULL,
    token_hash  CHAR(64)     COLLATE utf8mb4_nopad_bin NOT NULL,
    name        VARCHAR(200) NOT NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_api_tokens_hash (token_hash),
    CONSTRAINT fk_api_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE apps (
    id                     BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id                BIGINT       NOT NULL,
    app_key                VARCHAR(64)  COLLATE utf8mb4_nopad_bin NOT NULL,
    name                   VARCHAR(200) NOT NULL,
    webhook_secret         VARCHAR(100) NOT NULL,
    auto_register_devices  BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at             DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_apps_key (app_key),
    KEY ix_apps_user (user_id),
    CONSTRAINT fk_apps_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- identifier is the device_id a device sends next to its app key; device_key authenticates alone.
-- Keys and identifiers compare byte for byte (utf8mb4_nopad_bin): "VAN", "van" and two different emoji
-- are different devices.
CREATE TABLE devices (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id      BIGINT       NOT NULL,
    device_key  VARCHAR(64)  COLLATE utf8mb4_nopad_bin NOT NULL,
    identifier  VARCHAR(128) COLLATE utf8mb4_nopad_bin NOT NULL,
    name        VARCHAR(200) NOT NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_devices_key (device_key),
    UNIQUE KEY uk_devices_app_identifier (app_id, identifier),
    CONSTRAINT fk_devices_app FOREIGN KEY (app_id) REFERENCES apps (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every accepted fix, once per device and recorded time (millisecond precision).
CREATE TABLE fixes (
    id           BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id       BIGINT      NOT NULL,
    device_id    BIGINT      NOT NULL,
    recorded_at  DATETIME(3) NOT NULL,
    received_at  DATETIME(3) NOT NULL,
    latitude     DOUBLE      NOT NULL,
    longitude    DOUBLE      NOT NULL,
    altitude     DOUBLE      NULL,
    speed        DOUBLE      NULL,
    heading      DOUBLE      NULL,
    accuracy     DOUBLE      NULL,
    battery      DOUBLE      NULL,
    protocol     VARCHAR(16) NOT NULL,
    attributes   LONGTEXT    NULL,
    UNIQUE KEY uk_fixes_device_recorded (device_id, recorded_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The newest fix per device by recorded time (a late fix never replaces a newer one).
CREATE TABLE latest_positions (
    device_id    BIGINT      NOT NULL PRIMARY KEY,
    app_id       BIGINT      NOT NULL,
    recorded_at  DATETIME(3) NOT NULL,
    received_at  DATETIME(3) NOT NULL,
    latitude     DOUBLE      NOT NULL,
    longitude    DOUBLE      NOT NULL,
    KEY ix_latest_positions_app (app_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- geometry holds the canonical GeoJSON (Polygon, MultiPolygon or the Circle object).
CREATE TABLE geofences (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id       BIGINT        NOT NULL,
    name         VARCHAR(200)  NOT NULL,
    webhook_url  VARCHAR(2048) NULL,
    geometry     LONGTEXT      NOT NULL,
    created_at   DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_geofences_app (app_id),
    CONSTRAINT fk_geofences_app FOREIGN KEY (app_id) REFERENCES apps (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Bumped in the transaction of every fence change; evaluators reload an app's fences when it moves.
CREATE TABLE geofence_versions (
    app_id   BIGINT NOT NULL PRIMARY KEY,
    version  BIGINT NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- id is derived from (fence, device, recorded time, event), so reprocessing records an event once.
CREATE TABLE geofence_events (
    id           CHAR(36)    NOT NULL PRIMARY KEY,
    app_id       BIGINT      NOT NULL,
    geofence_id  BIGINT      NOT NULL,
    device_id    BIGINT      NOT NULL,
    event        VARCHAR(16) NOT NULL,
    latitude     DOUBLE      NOT NULL,
    longitude    DOUBLE      NOT NULL,
    recorded_at  DATETIME(3) NOT NULL,
    received_at  DATETIME(3) NOT NULL,
    created_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_geofence_events_device (device_id, recorded_at),
    KEY ix_geofence_events_app (app_id, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The webhook outbox: one row per event and target URL, written in the event's transaction.
CREATE TABLE webhook_deliveries (
    id                BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id          CHAR(36)      NOT NULL,
    app_id            BIGINT        NOT NULL,
    url               VARCHAR(2048) NOT NULL,
    url_hash          CHAR(64)      NOT NULL,
    payload           LONGTEXT      NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    attempts          INT           NOT NULL DEFAULT 0,
    next_attempt_at   DATETIME(3)   NOT NULL,
    claim_token       CHAR(36)      NULL,
    claimed_until     DATETIME(3)   NULL,
    last_status_code  INT           NULL,
    last_error        VARCHAR(500)  NULL,
    created_at        DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    delivered_at      DATETIME(3)   NULL,
    UNIQUE KEY uk_webhook_deliveries_event_url (event_id, url_hash),
    KEY ix_webhook_deliveries_due (status, next_attempt_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
