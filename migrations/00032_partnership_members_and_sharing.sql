-- One person, several partnerships (issue #12). An account belongs to the partnership that made
-- it (app_user.partnership_id, its home); partnership_member makes it a member of others too, once
-- the person has agreed to the invitation e-mailed to them. Their organisation there is one of
-- that partnership's own organisations.
--
-- Sharing between partnerships: partnership_share is one partnership's agreement to share with
-- another (sharing is in force while both have agreed); shared_record names what a partnership
-- shares, by kind and id. A kind's records are its own tables': a new kind (a training course)
-- adds its name to shared_record_kind and its reading to internal/sharing (docs/decisions.md).

-- +goose Up
CREATE TABLE partnership_member (
    user_id         bigint NOT NULL REFERENCES app_user ON DELETE CASCADE,
    partnership_id  bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    organisation_id bigint,
    -- invited: waiting for the person's agreement by e-mail; active: a member.
    status          text NOT NULL CHECK (status IN ('invited', 'active')),
    -- The link's SHA-256 while the invitation waits; NULL once agreed.
    token_hash      bytea UNIQUE,
    expires_at      timestamptz,
    invited_by      bigint REFERENCES app_user ON DELETE SET NULL,
    invited_at      timestamptz NOT NULL DEFAULT now(),
    agreed_at       timestamptz,
    PRIMARY KEY (user_id, partnership_id),
    FOREIGN KEY (organisation_id, partnership_id) REFERENCES organisation (id, partnership_id),
    CHECK ((status = 'invited') = (token_hash IS NOT NULL))
);
CREATE INDEX partnership_member_partnership ON partnership_member (partnership_id, status);

CREATE TABLE partnership_share (
    partnership_id      bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    with_partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    agreed_by           bigint REFERENCES app_user ON DELETE SET NULL,
    agreed_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partnership_id, with_partnership_id),
    CHECK (partnership_id <> with_partnership_id)
);
CREATE INDEX partnership_share_with ON partnership_share (with_partnership_id, partnership_id);

CREATE TABLE shared_record (
    kind           text NOT NULL CONSTRAINT shared_record_kind CHECK (kind IN ('theme', 'learning_summary')),
    record_id      bigint NOT NULL,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    shared_by      bigint REFERENCES app_user ON DELETE SET NULL,
    shared_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, record_id)
);
CREATE INDEX shared_record_partnership ON shared_record (partnership_id, shared_at DESC, kind, record_id);

-- +goose Down
DROP TABLE shared_record;
DROP TABLE partnership_share;
DROP TABLE partnership_member;
