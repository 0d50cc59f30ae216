-- +goose Up
-- A directory file the business unit uploaded whose every row is right, staged between its
-- preview and the confirmation that creates what it holds. Its content (names and work e-mail
-- addresses) is emptied once imported and a staged file no one confirms is deleted after a day
-- (onboarding.PruneImports), so the table keeps no personal data longer than the import takes.
CREATE TABLE directory_import (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    uploaded_by    bigint REFERENCES app_user ON DELETE SET NULL,
    uploaded_at    timestamptz NOT NULL DEFAULT now(),
    file_name      text NOT NULL DEFAULT '' CHECK (length(file_name) <= 255),
    content        text NOT NULL CHECK (length(content) <= 524288),
    organisations  int NOT NULL DEFAULT 0,
    people         int NOT NULL DEFAULT 0,
    imported_at    timestamptz
);
CREATE INDEX directory_import_partnership ON directory_import (partnership_id, id);
CREATE INDEX directory_import_staged ON directory_import (uploaded_at) WHERE imported_at IS NULL;

-- +goose Down
DROP TABLE directory_import;
