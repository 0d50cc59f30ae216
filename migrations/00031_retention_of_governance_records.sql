-- The retention schedule covers the governance records that hold what people wrote about
-- agencies and, at times, families: disagreements between agencies once resolved, and challenges
-- once closed. Retention anonymises them (what they say goes; the parties, stages and dates stay)
-- and records when, so it is not done again.

-- +goose Up
ALTER TABLE dispute ADD COLUMN anonymised_at timestamptz;
ALTER TABLE challenge ADD COLUMN anonymised_at timestamptz;
CREATE INDEX dispute_retention ON dispute (partnership_id, resolved_at) WHERE status = 'resolved' AND anonymised_at IS NULL;
CREATE INDEX challenge_retention ON challenge (partnership_id, closed_at) WHERE closed_at IS NOT NULL AND anonymised_at IS NULL;

-- +goose Down
DROP INDEX challenge_retention;
DROP INDEX dispute_retention;
ALTER TABLE challenge DROP COLUMN anonymised_at;
ALTER TABLE dispute DROP COLUMN anonymised_at;
