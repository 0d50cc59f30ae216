-- +goose Up

-- How each person wants each kind of notice: at once (the default, when there is no row), in a
-- daily digest, or not at all. Kinds that carry a statutory deadline ignore "none".
CREATE TABLE notice_preference (
    user_id  bigint NOT NULL REFERENCES app_user ON DELETE CASCADE,
    kind     text NOT NULL CHECK (length(kind) <= 40),
    delivery text NOT NULL CHECK (delivery IN ('now', 'digest', 'none')),
    PRIMARY KEY (user_id, kind)
);

-- Notices waiting for a person's daily digest: a subject and a link, never a record's content.
CREATE TABLE notice_pending (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES app_user ON DELETE CASCADE,
    kind       text NOT NULL,
    subject    text NOT NULL CHECK (length(subject) <= 300),
    link       text NOT NULL CHECK (length(link) <= 500),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notice_pending_user ON notice_pending (user_id, id);

-- The digests sent: one per person and day, however many processes run the digest job.
CREATE TABLE notice_digest (
    user_id bigint NOT NULL REFERENCES app_user ON DELETE CASCADE,
    day     date NOT NULL,
    items   int NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, day)
);

-- Reminders sent, one per event (e.g. "action 12 due 2026-12-04") and kind, so no number of
-- processes sends one twice.
CREATE TABLE notice_sent (
    event   text NOT NULL CHECK (length(event) <= 200),
    kind    text NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event, kind)
);

-- Open actions by due date, for the due-soon and overdue reminders.
CREATE INDEX action_open_due ON action (due_on) WHERE status = 'open';

-- The retention schedule: per partnership and record type, the period approved by the Executive
-- (NULL: the default in the code) and a period the business unit proposes, awaiting approval.
CREATE TABLE retention_rule (
    partnership_id  bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    record_type     text NOT NULL CHECK (length(record_type) <= 40),
    months          int CHECK (months BETWEEN 1 AND 1200),
    approved_by     bigint REFERENCES app_user,
    approved_at     timestamptz,
    proposed_months int CHECK (proposed_months BETWEEN 1 AND 1200),
    proposed_by     bigint REFERENCES app_user,
    proposed_at     timestamptz,
    version         int NOT NULL DEFAULT 1,
    PRIMARY KEY (partnership_id, record_type)
);

-- Legal holds: while one is in place on a request or a rapid review, the retention job leaves it
-- (and, for a review, the request it started from) alone.
CREATE TABLE legal_hold (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    record_type    text NOT NULL CHECK (record_type IN ('request', 'rapid_review')),
    record_id      bigint NOT NULL,
    placed_by      bigint NOT NULL REFERENCES app_user,
    placed_at      timestamptz NOT NULL DEFAULT now(),
    released_by    bigint REFERENCES app_user,
    released_at    timestamptz
);
CREATE UNIQUE INDEX legal_hold_open ON legal_hold (record_type, record_id) WHERE released_at IS NULL;
CREATE INDEX legal_hold_partnership ON legal_hold (partnership_id, placed_at DESC);

-- What retention anonymised, so it is not done again; drafts are deleted outright.
ALTER TABLE intake_request ADD COLUMN anonymised_at timestamptz;
ALTER TABLE rapid_review ADD COLUMN anonymised_at timestamptz;
CREATE INDEX intake_request_retention ON intake_request (partnership_id, kind, status, updated_at) WHERE anonymised_at IS NULL;
CREATE INDEX rapid_review_retention ON rapid_review (partnership_id, sent_to_panel_on) WHERE anonymised_at IS NULL;

-- +goose Down
DROP INDEX rapid_review_retention;
DROP INDEX intake_request_retention;
ALTER TABLE rapid_review DROP COLUMN anonymised_at;
ALTER TABLE intake_request DROP COLUMN anonymised_at;
DROP TABLE legal_hold;
DROP TABLE retention_rule;
DROP INDEX action_open_due;
DROP TABLE notice_sent;
DROP TABLE notice_digest;
DROP TABLE notice_pending;
DROP TABLE notice_preference;
