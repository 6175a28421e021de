-- Sign-in: password hashes on users, and sessions with rotating refresh tokens.

ALTER TABLE users
    ADD COLUMN password_hash   text,           -- argon2id PHC string; null until an invitation is accepted
    ADD COLUMN last_sign_in_at timestamptz,
    ADD COLUMN mfa_enabled     boolean NOT NULL DEFAULT false;

-- One session per sign-in on one device. Its refresh tokens form a family: each use
-- rotates to a new token, and presenting a used one revokes the whole session.
CREATE TABLE sessions (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL,
    user_id       uuid NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoked_reason text,
    user_agent    text,
    ip            text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX sessions_tenant_user ON sessions (tenant_id, user_id);
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sessions
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON sessions TO brokerdesk_app;

-- Only a SHA-256 of each refresh token is kept, so a database leak yields no usable token.
CREATE TABLE refresh_tokens (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    token_hash   text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    session_id   uuid NOT NULL,
    issued_at    timestamptz NOT NULL DEFAULT now(),
    used_at      timestamptz,
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id)
);
CREATE INDEX refresh_tokens_tenant_session ON refresh_tokens (tenant_id, session_id);
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON refresh_tokens
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON refresh_tokens TO brokerdesk_app;
