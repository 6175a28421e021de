-- The tenant's full export, run as a job: its status, its progress while it runs, and
-- the ZIP it wrote (size and SHA-256; the file itself lives in the export directory,
-- named by the job's id). The row holds no personal data: ids, counts and times.
CREATE TABLE exports (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL,
    status        text NOT NULL
                  CHECK (status IN ('queued', 'running', 'completed', 'failed', 'expired')),
    requested_by  uuid NOT NULL,
    created_at    timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    expires_at    timestamptz,
    -- Moved by the running job after every page; a queued or running job whose heartbeat
    -- is old belongs to a server that stopped, and is marked failed.
    heartbeat_at  timestamptz NOT NULL,
    rows_done     bigint NOT NULL DEFAULT 0,
    rows_total    bigint NOT NULL DEFAULT 0,
    file_bytes    bigint,
    sha256        text,
    error_code    text,
    PRIMARY KEY (tenant_id, id)
);
-- One queued or running export per tenant: a second start fails on this index.
CREATE UNIQUE INDEX exports_one_active ON exports (tenant_id) WHERE status IN ('queued', 'running');
-- The daily limit counts the tenant's starts of the last 24 hours.
CREATE INDEX exports_tenant_created ON exports (tenant_id, created_at);
SELECT brokerdesk_tenant_table('exports');
GRANT SELECT, INSERT ON exports TO brokerdesk_app;
GRANT UPDATE (status, started_at, finished_at, expires_at, heartbeat_at, rows_done, rows_total,
              file_bytes, sha256, error_code)
    ON exports TO brokerdesk_app;
