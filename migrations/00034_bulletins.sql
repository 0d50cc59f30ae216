-- +goose Up
-- The monthly e-bulletin: the business unit composes it from what the partnership published in
-- the month plus its own words, and sends it once, through the outbox, to confirmed subscribers.
CREATE TABLE bulletin (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    month          date NOT NULL CHECK (extract(day FROM month) = 1), -- the month it covers: its first day
    intro          text NOT NULL DEFAULT '' CHECK (length(intro) <= 20000), -- Markdown
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent')),
    items          jsonb, -- what it carried, frozen when sent
    recipients     int NOT NULL DEFAULT 0,
    created_by     bigint REFERENCES app_user ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    sent_by        bigint REFERENCES app_user ON DELETE SET NULL,
    sent_at        timestamptz,
    version        int NOT NULL DEFAULT 1,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL) AND (status = 'sent') = (items IS NOT NULL))
);
CREATE INDEX bulletin_list ON bulletin (partnership_id, month DESC, id DESC);
CREATE INDEX bulletin_sent ON bulletin (partnership_id, sent_at DESC, id DESC) WHERE status = 'sent';

-- Anyone may subscribe with an e-mail address; the subscription counts once the address is
-- confirmed through the link sent to it (double opt-in). Unsubscribing deletes the row.
CREATE TABLE bulletin_subscriber (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id     bigint NOT NULL REFERENCES partnership ON DELETE CASCADE,
    email              text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    confirm_hash       bytea UNIQUE,  -- sha256 of the confirmation link's secret; NULL once confirmed
    confirm_expires_at timestamptz,
    confirmed_at       timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (partnership_id, email),
    CHECK ((confirmed_at IS NULL) = (confirm_hash IS NOT NULL))
);
CREATE INDEX bulletin_subscriber_confirmed ON bulletin_subscriber (partnership_id, id) WHERE confirmed_at IS NOT NULL;

-- One row per bulletin and subscriber it was sent to: the key makes a second send impossible, and
-- token_hash (sha256 of the secret in that e-mail's unsubscribe link) lets the link work without
-- signing in, while the database holds no working link.
CREATE TABLE bulletin_delivery (
    bulletin_id   bigint NOT NULL REFERENCES bulletin ON DELETE CASCADE,
    subscriber_id bigint NOT NULL REFERENCES bulletin_subscriber ON DELETE CASCADE,
    token_hash    bytea NOT NULL UNIQUE,
    PRIMARY KEY (bulletin_id, subscriber_id)
);
CREATE INDEX bulletin_delivery_subscriber ON bulletin_delivery (subscriber_id);

-- Requests to subscribe, counted per address (and per client address) over a window, so that the
-- public form cannot be used to flood someone's inbox. Kept a day.
CREATE TABLE bulletin_subscribe_request (
    at    timestamptz NOT NULL DEFAULT now(),
    email text NOT NULL,
    ip    text NOT NULL DEFAULT ''
);
CREATE INDEX bulletin_subscribe_request_email ON bulletin_subscribe_request (email, at);
CREATE INDEX bulletin_subscribe_request_ip ON bulletin_subscribe_request (ip, at);
CREATE INDEX bulletin_subscribe_request_at ON bulletin_subscribe_request (at);

-- +goose Down
DROP TABLE bulletin_subscribe_request;
DROP TABLE bulletin_delivery;
DROP TABLE bulletin_subscriber;
DROP TABLE bulletin;
