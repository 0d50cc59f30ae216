-- +goose Up
-- Self-assessment audits (issue #13): a framework (Section 11, Section 175...) of standards,
-- versioned year by year; a round of one year's version opened for the partnership's
-- organisations of some categories, with a deadline; one return per organisation, completed by
-- its nominated lead, rating each standard red, amber or green with evidence and actions.
CREATE TABLE assurance_framework (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (partnership_id, name),
    UNIQUE (id, partnership_id)
);
CREATE INDEX assurance_framework_list ON assurance_framework (partnership_id, lower(name), id);

-- One year's questions. A version a round was opened on no longer changes (checked in the domain).
CREATE TABLE assurance_version (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    framework_id bigint NOT NULL REFERENCES assurance_framework ON DELETE CASCADE,
    year         int NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (framework_id, year)
);

-- A standard of a version. lineage is the standard it was first copied from (NULL: it is the
-- first of its line), so that rounds of different years compare standard by standard.
CREATE TABLE assurance_standard (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id bigint NOT NULL REFERENCES assurance_version ON DELETE CASCADE,
    lineage    bigint REFERENCES assurance_standard ON DELETE SET NULL,
    position   int NOT NULL,
    title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    questions  text NOT NULL DEFAULT '' CHECK (length(questions) <= 4000),
    evidence   text NOT NULL DEFAULT '' CHECK (length(evidence) <= 4000),
    version    int NOT NULL DEFAULT 1
);
CREATE INDEX assurance_standard_version ON assurance_standard (version_id, position, id);
CREATE INDEX assurance_standard_lineage ON assurance_standard (lineage) WHERE lineage IS NOT NULL;

CREATE TABLE assurance_round (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    version_id     bigint NOT NULL REFERENCES assurance_version ON DELETE RESTRICT,
    categories     text[] NOT NULL CHECK (cardinality(categories) > 0),
    opened_on      date NOT NULL,
    due_on         date NOT NULL CHECK (due_on >= opened_on),
    opened_by      bigint REFERENCES app_user ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assurance_round_list ON assurance_round (partnership_id, due_on DESC, id DESC);
CREATE INDEX assurance_round_version ON assurance_round (version_id, due_on DESC);

CREATE TABLE assurance_return (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id        bigint NOT NULL REFERENCES assurance_round ON DELETE CASCADE,
    partnership_id  bigint NOT NULL,
    organisation_id bigint NOT NULL,
    lead_id         bigint REFERENCES app_user ON DELETE SET NULL,
    status          text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'submitted')),
    submitted_at    timestamptz,
    submitted_by    bigint REFERENCES app_user ON DELETE SET NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         int NOT NULL DEFAULT 1,
    UNIQUE (round_id, organisation_id),
    FOREIGN KEY (organisation_id, partnership_id) REFERENCES organisation (id, partnership_id) ON DELETE CASCADE,
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
CREATE INDEX assurance_return_round ON assurance_return (round_id, status);
CREATE INDEX assurance_return_lead ON assurance_return (lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX assurance_return_organisation ON assurance_return (organisation_id);

CREATE TABLE assurance_rating (
    return_id   bigint NOT NULL REFERENCES assurance_return ON DELETE CASCADE,
    standard_id bigint NOT NULL REFERENCES assurance_standard ON DELETE CASCADE,
    rating      text NOT NULL DEFAULT '' CHECK (rating IN ('', 'red', 'amber', 'green')),
    evidence    text NOT NULL DEFAULT '' CHECK (length(evidence) <= 10000),
    actions     text NOT NULL DEFAULT '' CHECK (length(actions) <= 10000),
    PRIMARY KEY (return_id, standard_id)
);
CREATE INDEX assurance_rating_standard ON assurance_rating (standard_id);

-- +goose Down
DROP TABLE assurance_rating;
DROP TABLE assurance_return;
DROP TABLE assurance_round;
DROP TABLE assurance_standard;
DROP TABLE assurance_version;
DROP TABLE assurance_framework;
