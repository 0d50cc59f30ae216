-- +goose Up

-- The learning loop: themes raised by requests and other sources, triage of KLOE requests,
-- active learning commissioned with critical friends, findings, recommendations, actions, impact.

CREATE TABLE theme (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    status         text NOT NULL DEFAULT 'emerging' CHECK (status IN
                   ('emerging', 'under_enquiry', 'learning_commissioned', 'learning_shared', 'impact_testing', 'closed')),
    rating         text NOT NULL DEFAULT '' CHECK (rating IN ('', 'red', 'amber', 'green')),
    rating_reason  text NOT NULL DEFAULT '' CHECK (length(rating_reason) <= 2000),
    owner_id       bigint REFERENCES app_user,
    priorities     text[] NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        int NOT NULL DEFAULT 1,
    search         tsvector GENERATED ALWAYS AS
                   (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'B')) STORED,
    UNIQUE (id, partnership_id)
);
CREATE INDEX theme_search ON theme USING gin (search);
CREATE INDEX theme_partnership ON theme (partnership_id, status);

-- What raised a theme: a KLOE request, performance data, a review, an audit, training evaluation,
-- an Executive proposal or anything else, with its reference or link.
CREATE TABLE theme_source (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    theme_id   bigint NOT NULL REFERENCES theme ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('kloe', 'performance_data', 'local_review', 'national_review', 'audit',
               'training_evaluation', 'executive_proposal', 'other')),
    request_id bigint REFERENCES intake_request,
    reference  text NOT NULL DEFAULT '' CHECK (length(reference) <= 500),
    note       text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    added_by   bigint REFERENCES app_user,
    added_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX theme_source_theme ON theme_source (theme_id);

-- Every change of a theme's status or rating, with who made it and why.
CREATE TABLE theme_history (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    theme_id  bigint NOT NULL REFERENCES theme ON DELETE CASCADE,
    at        timestamptz NOT NULL DEFAULT now(),
    actor_id  bigint REFERENCES app_user,
    status    text NOT NULL,
    rating    text NOT NULL,
    reason    text NOT NULL DEFAULT ''
);
CREATE INDEX theme_history_theme ON theme_history (theme_id, at);

-- The Engine Room's decision on a KLOE request.
CREATE TABLE triage (
    request_id   bigint PRIMARY KEY REFERENCES intake_request ON DELETE CASCADE,
    decision     text NOT NULL CHECK (decision IN ('link_theme', 'new_theme', 'route_elsewhere', 'close')),
    theme_id     bigint REFERENCES theme,
    routed_to    text NOT NULL DEFAULT '' CHECK (length(routed_to) <= 500),
    outcome      text NOT NULL CHECK (length(outcome) BETWEEN 1 AND 10000),
    decided_by   bigint NOT NULL REFERENCES app_user,
    decided_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((decision IN ('link_theme', 'new_theme')) = (theme_id IS NOT NULL))
);

-- Active learning commissioned on a theme.
CREATE TABLE commission (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    theme_id       bigint NOT NULL,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    key_lines      text NOT NULL CHECK (length(key_lines) BETWEEN 1 AND 5000),
    methods        text[] NOT NULL DEFAULT '{}',
    participants   text NOT NULL DEFAULT '' CHECK (length(participants) <= 5000),
    starts_on      date NOT NULL,
    due_on         date NOT NULL CHECK (due_on >= starts_on),
    status         text NOT NULL DEFAULT 'commissioned' CHECK (status IN ('commissioned', 'findings_written', 'signed_off')),
    findings       text NOT NULL DEFAULT '' CHECK (length(findings) <= 100000),
    signed_off_at  timestamptz,
    signed_off_by  bigint REFERENCES app_user,
    created_at     timestamptz NOT NULL DEFAULT now(),
    version        int NOT NULL DEFAULT 1,
    FOREIGN KEY (theme_id, partnership_id) REFERENCES theme (id, partnership_id),
    UNIQUE (id, partnership_id)
);
CREATE INDEX commission_theme ON commission (theme_id);

CREATE TABLE commission_organisation (
    commission_id   bigint NOT NULL REFERENCES commission ON DELETE CASCADE,
    organisation_id bigint NOT NULL REFERENCES organisation,
    PRIMARY KEY (commission_id, organisation_id)
);

-- The critical friends working on a commission.
CREATE TABLE commission_friend (
    commission_id bigint NOT NULL REFERENCES commission ON DELETE CASCADE,
    user_id       bigint NOT NULL REFERENCES app_user,
    PRIMARY KEY (commission_id, user_id)
);
CREATE INDEX commission_friend_user ON commission_friend (user_id);

-- Notes of the work, and the voice of children and families heard in it.
CREATE TABLE commission_note (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commission_id bigint NOT NULL REFERENCES commission ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('note', 'voice')),
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    author_id     bigint NOT NULL REFERENCES app_user,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commission_note_commission ON commission_note (commission_id, created_at);

-- Recommendations of learning (and, later, of reviews): one mechanism for all of them.
CREATE TABLE recommendation (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id     bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    commission_id      bigint REFERENCES commission ON DELETE CASCADE,
    title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    owner_org_id       bigint NOT NULL,
    due_on             date NOT NULL,
    status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'implemented', 'not_implemented')),
    impact_due_on      date,
    created_at         timestamptz NOT NULL DEFAULT now(),
    version            int NOT NULL DEFAULT 1,
    FOREIGN KEY (owner_org_id, partnership_id) REFERENCES organisation (id, partnership_id),
    UNIQUE (id, partnership_id)
);
CREATE INDEX recommendation_commission ON recommendation (commission_id);

CREATE TABLE action (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recommendation_id bigint NOT NULL REFERENCES recommendation ON DELETE CASCADE,
    organisation_id   bigint NOT NULL REFERENCES organisation,
    description       text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    due_on            date NOT NULL,
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_recommendation ON action (recommendation_id);

CREATE TABLE action_update (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id bigint NOT NULL REFERENCES action ON DELETE CASCADE,
    at        timestamptz NOT NULL DEFAULT now(),
    author_id bigint NOT NULL REFERENCES app_user,
    progress  text NOT NULL CHECK (length(progress) BETWEEN 1 AND 5000),
    done      boolean NOT NULL DEFAULT false
);
CREATE INDEX action_update_action ON action_update (action_id, at);

CREATE TABLE training_need (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id    bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    recommendation_id bigint REFERENCES recommendation ON DELETE CASCADE,
    description       text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'planned', 'met')),
    created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE impact_evidence (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recommendation_id bigint NOT NULL REFERENCES recommendation ON DELETE CASCADE,
    kind              text NOT NULL CHECK (kind IN ('re_audit', 'practitioner_feedback', 'training_evaluation',
                      'family_feedback', 'performance_data')),
    summary           text NOT NULL CHECK (length(summary) BETWEEN 1 AND 5000),
    evidence_on       date NOT NULL,
    rating            text NOT NULL CHECK (rating IN ('red', 'amber', 'green')),
    added_by          bigint NOT NULL REFERENCES app_user,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX impact_evidence_recommendation ON impact_evidence (recommendation_id);

-- +goose Down
DROP TABLE impact_evidence;
DROP TABLE training_need;
DROP TABLE action_update;
DROP TABLE action;
DROP TABLE recommendation;
DROP TABLE commission_note;
DROP TABLE commission_friend;
DROP TABLE commission_organisation;
DROP TABLE commission;
DROP TABLE triage;
DROP TABLE theme_history;
DROP TABLE theme_source;
DROP TABLE theme;
