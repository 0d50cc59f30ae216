-- +goose Up
-- The business unit edits its partnership's public details: saves are checked against a version.
ALTER TABLE partnership ADD COLUMN version int NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE partnership DROP COLUMN version;
