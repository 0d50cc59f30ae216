-- +goose Up

-- The audit log becomes a hash chain: each entry's hash covers its own content and the hash of the
-- entry before it, so changing or removing an entry breaks every hash after it (`portal audit
-- verify`). The hash is computed here, in the database, so no writer can choose it.

-- audit_log_hash is the one definition of an entry's hash; internal/audit computes the same in Go
-- to verify the chain without trusting this function. Each field is written as N (null) or
-- S<bytes>:<value>, so no two entries write the same text; the time is in microseconds since 1970.
-- +goose StatementBegin
CREATE FUNCTION audit_log_hash(prev bytea, e audit_log) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    fields text := '';
    v text;
BEGIN
    FOREACH v IN ARRAY ARRAY[
        e.id::text,
        (extract(epoch FROM e.at) * 1000000)::bigint::text,
        e.actor_id::text,
        e.actor_email,
        e.partnership_id::text,
        e.action,
        e.outcome,
        e.object_type,
        e.object_id,
        e.ip,
        e.detail
    ] LOOP
        fields := fields || CASE WHEN v IS NULL THEN 'N' ELSE 'S' || octet_length(v) || ':' || v END;
    END LOOP;
    RETURN sha256(prev || convert_to(fields, 'UTF8'));
END;
$$;
-- +goose StatementEnd

ALTER TABLE audit_log ADD COLUMN hash bytea;

-- Existing entries are chained in the order of their ids, once.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete;
-- +goose StatementBegin
DO $$
DECLARE
    e audit_log;
    prev bytea := '';
BEGIN
    FOR e IN SELECT * FROM audit_log ORDER BY id LOOP
        prev := audit_log_hash(prev, e);
        UPDATE audit_log SET hash = prev WHERE id = e.id;
    END LOOP;
END;
$$;
-- +goose StatementEnd
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete;
ALTER TABLE audit_log ALTER COLUMN hash SET NOT NULL;

-- Ids are given under the chain's lock (below), so the order of ids is the order of the chain
-- even when several processes insert at once; an identity default would hand them out before it.
ALTER TABLE audit_log ALTER COLUMN id DROP IDENTITY;
CREATE SEQUENCE audit_log_id_seq OWNED BY audit_log.id;
SELECT setval('audit_log_id_seq', coalesce(max(id), 0) + 1, false) FROM audit_log;

-- audit_log_chain gives each new entry its id and hash. The transaction-scoped advisory lock
-- (held to commit) makes inserts from every process take turns, so each entry follows the one
-- committed before it; READ COMMITTED lets the entry see that one (under REPEATABLE READ it would
-- not, and the chain would fork: refused). docs/decisions.md has the measurements.
-- +goose StatementBegin
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    prev bytea;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'audit_log: entries are written under READ COMMITTED only (this transaction is %)',
            current_setting('transaction_isolation');
    END IF;
    PERFORM pg_advisory_xact_lock(4707460530311631947); -- the chain's lock: any fixed number
    NEW.id := nextval('audit_log_id_seq');
    SELECT hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
    NEW.hash := audit_log_hash(coalesce(prev, ''::bytea), NEW);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

-- Least privilege: the portal serves as a login role that is a member of portal_serving, which
-- may read and write the operational tables, only read and append to the audit log, read the
-- schema version, and own nothing. Tables later migrations create get the same grants by default
-- (for the role that runs the migrations: always migrate as the owner). The role is
-- created by the database's administrator (docs/operations.md), or here when the migrating role
-- may create roles (a superuser; the portal's own cluster creates it beforehand).
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal_serving') THEN
        BEGIN
            CREATE ROLE portal_serving NOLOGIN;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'the role portal_serving does not exist and % may not create it: '
                'create it first (docs/operations.md, "Database roles")', current_user;
        END;
    END IF;
END;
$$;
-- +goose StatementEnd
GRANT USAGE ON SCHEMA public TO portal_serving;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO portal_serving;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO portal_serving;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO portal_serving;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO portal_serving;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM portal_serving;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON goose_db_version FROM portal_serving;

-- +goose Down
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE ON SEQUENCES FROM portal_serving;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM portal_serving;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM portal_serving;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM portal_serving;
REVOKE USAGE ON SCHEMA public FROM portal_serving;
DROP TRIGGER audit_log_chain ON audit_log;
DROP FUNCTION audit_log_chain();
DROP SEQUENCE audit_log_id_seq;
ALTER TABLE audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('audit_log', 'id'), coalesce(max(id), 0) + 1, false) FROM audit_log;
ALTER TABLE audit_log DROP COLUMN hash;
DROP FUNCTION audit_log_hash(bytea, audit_log);
