-- The client's IP address and user agent leave the hashed audit entries: an entry now
-- hashes a salted digest of them (client_digest, the `brokerdesk.audit.v2` encoding), and
-- the values with their salt live in these side tables, which retention empties after
-- the period core sets (CLIENT_DETAILS_KEPT_DAYS). Entries sealed before this keep the
-- values in their own ip and user_agent columns, which their hash covers.
-- Runs as brokerdesk_owner.

ALTER TABLE audit_entries
    ADD COLUMN client_digest text CHECK (client_digest ~ '^[0-9a-f]{64}$');
ALTER TABLE platform_audit_entries
    ADD COLUMN client_digest text CHECK (client_digest ~ '^[0-9a-f]{64}$');

CREATE TABLE audit_client_details (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    seq          bigint NOT NULL,
    ip           text,
    user_agent   text,
    salt         bytea NOT NULL CHECK (length(salt) = 16),
    recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_client_details_recorded_at ON audit_client_details (tenant_id, recorded_at);
SELECT brokerdesk_tenant_table('audit_client_details');
GRANT SELECT, INSERT, DELETE ON audit_client_details TO brokerdesk_app;

CREATE TABLE platform_audit_client_details (
    seq          bigint PRIMARY KEY,
    ip           text,
    user_agent   text,
    salt         bytea NOT NULL CHECK (length(salt) = 16),
    recorded_at  timestamptz NOT NULL
);
CREATE INDEX platform_audit_client_details_recorded_at ON platform_audit_client_details (recorded_at);
ALTER TABLE platform_audit_client_details ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_audit_client_details FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON platform_audit_client_details
    USING ((SELECT current_setting('app.platform', true)) = 'on')
    WITH CHECK ((SELECT current_setting('app.platform', true)) = 'on');
GRANT SELECT, INSERT, DELETE ON platform_audit_client_details TO brokerdesk_app;
