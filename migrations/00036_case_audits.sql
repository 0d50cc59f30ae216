-- +goose Up
-- Multi-agency case audits (issue #13): the Engine Room plans an audit on a theme, with the cases
-- sampled from the agencies taking part, the auditors and a tool of graded questions; each auditor
-- grades each case; a moderation meeting agrees the grades; the findings raise or feed themes and
-- the recommendations are learning's (a fifth source). Case references are need-to-know: a case
-- is "Case 1", "Case 2" everywhere but where its auditors and the Engine Room read its reference.
CREATE TABLE case_audit (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    scope          text NOT NULL DEFAULT '' CHECK (length(scope) <= 4000),
    moderation_on  date NOT NULL,
    status         text NOT NULL DEFAULT 'grading' CHECK (status IN ('grading', 'completed')),
    summary        text NOT NULL DEFAULT '' CHECK (length(summary) <= 10000),
    planned_by     bigint REFERENCES app_user ON DELETE SET NULL,
    completed_at   timestamptz,
    completed_by   bigint REFERENCES app_user ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    version        int NOT NULL DEFAULT 1,
    UNIQUE (id, partnership_id),
    CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX case_audit_list ON case_audit (partnership_id, moderation_on DESC, id DESC);
-- The exception report's period reads the audits completed in it.
CREATE INDEX case_audit_completed ON case_audit (partnership_id, completed_at) WHERE completed_at IS NOT NULL;

-- The audit tool: its questions, each graded outstanding, good, requires improvement or inadequate.
CREATE TABLE case_audit_question (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    audit_id bigint NOT NULL REFERENCES case_audit ON DELETE CASCADE,
    position int NOT NULL,
    text     text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    UNIQUE (audit_id, position)
);

-- The agencies taking part, whose cases are sampled and whose people audit.
CREATE TABLE case_audit_agency (
    audit_id        bigint NOT NULL REFERENCES case_audit ON DELETE CASCADE,
    organisation_id bigint NOT NULL REFERENCES organisation ON DELETE CASCADE,
    PRIMARY KEY (audit_id, organisation_id)
);
CREATE INDEX case_audit_agency_organisation ON case_audit_agency (organisation_id);

CREATE TABLE case_audit_auditor (
    audit_id    bigint NOT NULL REFERENCES case_audit ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES app_user ON DELETE CASCADE,
    assigned_by bigint REFERENCES app_user ON DELETE SET NULL,
    assigned_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (audit_id, user_id)
);
CREATE INDEX case_audit_auditor_user ON case_audit_auditor (user_id, audit_id);

-- A case sampled: "Case <number>" of the audit; reference is the agency's own case reference,
-- read only by the audit's auditors and the Engine Room, each read audited.
CREATE TABLE case_audit_case (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    audit_id        bigint NOT NULL REFERENCES case_audit ON DELETE CASCADE,
    number          int NOT NULL CHECK (number > 0),
    organisation_id bigint NOT NULL,
    reference       text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
    added_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (audit_id, number),
    FOREIGN KEY (audit_id, organisation_id) REFERENCES case_audit_agency (audit_id, organisation_id) ON DELETE CASCADE
);

-- An auditor's grade of a case against a question.
CREATE TABLE case_audit_grade (
    case_id     bigint NOT NULL REFERENCES case_audit_case ON DELETE CASCADE,
    question_id bigint NOT NULL REFERENCES case_audit_question ON DELETE CASCADE,
    auditor_id  bigint NOT NULL REFERENCES app_user ON DELETE CASCADE,
    grade       text NOT NULL CHECK (grade IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    graded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, question_id, auditor_id)
);
CREATE INDEX case_audit_grade_question ON case_audit_grade (question_id);
CREATE INDEX case_audit_grade_auditor ON case_audit_grade (auditor_id);

-- The grade the moderation meeting agreed, with its note.
CREATE TABLE case_audit_agreed (
    case_id     bigint NOT NULL REFERENCES case_audit_case ON DELETE CASCADE,
    question_id bigint NOT NULL REFERENCES case_audit_question ON DELETE CASCADE,
    grade       text NOT NULL CHECK (grade IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    agreed_by   bigint REFERENCES app_user ON DELETE SET NULL,
    agreed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, question_id)
);
CREATE INDEX case_audit_agreed_question ON case_audit_agreed (question_id);

-- A finding of a completed audit, and the theme it raised or fed (whose source is the audit).
CREATE TABLE case_audit_finding (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    audit_id       bigint NOT NULL,
    partnership_id bigint NOT NULL,
    theme_id       bigint NOT NULL,
    finding        text NOT NULL CHECK (length(finding) BETWEEN 1 AND 4000),
    raised         boolean NOT NULL, -- true: it raised the theme; false: it fed one already raised
    added_by       bigint REFERENCES app_user ON DELETE SET NULL,
    added_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (audit_id, partnership_id) REFERENCES case_audit (id, partnership_id) ON DELETE CASCADE,
    FOREIGN KEY (theme_id, partnership_id) REFERENCES theme (id, partnership_id) ON DELETE CASCADE
);
CREATE INDEX case_audit_finding_audit ON case_audit_finding (audit_id, id);
CREATE INDEX case_audit_finding_theme ON case_audit_finding (theme_id);

-- A case audit's recommendations are learning's, tracked with actions and evidence of impact.
ALTER TABLE recommendation ADD COLUMN case_audit_id bigint REFERENCES case_audit ON DELETE CASCADE;
ALTER TABLE recommendation DROP CONSTRAINT recommendation_one_source;
ALTER TABLE recommendation ADD CONSTRAINT recommendation_one_source
    CHECK (num_nonnulls(commission_id, cspr_id, scrutiny_report_id, assurance_round_id, case_audit_id) = 1);
CREATE INDEX recommendation_case_audit ON recommendation (case_audit_id) WHERE case_audit_id IS NOT NULL;

-- +goose Down
DELETE FROM recommendation WHERE case_audit_id IS NOT NULL;
ALTER TABLE recommendation DROP CONSTRAINT recommendation_one_source;
ALTER TABLE recommendation ADD CONSTRAINT recommendation_one_source
    CHECK (num_nonnulls(commission_id, cspr_id, scrutiny_report_id, assurance_round_id) = 1);
ALTER TABLE recommendation DROP COLUMN case_audit_id;
DROP TABLE case_audit_finding;
DROP TABLE case_audit_agreed;
DROP TABLE case_audit_grade;
DROP TABLE case_audit_case;
DROP TABLE case_audit_auditor;
DROP TABLE case_audit_agency;
DROP TABLE case_audit_question;
DROP TABLE case_audit;
