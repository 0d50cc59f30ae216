-- +goose Up
-- The partnership's challenge of a rating in a submitted self-assessment return, and the
-- organisation's response by its lead, as at a challenge event (issue #13).
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

-- +goose Down
DROP TABLE assurance_challenge;
