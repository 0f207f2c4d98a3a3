-- Webhook endpoints: URLs an app registers to receive all its events (optionally only some types), each
-- with its own secret. During a rotation the previous secret also signs until previous_secret_until.
CREATE TABLE webhook_endpoints (
    id                      BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    app_id                  BIGINT        NOT NULL,
    url                     VARCHAR(2048) NOT NULL,
    event_types             VARCHAR(200)  NULL,
    enabled                 BOOLEAN       NOT NULL DEFAULT TRUE,
    secret                  VARCHAR(100)  NOT NULL,
    previous_secret         VARCHAR(100)  NULL,
    previous_secret_until   DATETIME(3)   NULL,
    created_at              DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at              DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_webhook_endpoints_app (app_id),
    CONSTRAINT fk_webhook_endpoints_app FOREIGN KEY (app_id) REFERENCES apps (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A delivery now knows its endpoint (null for a fence's webhook_url), its device (deliveries of one device
-- to one target are sent in order; url_hash names the target: the URL's hash for a fence URL, the hash of
-- "endpoint:<id>" for an endpoint) and when to give up. 'failed' is now called 'dead' (dead letter).
-- The dispatcher looks for the oldest pending delivery of each (url_hash, device_id) queue; the order
-- index lets MariaDB jump from queue to queue (a loose index scan) instead of reading every pending row,
-- which it does only with status after the grouped columns and url_hash in a binary collation.
ALTER TABLE webhook_deliveries
    MODIFY url_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    ADD COLUMN endpoint_id   BIGINT      NULL AFTER app_id,
    ADD COLUMN device_id     BIGINT      NULL AFTER endpoint_id,
    ADD COLUMN event_type    VARCHAR(16) NULL AFTER device_id,
    ADD COLUMN give_up_at    DATETIME(3) NULL AFTER next_attempt_at,
    ADD KEY ix_webhook_deliveries_order (url_hash, device_id, status, id),
    ADD KEY ix_webhook_deliveries_app (app_id, id),
    ADD KEY ix_webhook_deliveries_endpoint (endpoint_id, id);

UPDATE webhook_deliveries SET status = 'dead' WHERE status = 'failed';

-- Every attempt of every delivery: when, how it ended, how long it took, and when the next one is due.
CREATE TABLE webhook_attempts (
    id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    delivery_id      BIGINT       NOT NULL,
    attempted_at     DATETIME(3)  NOT NULL,
    status_code      INT          NULL,
    latency_ms       INT          NOT NULL,
    error            VARCHAR(500) NULL,
    response_body    VARCHAR(1024) NULL,
    next_attempt_at  DATETIME(3)  NULL,
    KEY ix_webhook_attempts_delivery (delivery_id, id),
    CONSTRAINT fk_webhook_attempts_delivery FOREIGN KEY (delivery_id) REFERENCES webhook_deliveries (id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
