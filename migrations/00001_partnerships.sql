-- +goose Up
-- A partnership is the statutory safeguarding arrangement for an area. One installation hosts
-- several; everything else belongs to exactly one of them.
CREATE TABLE partnership (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug          text NOT NULL UNIQUE
                  CHECK (slug ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(slug) <= 40),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    short_name    text NOT NULL CHECK (length(short_name) BETWEEN 1 AND 20),
    area          text NOT NULL DEFAULT '' CHECK (length(area) <= 2000),
    contact_email text NOT NULL DEFAULT '' CHECK (length(contact_email) <= 254),
    -- The brand colour of the partnership's pages, as #rrggbb.
    colour        text NOT NULL DEFAULT '#1d70b8' CHECK (colour ~ '^#[0-9a-f]{6}$'),
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE partnership;
