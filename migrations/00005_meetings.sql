-- +goose Up

-- Engine Room meetings: who came, the agenda built from what awaited a decision, the minute of
-- each item, and the decisions taken there.
CREATE TABLE meeting (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    held_on        date NOT NULL,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, partnership_id)
);
CREATE INDEX meeting_partnership ON meeting (partnership_id, held_on DESC);

CREATE TABLE meeting_attendee (
    meeting_id bigint NOT NULL REFERENCES meeting ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES app_user,
    PRIMARY KEY (meeting_id, user_id)
);

CREATE TABLE meeting_item (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id bigint NOT NULL REFERENCES meeting ON DELETE CASCADE,
    position   int NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('request', 'commission', 'action', 'evidence')),
    ref_id     bigint NOT NULL,
    title      text NOT NULL,
    minute     text NOT NULL DEFAULT '' CHECK (length(minute) <= 10000)
);
CREATE INDEX meeting_item_meeting ON meeting_item (meeting_id, position);

ALTER TABLE triage ADD COLUMN meeting_id bigint REFERENCES meeting;

-- A commission's milestones, with their target dates and when each was met.
CREATE TABLE commission_milestone (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commission_id bigint NOT NULL REFERENCES commission ON DELETE CASCADE,
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    due_on        date NOT NULL,
    done_on       date
);
CREATE INDEX commission_milestone_commission ON commission_milestone (commission_id, due_on);

-- +goose Down
DROP TABLE commission_milestone;
ALTER TABLE triage DROP COLUMN meeting_id;
DROP TABLE meeting_item;
DROP TABLE meeting_attendee;
DROP TABLE meeting;
