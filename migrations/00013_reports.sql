-- +goose Up

-- Reports the Engine Room drafts from live records: the quarterly exception report to the
-- Executive now, the yearly report later. A report is of one kind and one period; its sections
-- are fixed per kind in Go (internal/reports) and each has a row here from the start, so that a
-- section has a stable id (a challenge names it). While a draft its figures are drawn from the
-- records on every view; submission freezes them in figures.
CREATE TABLE report (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    kind           text NOT NULL CHECK (kind IN ('exception', 'yearly')),
    -- The period's key, such as 2026-Q3 (the third quarter of the financial year April 2026 to
    -- March 2027), and its first and last days.
    period         text NOT NULL CHECK (period ~ '^[0-9]{4}(-Q[1-4])?$'),
    period_start   date NOT NULL,
    period_end     date NOT NULL CHECK (period_end >= period_start),
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    -- The figures as they stood when the report was submitted; NULL while a draft.
    figures        jsonb,
    submitted_at   timestamptz,
    submitted_by   bigint REFERENCES app_user,
    created_by     bigint REFERENCES app_user,
    created_at     timestamptz NOT NULL DEFAULT now(),
    version        int NOT NULL DEFAULT 1,
    UNIQUE (partnership_id, kind, period),
    UNIQUE (id, partnership_id),
    CHECK ((status = 'submitted') = (figures IS NOT NULL)),
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
-- The reports list, newest period first, and the Executive's agenda of submitted reports.
CREATE INDEX report_partnership ON report (partnership_id, period_start DESC, id DESC);

-- The narrative of each section, written in Markdown.
CREATE TABLE report_section (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id  bigint NOT NULL REFERENCES report ON DELETE CASCADE,
    key        text NOT NULL CHECK (key ~ '^[a-z][a-z_]{0,39}$'),
    position   int NOT NULL,
    narrative  text NOT NULL DEFAULT '' CHECK (length(narrative) <= 20000),
    updated_at timestamptz,
    updated_by bigint REFERENCES app_user,
    version    int NOT NULL DEFAULT 1,
    UNIQUE (report_id, key)
);

-- A submitted version kept when the report was reopened: its figures and narratives as they
-- were submitted, and who reopened it and why.
CREATE TABLE report_version (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id     bigint NOT NULL REFERENCES report ON DELETE CASCADE,
    number        int NOT NULL CHECK (number >= 1),
    figures       jsonb NOT NULL,
    narratives    jsonb NOT NULL,
    submitted_at  timestamptz NOT NULL,
    submitted_by  bigint REFERENCES app_user,
    reopened_at   timestamptz NOT NULL DEFAULT now(),
    reopened_by   bigint REFERENCES app_user,
    reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    UNIQUE (report_id, number)
);

-- Behind the report's figures: requests triaged in a period, themes opened in one, evidence
-- of impact by its date, voice notes by their date, milestones not yet met.
CREATE INDEX triage_decided ON triage (decided_at);
CREATE INDEX theme_created ON theme (partnership_id, created_at);
CREATE INDEX theme_history_closed ON theme_history (at) WHERE status = 'closed';
CREATE INDEX impact_evidence_on ON impact_evidence (recommendation_id, evidence_on);
CREATE INDEX commission_note_voice ON commission_note (commission_id, created_at) WHERE kind = 'voice';
CREATE INDEX local_cspr_partnership ON local_cspr (partnership_id) WHERE published_on IS NULL;

-- +goose Down
DROP INDEX local_cspr_partnership;
DROP INDEX commission_note_voice;
DROP INDEX impact_evidence_on;
DROP INDEX theme_history_closed;
DROP INDEX theme_created;
DROP INDEX triage_decided;
DROP TABLE report_version;
DROP TABLE report_section;
DROP TABLE report;
