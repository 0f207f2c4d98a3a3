-- Corridors need no column: they are stored in geofences.geometry as {"type":"Corridor",...}.

-- Jitter control and the cross event, chosen per fence; NULL (or FALSE) means off, the V1 behaviour.
ALTER TABLE geofences
    ADD COLUMN hysteresis_m       DOUBLE      NULL,
    ADD COLUMN min_dwell_fixes    INT         NULL,
    ADD COLUMN min_dwell_seconds  INT         NULL,
    ADD COLUMN max_accuracy_m     DOUBLE      NULL,
    ADD COLUMN cross_events       BOOLEAN     NOT NULL DEFAULT FALSE,
    ADD COLUMN updated_at         DATETIME(3) NULL,
    -- Counts the edits of a fence, so that an evaluator reloads only the fences that changed.
    ADD COLUMN revision           BIGINT      NOT NULL DEFAULT 0;

-- TRUE when the fix was less accurate than the max_accuracy_m of one of its app's fences, so that it
-- moved no fence state there; it is stored and listed all the same.
ALTER TABLE fixes
    ADD COLUMN accuracy_gated BOOLEAN NOT NULL DEFAULT FALSE;
