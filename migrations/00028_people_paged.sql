-- +goose Up
-- The business unit's list of people, paged in the database (issue #15): those waiting for
-- approval first, then by name, in the index's own order, so a page reads its rows and no more.
CREATE INDEX app_user_people ON app_user (partnership_id, (status <> 'pending'), lower(name), id);

-- +goose Down
DROP INDEX app_user_people;
