-- Housekeeping forgets an invitation to join another partnership once its link has lapsed
-- (identity.PruneFailures): the invitations still waiting, by when they lapse.

-- +goose Up
CREATE INDEX partnership_member_lapse ON partnership_member (expires_at) WHERE status = 'invited';

-- +goose Down
DROP INDEX partnership_member_lapse;
