-- Database roles. Run by `brokerdesk-server migrate` as the administrative user before
-- the migrations, because roles belong to the cluster, not to one database.
-- Idempotent, and safe when several databases in one cluster migrate at once.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'brokerdesk_owner') THEN
        -- Owns the schema; nobody logs in as it.
        CREATE ROLE brokerdesk_owner NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'brokerdesk_app') THEN
        -- The API's login role: row-level security always applies to it.
        CREATE ROLE brokerdesk_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- A role that pre-existed with looser attributes is tightened, never trusted.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname IN ('brokerdesk_app', 'brokerdesk_owner')
               AND (rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb)) THEN
        ALTER ROLE brokerdesk_app NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        ALTER ROLE brokerdesk_owner NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
    -- The migrating user switches to the owner role, so it must be a member.
    IF NOT pg_has_role(current_user, 'brokerdesk_owner', 'MEMBER') THEN
        GRANT brokerdesk_owner TO current_user;
    END IF;
END $$;

GRANT USAGE, CREATE ON SCHEMA public TO brokerdesk_owner;
GRANT USAGE ON SCHEMA public TO brokerdesk_app;
