-- Tenant API keys, which the website chatbot and the AI calling service send instead
-- of a user's sign-in. Only a SHA-256 of each key is kept, so a database leak yields no
-- usable key. Revoking a key keeps its row (for the list and the audit trail): the API
-- role may not delete.

CREATE TABLE api_keys (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL,
    name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    -- The key's first characters, shown in lists to tell keys apart.
    prefix        text NOT NULL CHECK (prefix ~ '^bd_live_[A-Za-z0-9_-]{4}$'),
    key_hash      text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    scopes        text[] NOT NULL
                  CHECK (cardinality(scopes) >= 1
                         AND scopes <@ ARRAY['leads:ingest', 'conversations:ingest', 'calls:ingest', 'kb:read']::text[]),
    created_by    uuid NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    version       bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);
-- A key names its tenant, so its hash is unique platform-wide too; the constraint leads
-- with tenant_id like every other, which is also how keys are looked up.
CREATE UNIQUE INDEX api_keys_tenant_key_hash ON api_keys (tenant_id, key_hash);
CREATE INDEX api_keys_tenant_version ON api_keys (tenant_id, version);
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON api_keys TO brokerdesk_app;
