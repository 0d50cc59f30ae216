-- +goose Up
-- A meeting is held by one of the partnership's bodies (the Engine Room, the Executive), not by
-- the partnership as a whole. Every meeting held before this was the Engine Room's; a partnership
-- that has meetings but no Engine Room body is given one, so that none is lost.
ALTER TABLE meeting ADD COLUMN body_id bigint;
INSERT INTO body (partnership_id, name, kind)
SELECT DISTINCT m.partnership_id, 'Engine Room', 'engine_room' FROM meeting m
WHERE NOT EXISTS (SELECT 1 FROM body b WHERE b.partnership_id = m.partnership_id AND b.kind = 'engine_room')
ON CONFLICT (partnership_id, name) DO NOTHING;
UPDATE meeting m SET body_id = (SELECT b.id FROM body b WHERE b.partnership_id = m.partnership_id
    ORDER BY b.kind = 'engine_room' DESC, b.name = 'Engine Room' DESC, b.id LIMIT 1);
-- The body is of the meeting's own partnership: partnership_id stays, for the checks that a
-- meeting named in a triage decision is the partnership's.
ALTER TABLE meeting ALTER COLUMN body_id SET NOT NULL,
    ADD CONSTRAINT meeting_body_fkey FOREIGN KEY (body_id, partnership_id) REFERENCES body (id, partnership_id);
CREATE INDEX meeting_body ON meeting (body_id, held_on DESC, id DESC);

-- The kinds of agenda item are those of the domains that supply them, and the meetings' own
-- "free" item that a person adds by hand, so the schema no longer lists them.
ALTER TABLE meeting_item DROP CONSTRAINT meeting_item_kind_check,
    ADD CONSTRAINT meeting_item_kind_check CHECK (kind ~ '^[a-z_]{1,40}$');

-- +goose Down
DELETE FROM meeting_item WHERE kind NOT IN ('request', 'commission', 'action', 'evidence');
ALTER TABLE meeting_item DROP CONSTRAINT meeting_item_kind_check,
    ADD CONSTRAINT meeting_item_kind_check CHECK (kind IN ('request', 'commission', 'action', 'evidence'));
DROP INDEX meeting_body;
ALTER TABLE meeting DROP COLUMN body_id;
