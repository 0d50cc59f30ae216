-- +goose Up
-- A meeting's minutes are saved against a version, so two people minuting at once do not
-- overwrite each other unseen.
ALTER TABLE meeting ADD COLUMN version int NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE meeting DROP COLUMN version;
