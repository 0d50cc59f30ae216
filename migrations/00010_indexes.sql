-- Indexes behind queries that grow with a partnership's history: a meeting's decisions, the
-- agenda's commissions and recommendations, a local CSPR's recommendations, the challenge
-- sessions of recommendations and the training needs list.

-- +goose Up
CREATE INDEX triage_meeting ON triage (meeting_id) WHERE meeting_id IS NOT NULL;
CREATE INDEX commission_partnership ON commission (partnership_id, due_on);
CREATE INDEX recommendation_partnership ON recommendation (partnership_id);
CREATE INDEX recommendation_cspr ON recommendation (cspr_id) WHERE cspr_id IS NOT NULL;
CREATE INDEX challenge_note_recommendation ON challenge_note (recommendation_id, held_on);
CREATE INDEX training_need_partnership ON training_need (partnership_id);

-- +goose Down
DROP INDEX training_need_partnership;
DROP INDEX challenge_note_recommendation;
DROP INDEX recommendation_cspr;
DROP INDEX recommendation_partnership;
DROP INDEX commission_partnership;
DROP INDEX triage_meeting;
