-- +goose Up

-- What practitioners see and the partnership decides: the children's front door for referrals,
-- and the partnership's own list of priorities.
ALTER TABLE partnership
    ADD COLUMN front_door text NOT NULL DEFAULT '' CHECK (length(front_door) <= 500),
    ADD COLUMN public_facts text[] NOT NULL DEFAULT '{}';

CREATE TABLE partnership_priority (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    position       int NOT NULL DEFAULT 0,
    UNIQUE (partnership_id, title)
);

-- Organisations: the statutory safeguarding partners and the relevant agencies.
CREATE TABLE organisation (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    category       text NOT NULL CHECK (category IN
                   ('local_authority', 'health', 'police', 'education', 'voluntary', 'justice', 'other')),
    -- Which of the three statutory partners this is, if it is one.
    statutory_role text NOT NULL DEFAULT '' CHECK (statutory_role IN ('', 'local_authority', 'health', 'police')),
    -- Work e-mail domains: self-registration from these needs no approval.
    email_domains  text[] NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    version        int NOT NULL DEFAULT 1,
    UNIQUE (partnership_id, name),
    UNIQUE (id, partnership_id)
);
CREATE INDEX organisation_email_domains ON organisation USING gin (email_domains);

-- Bodies: the Executive, the Engine Room, the business unit, scrutiny, the critical friends pool
-- and whatever groups the partnership adds.
CREATE TABLE body (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind           text NOT NULL CHECK (kind IN
                   ('executive', 'engine_room', 'business_unit', 'scrutiny', 'critical_friends', 'other')),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    created_at     timestamptz NOT NULL DEFAULT now(),
    version        int NOT NULL DEFAULT 1,
    UNIQUE (partnership_id, name),
    UNIQUE (id, partnership_id)
);

-- People who can sign in. Each belongs to one partnership, except system administrators.
CREATE TABLE app_user (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id    bigint REFERENCES partnership ON DELETE CASCADE,
    email             text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    job_title         text NOT NULL DEFAULT '' CHECK (length(job_title) <= 200),
    phone             text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    organisation_id   bigint,
    -- argon2id in PHC string format; empty until the person sets a password.
    password_hash     text NOT NULL DEFAULT '',
    -- invited: waiting for the person to accept; unverified: registered, e-mail not yet confirmed;
    -- pending: confirmed, waiting for the business unit (e-mail domain not one of the partnership's).
    status            text NOT NULL CHECK (status IN ('invited', 'unverified', 'pending', 'active', 'disabled')),
    is_system_admin   boolean NOT NULL DEFAULT false,
    -- Demo accounts exist only when `portal seed demo` made them.
    is_demo           boolean NOT NULL DEFAULT false,
    email_verified_at timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    version           int NOT NULL DEFAULT 1,
    CHECK (is_system_admin OR partnership_id IS NOT NULL),
    FOREIGN KEY (organisation_id, partnership_id) REFERENCES organisation (id, partnership_id)
);
CREATE INDEX app_user_partnership ON app_user (partnership_id, lower(name));

-- A person's seat on a body, for a period.
CREATE TABLE membership (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id  bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    user_id         bigint NOT NULL REFERENCES app_user ON DELETE CASCADE,
    body_id         bigint NOT NULL,
    role            text NOT NULL CHECK (role IN
                    ('chair', 'vice_chair', 'member', 'co_opted', 'delegate', 'adviser', 'officer')),
    organisation_id bigint,
    starts_on       date NOT NULL DEFAULT current_date,
    -- The first day the membership no longer holds (exclusive); NULL while it goes on.
    ends_on         date,
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         int NOT NULL DEFAULT 1,
    CHECK (ends_on IS NULL OR ends_on >= starts_on),
    FOREIGN KEY (body_id, partnership_id) REFERENCES body (id, partnership_id) ON DELETE CASCADE,
    FOREIGN KEY (organisation_id, partnership_id) REFERENCES organisation (id, partnership_id)
);
CREATE INDEX membership_user ON membership (user_id);
CREATE INDEX membership_body ON membership (body_id);

-- The rota of statutory partners chairing a body (the Engine Room), period by period.
CREATE TABLE chair_rota (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id  bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    body_id         bigint NOT NULL,
    organisation_id bigint NOT NULL,
    starts_on       date NOT NULL,
    ends_on         date NOT NULL,
    CHECK (ends_on >= starts_on),
    FOREIGN KEY (body_id, partnership_id) REFERENCES body (id, partnership_id) ON DELETE CASCADE,
    FOREIGN KEY (organisation_id, partnership_id) REFERENCES organisation (id, partnership_id)
);
CREATE INDEX chair_rota_body ON chair_rota (body_id, starts_on);

-- Server-side sessions behind gorilla/sessions. The cookie holds a random id; only its SHA-256
-- is stored, so a copy of this table opens no session.
CREATE TABLE web_session (
    id_hash      bytea PRIMARY KEY,
    -- Names the session on the person's "your sessions" page; the secret id never leaves the cookie.
    public_id    bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    user_id      bigint REFERENCES app_user ON DELETE CASCADE,
    data         jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ip           text NOT NULL DEFAULT '',
    user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX web_session_user ON web_session (user_id);
CREATE INDEX web_session_last_seen ON web_session (last_seen_at);

-- Failed sign-ins, counted per account and per address over a sliding window.
CREATE TABLE sign_in_failure (
    id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at    timestamptz NOT NULL DEFAULT now(),
    email text NOT NULL,
    ip    text NOT NULL
);
CREATE INDEX sign_in_failure_email ON sign_in_failure (email, at);
CREATE INDEX sign_in_failure_ip ON sign_in_failure (ip, at);

-- One-time links: e-mail verification, password reset, invitation. Only the SHA-256 is stored.
CREATE TABLE email_token (
    token_hash bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES app_user ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('verify', 'reset', 'invite')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX email_token_user ON email_token (user_id, purpose);

-- E-mail waiting to be sent, written in the same transaction as the change it reports.
CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at      timestamptz NOT NULL DEFAULT now(),
    to_address      text NOT NULL,
    subject         text NOT NULL,
    body            text NOT NULL,
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    last_error      text NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- The audit log: who did what to which record, when and from where. Append-only.
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_id       bigint,          -- no foreign key: the log outlives what it mentions
    actor_email    text NOT NULL DEFAULT '',
    partnership_id bigint,
    action         text NOT NULL,
    outcome        text NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
    object_type    text NOT NULL DEFAULT '',
    object_id      text NOT NULL DEFAULT '',
    ip             text NOT NULL DEFAULT '',
    detail         text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_partnership_at ON audit_log (partnership_id, at DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

-- +goose StatementBegin
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_is_append_only();
DROP TABLE outbox;
DROP TABLE email_token;
DROP TABLE sign_in_failure;
DROP TABLE web_session;
DROP TABLE chair_rota;
DROP TABLE membership;
DROP TABLE app_user;
DROP TABLE body;
DROP TABLE organisation;
DROP TABLE partnership_priority;
ALTER TABLE partnership DROP COLUMN public_facts, DROP COLUMN front_door;
