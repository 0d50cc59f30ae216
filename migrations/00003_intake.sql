-- +goose Up

-- Requests practitioners send the partnership: Key Line of Enquiry (KLOE) requests and Child
-- Safeguarding Practice Review (CSPR) consideration requests. The answers are kept as the form's
-- fields (a draft may hold half-typed answers); CSPR answers are special category data.
CREATE TABLE intake_request (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id      bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    kind                text NOT NULL CHECK (kind IN ('kloe', 'cspr')),
    -- e.g. HSSCP-KLOE-2026-0007, given at submission from reference_counter: no gaps.
    reference           text UNIQUE,
    status              text NOT NULL DEFAULT 'draft'
                        CHECK (status IN ('draft', 'received', 'considering', 'closed', 'withdrawn')),
    requester_id        bigint NOT NULL REFERENCES app_user,
    -- Who the requester was when they submitted: name, job, organisation and contact at the time.
    requester_name      text NOT NULL,
    requester_job_title text NOT NULL DEFAULT '',
    requester_email     text NOT NULL,
    requester_phone     text NOT NULL DEFAULT '',
    organisation_id     bigint,
    -- A KLOE request's title, shown in lists. A CSPR request has none: nothing about a child may
    -- appear in a list, a title or an e-mail.
    title               text NOT NULL DEFAULT '' CHECK (length(title) <= 200),
    answers             jsonb NOT NULL DEFAULT '{}',
    -- A random key the blank form carries, so a second POST of it finds the same draft.
    form_key            text NOT NULL,
    outcome             text NOT NULL DEFAULT '' CHECK (length(outcome) <= 10000),
    withdrawn_reason    text NOT NULL DEFAULT '' CHECK (length(withdrawn_reason) <= 2000),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    submitted_at        timestamptz,
    version             int NOT NULL DEFAULT 1,
    UNIQUE (requester_id, form_key),
    UNIQUE (id, partnership_id),
    FOREIGN KEY (organisation_id, partnership_id) REFERENCES organisation (id, partnership_id),
    CHECK ((status = 'draft') = (reference IS NULL)),
    CHECK ((status = 'draft') = (submitted_at IS NULL))
);
CREATE INDEX intake_request_inbox ON intake_request (partnership_id, submitted_at DESC) WHERE status <> 'draft';
CREATE INDEX intake_request_requester ON intake_request (requester_id, created_at DESC);

-- The last reference number given, per partnership, kind and year. Taken with UPDATE in the
-- transaction that submits, so a failed submission gives its number back: no gaps.
CREATE TABLE reference_counter (
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    kind           text NOT NULL,
    year           int NOT NULL,
    last           int NOT NULL,
    PRIMARY KEY (partnership_id, kind, year)
);

-- What happened to a request, in order: received, being considered, outcome, withdrawn.
CREATE TABLE intake_event (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id bigint NOT NULL REFERENCES intake_request ON DELETE CASCADE,
    at         timestamptz NOT NULL DEFAULT now(),
    actor_id   bigint REFERENCES app_user,
    status     text NOT NULL,
    note       text NOT NULL DEFAULT ''
);
CREATE INDEX intake_event_request ON intake_event (request_id, at);

-- Supporting documents, checked by content and stored in the database.
CREATE TABLE intake_attachment (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id   bigint NOT NULL REFERENCES intake_request ON DELETE CASCADE,
    filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type text NOT NULL,
    size         int NOT NULL CHECK (size > 0),
    sha256       bytea NOT NULL,
    data         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX intake_attachment_request ON intake_attachment (request_id);

-- +goose Down
DROP TABLE intake_attachment;
DROP TABLE intake_event;
DROP TABLE reference_counter;
DROP TABLE intake_request;
