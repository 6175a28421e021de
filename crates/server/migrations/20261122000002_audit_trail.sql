-- The audit trails: one hash chain per tenant (audit_entries) and one for platform staff
-- actions (platform_audit_entries). The chain hashes are computed by brokerdesk-core
-- (audit::canonical); these tables store them and refuse to change once written.
-- Runs as brokerdesk_owner.

-- Raised by the triggers below. The API role already lacks UPDATE, DELETE and TRUNCATE
-- on these tables; the triggers stop the owner and superusers too, so rewriting history
-- takes a deliberate `ALTER TABLE ... DISABLE TRIGGER`, and the hash chain shows the rest.
CREATE FUNCTION audit_trail_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END
$$;

-- A tenant's trail. seq is gap-free per tenant (1, 2, 3...) and the chain order; it is
-- assigned by the server under the tenant's clock-row lock, not by a sequence, because a
-- sequence leaves gaps on rollback and the verifier treats a gap as a deletion.
CREATE TABLE audit_entries (
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    seq             bigint NOT NULL CHECK (seq >= 1),
    -- Exactly the instant that was hashed (microseconds, as sealed): no default.
    occurred_at     timestamptz NOT NULL,
    actor_kind      text NOT NULL CHECK (actor_kind IN ('user', 'staff', 'api_key', 'system')),
    actor_id        text,
    actor_display   text NOT NULL CHECK (length(actor_display) <= 500),
    action          text NOT NULL
                    CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' AND length(action) <= 100),
    target          text,
    ip              text,
    user_agent      text,
    reason          text,
    support_ticket  text,
    details         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
    prev_hash       text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash            text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_entries_tenant_occurred_at ON audit_entries (tenant_id, occurred_at);
CREATE INDEX audit_entries_tenant_action ON audit_entries (tenant_id, action);
ALTER TABLE audit_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_entries
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT ON audit_entries TO brokerdesk_app;
CREATE TRIGGER audit_entries_append_only
    BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only();
CREATE TRIGGER audit_entries_no_truncate
    BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_append_only();

-- The platform trail: staff changing a tenant's plan or status, opening support
-- sessions and the like. One global chain, so no tenant_id column (and so no tenant
-- policy): only a transaction marked app.platform = on sees or writes it.
-- subject_tenant_id, the tenant an action was about, is generated from the hashed
-- details rather than written on its own, so it is indexable yet cannot disagree with
-- what the chain covers.
CREATE TABLE platform_audit_entries (
    seq                 bigint PRIMARY KEY CHECK (seq >= 1),
    occurred_at         timestamptz NOT NULL,
    actor_kind          text NOT NULL CHECK (actor_kind IN ('user', 'staff', 'api_key', 'system')),
    actor_id            text,
    actor_display       text NOT NULL CHECK (length(actor_display) <= 500),
    action              text NOT NULL
                        CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' AND length(action) <= 100),
    target              text,
    ip                  text,
    user_agent          text,
    reason              text,
    support_ticket      text,
    details             jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
    subject_tenant_id   uuid GENERATED ALWAYS AS ((details ->> 'subject_tenant_id')::uuid) STORED,
    prev_hash           text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash                text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX platform_audit_entries_occurred_at ON platform_audit_entries (occurred_at);
CREATE INDEX platform_audit_entries_action ON platform_audit_entries (action);
CREATE INDEX platform_audit_entries_subject ON platform_audit_entries (subject_tenant_id, seq)
    WHERE subject_tenant_id IS NOT NULL;
ALTER TABLE platform_audit_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_audit_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON platform_audit_entries
    USING ((SELECT current_setting('app.platform', true)) = 'on')
    WITH CHECK ((SELECT current_setting('app.platform', true)) = 'on');
GRANT SELECT, INSERT ON platform_audit_entries TO brokerdesk_app;
CREATE TRIGGER platform_audit_entries_append_only
    BEFORE UPDATE OR DELETE ON platform_audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only();
CREATE TRIGGER platform_audit_entries_no_truncate
    BEFORE TRUNCATE ON platform_audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_append_only();
