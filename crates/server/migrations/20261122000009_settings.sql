-- Tenant settings (validated by the application, kept as one JSON document so new
-- settings need no migration) and the tenant's own third-party provider keys, sealed
-- with envelope encryption. Only the last four characters are kept in clear.
CREATE TABLE tenant_settings (
    tenant_id   uuid PRIMARY KEY REFERENCES tenants (id),
    settings    jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
    version     bigint NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenant_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_settings
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON tenant_settings TO brokerdesk_app;

CREATE TABLE provider_keys (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    provider    text NOT NULL CHECK (provider IN ('openai', 'anthropic', 'elevenlabs', 'twilio', 'vapi')),
    key_sealed  bytea NOT NULL,
    last_four   text NOT NULL CHECK (length(last_four) <= 4),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  uuid NOT NULL,
    PRIMARY KEY (tenant_id, provider)
);
ALTER TABLE provider_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON provider_keys
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON provider_keys TO brokerdesk_app;
