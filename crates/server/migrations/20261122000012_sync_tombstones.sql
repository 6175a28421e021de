-- What sync sends for a deleted row: the entity, its id and the version of the delete.
-- It never holds personal data, so a privacy erasure can leave one behind and every
-- device's cache still learns to drop the row.
CREATE TABLE sync_tombstones (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    entity      text NOT NULL,
    id          uuid NOT NULL,
    version     bigint NOT NULL,
    deleted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, entity, id)
);
CREATE INDEX sync_tombstones_tenant_version ON sync_tombstones (tenant_id, version);
ALTER TABLE sync_tombstones ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_tombstones FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_tombstones
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON sync_tombstones TO brokerdesk_app;
