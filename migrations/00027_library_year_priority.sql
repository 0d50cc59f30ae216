-- The public library searched by year and by priority (issue #17). A published local CSPR is
-- tagged by the Engine Room with the partnership's priorities it bears on; the tag keeps the
-- priority's words (as themes do), so a partnership renaming or removing a priority later does not
-- change what a review was tagged with. The arrangements and a yearly report cover every priority
-- of their partnership (partnership_priority). Priorities match whatever their case.

-- +goose Up
CREATE TABLE cspr_priority (
    cspr_id bigint NOT NULL REFERENCES local_cspr ON DELETE CASCADE,
    title   text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    PRIMARY KEY (cspr_id, title)
);
-- The library's priority filter: the reviews tagged with a priority, and the partnerships that
-- hold one (also the filter's list of distinct titles across the installation).
CREATE INDEX cspr_priority_title ON cspr_priority (lower(title), cspr_id);
CREATE INDEX partnership_priority_title ON partnership_priority (lower(title), partnership_id);

-- +goose Down
DROP INDEX partnership_priority_title;
DROP TABLE cspr_priority;
