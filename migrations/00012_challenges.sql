-- The Executive's challenge log, and escalation and dispute resolution between agencies.
--
-- The challenge log: a question raised by an Executive member or independent scrutiny
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

-- Escalation and dispute resolution: a disagreement between agencies, recorded by a member of the
-- partnership, moving up stages (practitioners, managers, senior leads, lead representatives,
-- the independent chair), each with a working-day timescale, until its outcome is recorded.
-- Need-to-know: it may be about a child.
CREATE TABLE dispute (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id    bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    raised_by         bigint NOT NULL REFERENCES app_user,
    raised_at         timestamptz NOT NULL DEFAULT now(),
    -- The agencies that disagree: the recorder's own (when they have one) and the other.
    raising_org_id    bigint,
    other_org_id      bigint NOT NULL,
    summary           text NOT NULL CHECK (length(summary) BETWEEN 1 AND 200),
    detail            text NOT NULL DEFAULT '' CHECK (length(detail) <= 10000),
    -- The stages are listed in internal/disputes (Stages), with their timescales.
    stage             text NOT NULL CHECK (stage ~ '^[a-z_]{1,40}$'),
    stage_started_on  date NOT NULL,
    stage_due_on      date NOT NULL CHECK (stage_due_on >= stage_started_on),
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    outcome           text NOT NULL DEFAULT '' CHECK (length(outcome) <= 5000),
    resolved_by       bigint REFERENCES app_user,
    resolved_at       timestamptz,
    version           int NOT NULL DEFAULT 1,
    FOREIGN KEY (raising_org_id, partnership_id) REFERENCES organisation (id, partnership_id),
    FOREIGN KEY (other_org_id, partnership_id) REFERENCES organisation (id, partnership_id),
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE INDEX dispute_register ON dispute (partnership_id, status, id DESC);
CREATE INDEX dispute_raised_by ON dispute (raised_by, id DESC);
CREATE INDEX dispute_raising_org ON dispute (raising_org_id, id DESC);
CREATE INDEX dispute_other_org ON dispute (other_org_id, id DESC);

-- Each stage a dispute reached, and what happened there, in order.
CREATE TABLE dispute_step (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dispute_id  bigint NOT NULL REFERENCES dispute ON DELETE CASCADE,
    stage       text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES app_user,
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 5000)
);
CREATE INDEX dispute_step_dispute ON dispute_step (dispute_id, id);

-- +goose Down
DROP TABLE dispute_step;
DROP TABLE dispute;
DROP TABLE challenge;
