-- Invitations, the mail outbox they write to when no SMTP server is configured, and the
-- trial end shown on the plan page. Runs as brokerdesk_owner; both new tables follow the
-- tenant-owned pattern of 20261122000001_tenancy.sql.

ALTER TABLE tenants ADD COLUMN trial_ends_at timestamptz;

-- One row per invitation. Creating one also creates the invitee's users row (status
-- 'invited'), so the pending invitation takes a seat. Only a SHA-256 of the secret in the
-- link is kept; resending replaces it, so the previous link stops working.
CREATE TABLE invitations (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    id           uuid NOT NULL,
    email        text NOT NULL CHECK (position('@' IN email) > 1 AND length(email) <= 320),
    role         text NOT NULL CHECK (role IN ('owner', 'admin', 'agent', 'viewer')),
    -- The invitee's users row. Revoking deletes that row (it never signed in), so this
    -- is cleared first.
    user_id      uuid,
    invited_by   uuid NOT NULL,
    token_hash   text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz,
    revoked_at   timestamptz,
    version      bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, invited_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX invitations_tenant_version ON invitations (tenant_id, version);
CREATE INDEX invitations_tenant_pending ON invitations (tenant_id, created_at)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitations
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON invitations TO brokerdesk_app;

-- Mail the server would have sent. Written in the same transaction as the change that
-- caused it, so a mail exists exactly when that change committed. With SMTP configured
-- mail is sent instead; sent_at is for a future relay that drains this table.
CREATE TABLE mail_outbox (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          uuid NOT NULL,
    to_address  text NOT NULL CHECK (position('@' IN to_address) > 1 AND length(to_address) <= 320),
    subject     text NOT NULL CHECK (length(subject) <= 500),
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    version     bigint NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX mail_outbox_tenant_created ON mail_outbox (tenant_id, created_at);
ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON mail_outbox
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON mail_outbox TO brokerdesk_app;
