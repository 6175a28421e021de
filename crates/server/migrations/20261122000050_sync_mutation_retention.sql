-- Push answers are remembered for a window, not forever (DESIGN.md, "Sync protocol").
-- The purge runs inside a push of the same tenant (sync/mutation_memory.rs), as the API
-- role and under the tenant's row-level security, so it needs DELETE here and an index
-- that finds a tenant's expired answers without reading the others.
CREATE INDEX sync_mutations_tenant_created ON sync_mutations (tenant_id, created_at);
GRANT DELETE ON sync_mutations TO brokerdesk_app;

-- For each device whose answers were purged, the newest mutation id among them. A device
-- pushes its queue in order and makes its mutation ids in time order (UUIDv7), so a
-- mutation at or below this mark that is no longer remembered was answered before: it
-- is refused as forgotten, never applied a second time.
CREATE TABLE sync_forgotten_mutations (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    device_id        uuid NOT NULL,
    through_mutation uuid NOT NULL,
    PRIMARY KEY (tenant_id, device_id)
);
ALTER TABLE sync_forgotten_mutations ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_forgotten_mutations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_forgotten_mutations
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON sync_forgotten_mutations TO brokerdesk_app;
