-- The Engine Room's findings (issue #14).
--
-- A training need is closed by the Engine Room or the business unit, whatever stage it reached
-- (issue #14): met by a course, met another way, or no longer needed, with a short note of why,
-- who closed it and when. A closed need is not moved on again; the list shows open and closed
-- needs apart.
--
-- An item of other business added to a meeting's agenda by hand may carry a short note under its
-- title (what is wanted of the meeting, a paper to follow).

-- +goose Up
ALTER TABLE meeting_item ADD COLUMN note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000);
ALTER TABLE training_need
    ADD COLUMN closed_reason text NOT NULL DEFAULT ''
        CHECK (closed_reason IN ('', 'met_by_course', 'met_otherwise', 'no_longer_needed')),
    ADD COLUMN closed_note text NOT NULL DEFAULT '' CHECK (length(closed_note) <= 500),
    ADD COLUMN closed_at timestamptz,
    ADD COLUMN closed_by bigint REFERENCES app_user ON DELETE SET NULL,
    ADD CONSTRAINT training_need_closed CHECK ((closed_reason = '') = (closed_at IS NULL));
CREATE INDEX training_need_closed_list ON training_need (partnership_id, (closed_at IS NOT NULL), created_at DESC, id DESC);

-- +goose Down
DROP INDEX training_need_closed_list;
ALTER TABLE training_need DROP CONSTRAINT training_need_closed, DROP COLUMN closed_by, DROP COLUMN closed_at,
    DROP COLUMN closed_note, DROP COLUMN closed_reason;
ALTER TABLE meeting_item DROP COLUMN note;
