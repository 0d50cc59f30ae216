-- +goose Up
-- The partnership's challenge of a rating in a submitted self-assessment return, and the
-- organisation's response by its lead, as at a challenge event (issue #13); and the actions agreed
-- on a round's results, tracked as learning's.
CREATE TABLE assurance_challenge (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    return_id    bigint NOT NULL REFERENCES assurance_return ON DELETE CASCADE,
    standard_id  bigint NOT NULL REFERENCES assurance_standard ON DELETE CASCADE,
    challenge    text NOT NULL CHECK (length(challenge) BETWEEN 1 AND 4000),
    raised_by    bigint REFERENCES app_user ON DELETE SET NULL,
    raised_at    timestamptz NOT NULL DEFAULT now(),
    response     text NOT NULL DEFAULT '' CHECK (length(response) <= 4000),
    responded_by bigint REFERENCES app_user ON DELETE SET NULL,
    responded_at timestamptz,
    CHECK ((responded_at IS NULL) = (response = ''))
);
CREATE INDEX assurance_challenge_return ON assurance_challenge (return_id, id);
CREATE INDEX assurance_challenge_standard ON assurance_challenge (standard_id);

-- Actions the partnership agrees on a round's results are learning's recommendations (a fourth
-- source), owned by an organisation, with actions tracked like any other.
ALTER TABLE recommendation ADD COLUMN assurance_round_id bigint REFERENCES assurance_round ON DELETE CASCADE;
ALTER TABLE recommendation DROP CONSTRAINT recommendation_one_source;
ALTER TABLE recommendation ADD CONSTRAINT recommendation_one_source
    CHECK (num_nonnulls(commission_id, cspr_id, scrutiny_report_id, assurance_round_id) = 1);
CREATE INDEX recommendation_assurance_round ON recommendation (assurance_round_id) WHERE assurance_round_id IS NOT NULL;

-- A round names as lead of each return its organisation's only person when it has no lead
-- representative (a school imported with its designated safeguarding lead).
CREATE INDEX app_user_organisation ON app_user (organisation_id) WHERE organisation_id IS NOT NULL;

-- Housekeeping's chase reads late rounds across the installation by deadline.
CREATE INDEX assurance_round_due ON assurance_round (due_on);

-- +goose Down
DROP INDEX assurance_round_due;
DROP INDEX app_user_organisation;
DELETE FROM recommendation WHERE assurance_round_id IS NOT NULL;
ALTER TABLE recommendation DROP CONSTRAINT recommendation_one_source;
ALTER TABLE recommendation ADD CONSTRAINT recommendation_one_source
    CHECK (num_nonnulls(commission_id, cspr_id, scrutiny_report_id) = 1);
ALTER TABLE recommendation DROP COLUMN assurance_round_id;
DROP TABLE assurance_challenge;
