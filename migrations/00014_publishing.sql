-- Publishing: the documents a partnership publishes (its arrangements, threshold statement,
-- policies), their versions drafted section by section, and sign-off by the statutory partners,
-- a mechanism of its own that other records (the yearly report, rapid reviews) will use too.

-- +goose Up

-- Each statutory partner names a lead representative, who signs off for it (or a delegate they
-- name). A person of another partnership cannot be named: the key includes the partnership.
ALTER TABLE app_user ADD CONSTRAINT app_user_id_partnership UNIQUE (id, partnership_id);
ALTER TABLE organisation ADD COLUMN lead_representative_id bigint,
    ADD CONSTRAINT organisation_lead_representative FOREIGN KEY (lead_representative_id, partnership_id)
        REFERENCES app_user (id, partnership_id);
CREATE INDEX organisation_lead_representative_idx ON organisation (lead_representative_id) WHERE lead_representative_id IS NOT NULL;

-- A person a lead representative names to sign off in their stead, for a period.
CREATE TABLE signoff_delegate (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id  bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    organisation_id bigint NOT NULL,
    user_id         bigint NOT NULL,
    named_by        bigint REFERENCES app_user ON DELETE SET NULL,
    starts_on       date NOT NULL,
    -- The first day the delegation no longer holds; NULL while it goes on.
    ends_on         date,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR ends_on > starts_on),
    FOREIGN KEY (organisation_id, partnership_id) REFERENCES organisation (id, partnership_id) ON DELETE CASCADE,
    FOREIGN KEY (user_id, partnership_id) REFERENCES app_user (id, partnership_id) ON DELETE CASCADE
);
CREATE INDEX signoff_delegate_user ON signoff_delegate (user_id);
CREATE INDEX signoff_delegate_organisation ON signoff_delegate (organisation_id);

-- A record put to the statutory partners for sign-off: one round per submission. Reopening
-- voids the round (its sign-offs stay, as history); submitting again starts a new one. The
-- partners asked are frozen when it is submitted.
CREATE TABLE signoff_round (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    subject_kind   text NOT NULL CHECK (subject_kind ~ '^[a-z][a-z_]{0,39}$'),
    subject_id     bigint NOT NULL,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    organisations  bigint[] NOT NULL,
    proposed_by    bigint REFERENCES app_user ON DELETE SET NULL,
    -- Everyone who proposed the record (drafted it, submitted it): none of them may sign it.
    proposers      bigint[] NOT NULL DEFAULT '{}',
    proposed_at    timestamptz NOT NULL DEFAULT now(),
    status         text NOT NULL CHECK (status IN ('open', 'signed_off', 'void')),
    signed_off_at  timestamptz,
    voided_by      bigint REFERENCES app_user ON DELETE SET NULL,
    voided_at      timestamptz,
    void_reason    text NOT NULL DEFAULT '' CHECK (length(void_reason) <= 2000)
);
-- At most one live round per subject.
CREATE UNIQUE INDEX signoff_round_live ON signoff_round (subject_kind, subject_id) WHERE status <> 'void';
CREATE INDEX signoff_round_subject ON signoff_round (subject_kind, subject_id, proposed_at);
CREATE INDEX signoff_round_open ON signoff_round (partnership_id, proposed_at) WHERE status = 'open';

-- One statutory partner's sign-off in a round.
CREATE TABLE signoff (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id        bigint NOT NULL REFERENCES signoff_round ON DELETE CASCADE,
    organisation_id bigint NOT NULL REFERENCES organisation ON DELETE CASCADE,
    signed_by       bigint REFERENCES app_user ON DELETE SET NULL,
    signer_name     text NOT NULL,
    as_delegate     boolean NOT NULL,
    signed_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (round_id, organisation_id)
);

-- A document the partnership publishes.
CREATE TABLE document (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id      bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    kind                text NOT NULL CHECK (kind IN ('arrangements', 'threshold', 'escalation', 'policy')),
    slug                text NOT NULL CHECK (slug ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(slug) <= 60),
    title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    -- When reviews fall due: the first so many months after the first version takes effect, then
    -- every so many months after each version takes effect.
    first_review_months int NOT NULL DEFAULT 6 CHECK (first_review_months BETWEEN 1 AND 60),
    review_months       int NOT NULL DEFAULT 12 CHECK (review_months BETWEEN 1 AND 60),
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (partnership_id, slug),
    UNIQUE (id, partnership_id)
);
CREATE UNIQUE INDEX document_one_arrangements ON document (partnership_id) WHERE kind = 'arrangements';

-- A version of a document. What its record-drawn sections show is frozen into snapshot when it
-- is submitted for sign-off (the partners sign what will be published) and kept once published,
-- so a published version never changes.
CREATE TABLE document_version (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL,
    document_id    bigint NOT NULL,
    number         int NOT NULL CHECK (number > 0),
    drafted_by     bigint REFERENCES app_user ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    published_on   date,
    effective_on   date,
    published_by   bigint REFERENCES app_user ON DELETE SET NULL,
    snapshot       jsonb,
    version        int NOT NULL DEFAULT 1,
    CHECK ((published_on IS NULL) = (effective_on IS NULL) AND (published_on IS NULL OR snapshot IS NOT NULL)),
    FOREIGN KEY (document_id, partnership_id) REFERENCES document (id, partnership_id) ON DELETE CASCADE,
    UNIQUE (document_id, number)
);
-- One version in the making at a time.
CREATE UNIQUE INDEX document_version_draft ON document_version (document_id) WHERE published_on IS NULL;
CREATE INDEX document_version_partnership ON document_version (partnership_id, published_on);

-- A section of a version. A section with a source also shows what the records hold (the
-- partners, the relevant agencies, the structure), drawn live in a draft and frozen once published.
CREATE TABLE document_section (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id bigint NOT NULL REFERENCES document_version ON DELETE CASCADE,
    position   int NOT NULL,
    heading    text NOT NULL CHECK (length(heading) BETWEEN 1 AND 200),
    body       text NOT NULL DEFAULT '' CHECK (length(body) <= 100000),
    source     text NOT NULL DEFAULT '' CHECK (source IN ('', 'partners', 'agencies', 'structure')),
    version    int NOT NULL DEFAULT 1,
    UNIQUE (version_id, position)
);

-- +goose Down
DROP TABLE document_section;
DROP TABLE document_version;
DROP TABLE document;
DROP TABLE signoff;
DROP TABLE signoff_round;
DROP TABLE signoff_delegate;
ALTER TABLE organisation DROP CONSTRAINT organisation_lead_representative, DROP COLUMN lead_representative_id;
ALTER TABLE app_user DROP CONSTRAINT app_user_id_partnership;
