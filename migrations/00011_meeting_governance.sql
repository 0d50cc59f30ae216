-- +goose Up
-- Meetings of any body as the Executive holds them: who chaired (the independent chair, or the
-- statutory partner whose turn it is on the body's rota), who sent apologies, how many working days
-- before the meeting its papers reach the members, which agenda items are confidential, and the
-- decisions taken, each with the person who owns what follows and when it is due.
ALTER TABLE meeting
    ADD COLUMN independent_chair boolean NOT NULL DEFAULT false,
    ADD COLUMN chair_organisation_id bigint,
    ADD COLUMN papers_days int NOT NULL DEFAULT 5 CHECK (papers_days BETWEEN 0 AND 30),
    ADD CONSTRAINT meeting_chair_organisation_fkey FOREIGN KEY (chair_organisation_id, partnership_id)
        REFERENCES organisation (id, partnership_id),
    ADD CONSTRAINT meeting_one_chair CHECK (NOT (independent_chair AND chair_organisation_id IS NOT NULL));

CREATE TABLE meeting_apology (
    meeting_id bigint NOT NULL REFERENCES meeting ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES app_user,
    PRIMARY KEY (meeting_id, user_id)
);

ALTER TABLE meeting_item ADD COLUMN confidential boolean NOT NULL DEFAULT false;

-- A decision settles an agenda item of its meeting; the action that follows has an owner and a due
-- date, and is done (with a note) or still open. body_id is kept for the body's decisions log.
CREATE TABLE meeting_decision (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL,
    body_id        bigint NOT NULL,
    meeting_id     bigint NOT NULL REFERENCES meeting ON DELETE CASCADE,
    item_id        bigint NOT NULL REFERENCES meeting_item ON DELETE CASCADE,
    text           text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    owner_id       bigint NOT NULL REFERENCES app_user,
    due_on         date NOT NULL,
    done_on        date,
    done_note      text NOT NULL DEFAULT '' CHECK (length(done_note) <= 2000),
    done_by        bigint REFERENCES app_user,
    version        int NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (body_id, partnership_id) REFERENCES body (id, partnership_id) ON DELETE CASCADE
);
-- The log: a body's decisions by status and due date; a meeting's decisions; an owner's.
CREATE INDEX meeting_decision_body ON meeting_decision (body_id, (done_on IS NULL), due_on, id);
CREATE INDEX meeting_decision_meeting ON meeting_decision (meeting_id, id);
CREATE INDEX meeting_decision_owner ON meeting_decision (owner_id, due_on);

-- Whether each statutory partner of the meeting's partnership was represented: by an attendee of
-- that organisation, or sitting on the body for it on the day. A meeting is quorate when every one
-- was. One definition, read by the list of meetings and by a meeting's page.
CREATE VIEW meeting_representation AS
SELECT m.id AS meeting_id, o.id AS organisation_id, o.name, o.statutory_role,
       EXISTS (SELECT 1 FROM meeting_attendee a JOIN app_user u ON u.id = a.user_id
               WHERE a.meeting_id = m.id AND (u.organisation_id = o.id OR EXISTS (
                   SELECT 1 FROM membership ms WHERE ms.user_id = u.id AND ms.body_id = m.body_id AND ms.organisation_id = o.id
                   AND ms.starts_on <= m.held_on AND (ms.ends_on IS NULL OR ms.ends_on > m.held_on)))) AS represented
FROM meeting m JOIN organisation o ON o.partnership_id = m.partnership_id AND o.statutory_role <> '';

-- +goose Down
DROP VIEW meeting_representation;
DROP TABLE meeting_decision;
ALTER TABLE meeting_item DROP COLUMN confidential;
DROP TABLE meeting_apology;
ALTER TABLE meeting DROP CONSTRAINT meeting_one_chair, DROP CONSTRAINT meeting_chair_organisation_fkey,
    DROP COLUMN papers_days, DROP COLUMN chair_organisation_id, DROP COLUMN independent_chair;
