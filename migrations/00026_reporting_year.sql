-- +goose Up
-- A partnership's reporting year starts in the month it sets (April unless it sets another), and
-- its published yearly report is due at the national Panel and the What Works centre within the
-- working days it sets (7 unless it sets another).
ALTER TABLE partnership
    ADD COLUMN year_starts smallint NOT NULL DEFAULT 4 CHECK (year_starts BETWEEN 1 AND 12),
    ADD COLUMN send_within smallint NOT NULL DEFAULT 7 CHECK (send_within BETWEEN 1 AND 30);

-- +goose Down
ALTER TABLE partnership DROP COLUMN year_starts, DROP COLUMN send_within;
