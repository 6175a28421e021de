-- Audit entries sync too, so they carry the version of the transaction that wrote
-- them. Entries written before this migration keep 0 and arrive with a first pull.
-- Adding a column with a constant default rewrites nothing, so the append-only
-- triggers are not involved.
ALTER TABLE audit_entries ADD COLUMN version bigint NOT NULL DEFAULT 0;
CREATE INDEX audit_entries_tenant_version ON audit_entries (tenant_id, version, seq);

-- Live wake-ups: every commit that moved a tenant's clock notifies the channel
-- `tenant_clock` with "<tenant id>:<version>". NOTIFY is delivered at commit, to every
-- API instance listening, so a write through one instance wakes waiters on all.
CREATE FUNCTION tenant_clock_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tenant_clock', NEW.tenant_id::text || ':' || NEW.version::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER tenant_clock_notify
    AFTER UPDATE OF version ON tenant_clock
    FOR EACH ROW EXECUTE FUNCTION tenant_clock_notify();

-- Indexes the pull reads every synced table by.
CREATE INDEX IF NOT EXISTS invitations_tenant_version_id ON invitations (tenant_id, version, id);
CREATE INDEX IF NOT EXISTS api_keys_tenant_version_id ON api_keys (tenant_id, version, id);
CREATE INDEX IF NOT EXISTS users_tenant_version_id ON users (tenant_id, version, id);
