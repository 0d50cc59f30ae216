-- The Executive's challenge log: a question raised by an Executive member or independent scrutiny
-- on a record of the partnership (a report section, a theme, a commission, a partner), addressed
-- to a partner organisation or to the Engine Room, answered by it, and closed as answered or
-- escalated by the one who raised it. The record challenged is named by kind and id only: its
-- words stay where they are.

-- +goose Up
CREATE TABLE challenge (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id   bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    -- The kinds are listed in internal/challenges (SubjectKinds), so that another area adds one
    -- without a migration.
    subject_kind     text NOT NULL CHECK (subject_kind ~ '^[a-z_]{1,40}$'),
    subject_id       bigint NOT NULL,
    -- NULL: addressed to the Engine Room.
    organisation_id  bigint,
    summary          text NOT NULL CHECK (length(summary) BETWEEN 1 AND 200),
    detail           text NOT NULL DEFAULT '' CHECK (length(detail) <= 10000),
    raised_by        bigint NOT NULL REFERENCES app_user,
    raised_at        timestamptz NOT NULL DEFAULT now(),
    due_on           date NOT NULL,
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'responded', 'answered', 'escalated')),
    response         text NOT NULL DEFAULT '' CHECK (length(response) <= 10000),
    responded_by     bigint REFERENCES app_user,
    responded_at     timestamptz,
    closing_note     text NOT NULL DEFAULT '' CHECK (length(closing_note) <= 2000),
    closed_by        bigint REFERENCES app_user,
    closed_at        timestamptz,
    version          int NOT NULL DEFAULT 1,
    FOREIGN KEY (organisation_id, partnership_id) REFERENCES organisation (id, partnership_id),
    CHECK (status = 'escalated' OR (status = 'open') = (responded_at IS NULL)),
    CHECK ((status IN ('answered', 'escalated')) = (closed_at IS NOT NULL))
);
-- The log, newest first, by status, by addressee, and the open challenges by due date.
CREATE INDEX challenge_log ON challenge (partnership_id, id DESC);
CREATE INDEX challenge_status ON challenge (partnership_id, status, id DESC);
CREATE INDEX challenge_addressee ON challenge (partnership_id, organisation_id, id DESC);
CREATE INDEX challenge_due ON challenge (partnership_id, due_on) WHERE status = 'open';
CREATE INDEX challenge_subject ON challenge (partnership_id, subject_kind, subject_id);

-- +goose Down
DROP TABLE challenge;
