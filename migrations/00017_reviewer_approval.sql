-- +goose Up
-- The Executive's approval of a local CSPR's reviewer, as a recorded decision: who proposed the
-- reviewer (who may then not approve), what was approved (the reviewer named in the proposal), and
-- the Executive meeting decision it was recorded against, when it was made at a meeting.
ALTER TABLE local_cspr
    ADD COLUMN reviewer_proposed_by bigint REFERENCES app_user,
    ADD COLUMN reviewer_approved    text NOT NULL DEFAULT '' CHECK (length(reviewer_approved) <= 200),
    ADD COLUMN reviewer_decision_id bigint REFERENCES meeting_decision ON DELETE SET NULL;

-- +goose Down
ALTER TABLE local_cspr DROP COLUMN reviewer_decision_id, DROP COLUMN reviewer_approved, DROP COLUMN reviewer_proposed_by;
