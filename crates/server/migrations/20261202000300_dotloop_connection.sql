-- A tenant's live connection to Dotloop (OAuth2 authorization code): one per tenant.
-- Both tokens are sealed (envelope encryption, bound to the tenant and the token's
-- purpose) as provider keys are; a refresh replaces them together in one UPDATE under
-- the row's lock. `token_generation` counts refreshes, so a caller that used a token can
-- tell whether someone else has replaced it since.
CREATE TABLE dotloop_connections (
    tenant_id             uuid PRIMARY KEY REFERENCES tenants (id),
    connected_by          uuid NOT NULL,
    account_profile_id    text,
    account_name          text,
    access_token_sealed   bytea NOT NULL,
    refresh_token_sealed  bytea NOT NULL,
    access_expires_at     timestamptz NOT NULL,
    token_generation      bigint NOT NULL DEFAULT 0,
    status                text NOT NULL DEFAULT 'connected'
                          CHECK (status IN ('connected', 'needs_reconnect')),
    connected_at          timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, connected_by) REFERENCES users (tenant_id, id)
);
SELECT brokerdesk_tenant_table('dotloop_connections');
GRANT SELECT, INSERT, DELETE ON dotloop_connections TO brokerdesk_app;
GRANT UPDATE (connected_by, account_profile_id, account_name, access_token_sealed,
              refresh_token_sealed, access_expires_at, token_generation, status,
              connected_at, updated_at)
    ON dotloop_connections TO brokerdesk_app;

-- The OAuth `state` of a connect in progress: bound to the tenant and the user who
-- asked, used once, gone after ten minutes. Only its SHA-256 is kept.
CREATE TABLE dotloop_oauth_states (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    state_hash  text NOT NULL,
    user_id     uuid NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, state_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
SELECT brokerdesk_tenant_table('dotloop_oauth_states');
GRANT SELECT, INSERT, DELETE ON dotloop_oauth_states TO brokerdesk_app;

-- Each import run: its progress while it runs, its counts once done. The last
-- successful run's start is the next incremental run's `updated_min`.
CREATE TABLE dotloop_import_runs (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    id             uuid NOT NULL,
    trigger        text NOT NULL CHECK (trigger IN ('manual', 'schedule')),
    status         text NOT NULL DEFAULT 'running'
                   CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    updated_min    timestamptz,
    loops_total    bigint,
    loops_seen     bigint NOT NULL DEFAULT 0,
    created        bigint NOT NULL DEFAULT 0,
    updated        bigint NOT NULL DEFAULT 0,
    unchanged      bigint NOT NULL DEFAULT 0,
    error_code     text,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX dotloop_import_runs_latest ON dotloop_import_runs (tenant_id, started_at DESC);
SELECT brokerdesk_tenant_table('dotloop_import_runs');
GRANT SELECT, INSERT ON dotloop_import_runs TO brokerdesk_app;
GRANT UPDATE (status, finished_at, loops_total, loops_seen, created, updated, unchanged, error_code)
    ON dotloop_import_runs TO brokerdesk_app;

-- Webhook deliveries already taken: Dotloop delivers at least once.
CREATE TABLE dotloop_webhook_events (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    event_id     text NOT NULL,
    event_type   text NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id)
);
SELECT brokerdesk_tenant_table('dotloop_webhook_events');
GRANT SELECT, INSERT ON dotloop_webhook_events TO brokerdesk_app;
