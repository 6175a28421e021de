-- Request counters for rate limiting when several API instances share the limits.
-- Not tenant data: opaque keys (e.g. `tenant:<id>`, `auth-ip:<address>`) and counts per
-- fixed 15-minute window, so the table has no tenant_id and no row-level security.
CREATE TABLE rate_limit_counters (
    key           text NOT NULL CHECK (length(key) <= 200),
    window_start  timestamptz NOT NULL,
    hits          integer NOT NULL CHECK (hits > 0),
    PRIMARY KEY (key, window_start)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_counters TO brokerdesk_app;
