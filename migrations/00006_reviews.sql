-- +goose Up

-- Days that are not working days besides England and Wales's bank holidays, added by the system
-- administrator (a new one-off bank holiday, say).
CREATE TABLE extra_holiday (
    day      date PRIMARY KEY,
    name     text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    added_by bigint REFERENCES app_user,
    added_at timestamptz NOT NULL DEFAULT now()
);

-- Rapid reviews of serious incidents, against the statutory 15 working days.
CREATE TABLE rapid_review (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id      bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    request_id          bigint UNIQUE REFERENCES intake_request,
    reference           text NOT NULL UNIQUE,
    title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 200), -- no child's name: e.g. "Child A (2026)"
    aware_on            date NOT NULL,
    notified_on         date,                -- the local authority's notification to the national Panel
    clock_start         text NOT NULL CHECK (clock_start IN ('notification', 'awareness')),
    due_on              date NOT NULL,
    due_rule            text NOT NULL,       -- "15 working days from the notification on 3 March 2026"
    progress_meeting_on date,
    panel_meeting_on    date,
    draft               text NOT NULL DEFAULT '' CHECK (length(draft) <= 100000),
    drafted_on          date,
    sent_to_panel_on    date,
    facts               text NOT NULL DEFAULT '' CHECK (length(facts) <= 20000),
    agency_involvement  text NOT NULL DEFAULT '' CHECK (length(agency_involvement) <= 20000),
    practice_episodes   text NOT NULL DEFAULT '' CHECK (length(practice_episodes) <= 20000),
    safety_action       text NOT NULL DEFAULT '' CHECK (length(safety_action) <= 20000),
    improvements        text NOT NULL DEFAULT '' CHECK (length(improvements) <= 20000),
    equality            text NOT NULL DEFAULT '' CHECK (length(equality) <= 20000),
    decision            text NOT NULL DEFAULT '' CHECK (decision IN ('', 'local_cspr', 'national_review', 'no_review')),
    decision_reasons    text NOT NULL DEFAULT '' CHECK (length(decision_reasons) <= 20000),
    panel_response      text NOT NULL DEFAULT '' CHECK (length(panel_response) <= 20000),
    created_by          bigint REFERENCES app_user,
    created_at          timestamptz NOT NULL DEFAULT now(),
    version             int NOT NULL DEFAULT 1,
    UNIQUE (id, partnership_id)
);
CREATE INDEX rapid_review_partnership ON rapid_review (partnership_id, due_on);

-- The information each involved agency is asked for, by its own date, and its summary.
CREATE TABLE review_agency (
    review_id       bigint NOT NULL REFERENCES rapid_review ON DELETE CASCADE,
    organisation_id bigint NOT NULL REFERENCES organisation,
    requested_on    date NOT NULL,
    due_on          date NOT NULL,
    summary         text NOT NULL DEFAULT '' CHECK (length(summary) <= 20000),
    received_on     date,
    PRIMARY KEY (review_id, organisation_id)
);

-- Sign-off of the rapid review by each statutory partner.
CREATE TABLE review_signoff (
    review_id      bigint NOT NULL REFERENCES rapid_review ON DELETE CASCADE,
    statutory_role text NOT NULL CHECK (statutory_role IN ('local_authority', 'health', 'police')),
    signed_by      bigint NOT NULL REFERENCES app_user,
    signed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (review_id, statutory_role)
);

-- Reminders sent, one per review and event, so the daily job never sends one twice.
CREATE TABLE review_reminder (
    review_id bigint NOT NULL REFERENCES rapid_review ON DELETE CASCADE,
    event     text NOT NULL,
    sent_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (review_id, event)
);

-- Local Child Safeguarding Practice Reviews, opened from a rapid review's decision.
CREATE TABLE local_cspr (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id       bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    review_id            bigint NOT NULL UNIQUE REFERENCES rapid_review,
    reference            text NOT NULL UNIQUE,
    reviewer             text NOT NULL DEFAULT '' CHECK (length(reviewer) <= 200),
    reviewer_approved_by bigint REFERENCES app_user,
    reviewer_approved_at timestamptz,
    terms_of_reference   text NOT NULL DEFAULT '' CHECK (length(terms_of_reference) <= 20000),
    agencies_involvement text NOT NULL DEFAULT '' CHECK (length(agencies_involvement) <= 20000),
    publish_target_on    date NOT NULL,
    report               text NOT NULL DEFAULT '' CHECK (length(report) <= 200000),
    sent_to_panel_on     date,
    published_on         date,
    redacted_report      text NOT NULL DEFAULT '' CHECK (length(redacted_report) <= 200000),
    learning_summary     text NOT NULL DEFAULT '' CHECK (length(learning_summary) <= 20000),
    created_at           timestamptz NOT NULL DEFAULT now(),
    version              int NOT NULL DEFAULT 1,
    UNIQUE (id, partnership_id)
);

CREATE TABLE cspr_milestone (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cspr_id   bigint NOT NULL REFERENCES local_cspr ON DELETE CASCADE,
    title     text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    target_on date NOT NULL,
    done_on   date
);
CREATE INDEX cspr_milestone_cspr ON cspr_milestone (cspr_id, target_on);

-- One recommendation mechanism for learning and reviews: a recommendation comes from a
-- commission or from a local CSPR.
ALTER TABLE recommendation ADD COLUMN cspr_id bigint REFERENCES local_cspr ON DELETE CASCADE;
ALTER TABLE recommendation ADD CONSTRAINT recommendation_one_source CHECK ((commission_id IS NULL) <> (cspr_id IS NULL));

-- What each agency said it changed, at the challenge session on a review's recommendations.
CREATE TABLE challenge_note (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recommendation_id bigint NOT NULL REFERENCES recommendation ON DELETE CASCADE,
    organisation_id   bigint NOT NULL REFERENCES organisation,
    held_on           date NOT NULL,
    what_changed      text NOT NULL CHECK (length(what_changed) BETWEEN 1 AND 10000),
    added_by          bigint NOT NULL REFERENCES app_user,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE challenge_note;
ALTER TABLE recommendation DROP CONSTRAINT recommendation_one_source;
ALTER TABLE recommendation DROP COLUMN cspr_id;
DROP TABLE cspr_milestone;
DROP TABLE local_cspr;
DROP TABLE review_reminder;
DROP TABLE review_signoff;
DROP TABLE review_agency;
DROP TABLE rapid_review;
DROP TABLE extra_holiday;
