-- Platform staff, who are not tenant users, and their audited support sessions into a
-- tenant. Staff tables are platform-level: visible only in a transaction marked
-- app.platform = on, never from inside a tenant. Support sessions are tenant-owned, so
-- the tenant's owner can see every one in their own data.

CREATE TABLE staff (
    id                 uuid PRIMARY KEY,
    email              text NOT NULL CHECK (position('@' IN email) > 1),
    display_name       text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
    password_hash      text NOT NULL,
    -- Staff must use MFA: the sealed TOTP seed is required, not optional.
    mfa_secret_sealed  bytea NOT NULL,
    mfa_last_step      bigint,
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_email ON staff (lower(email));
ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
ALTER TABLE staff FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON staff
    USING ((SELECT current_setting('app.platform', true)) = 'on')
    WITH CHECK ((SELECT current_setting('app.platform', true)) = 'on');
GRANT SELECT, INSERT, UPDATE ON staff TO brokerdesk_app;

CREATE TABLE staff_sessions (
    id          uuid PRIMARY KEY,
    staff_id    uuid NOT NULL REFERENCES staff (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
ALTER TABLE staff_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE staff_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON staff_sessions
    USING ((SELECT current_setting('app.platform', true)) = 'on')
    WITH CHECK ((SELECT current_setting('app.platform', true)) = 'on');
GRANT SELECT, INSERT, UPDATE ON staff_sessions TO brokerdesk_app;

CREATE TABLE support_sessions (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    id             uuid NOT NULL,
    staff_id       uuid NOT NULL,
    staff_display  text NOT NULL,
    reason         text NOT NULL CHECK (length(btrim(reason)) >= 15),
    ticket         text,
    started_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL CHECK (expires_at <= started_at + interval '1 hour'),
    ended_at       timestamptz,
    version        bigint NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
ALTER TABLE support_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE support_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON support_sessions
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON support_sessions TO brokerdesk_app;
