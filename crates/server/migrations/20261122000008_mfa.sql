-- Optional TOTP multi-factor authentication. Seeds are sealed (AES-256-GCM envelope
-- encryption under the configured master key). The last accepted time step is kept so
-- a code, once used, is never accepted again.
ALTER TABLE users
    ADD COLUMN mfa_secret_sealed  bytea,
    ADD COLUMN mfa_pending_sealed bytea,   -- enrolled but not yet confirmed with a code
    ADD COLUMN mfa_last_step      bigint;

CREATE TABLE mfa_recovery_codes (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    code_hash  text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
    user_id    uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    used_at    timestamptz,
    PRIMARY KEY (tenant_id, code_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX mfa_recovery_codes_tenant_user ON mfa_recovery_codes (tenant_id, user_id);
ALTER TABLE mfa_recovery_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE mfa_recovery_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON mfa_recovery_codes
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON mfa_recovery_codes TO brokerdesk_app;
