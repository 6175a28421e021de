-- One call gives a new tenant-owned table the isolation every such table has (see
-- DESIGN.md, "Tenant-owned tables"): row-level security enabled and forced, and the
-- policy that compares tenant_id with the transaction's tenant in USING and WITH CHECK.
-- Migrations run as the owner role, which owns the table, so the function runs as the
-- caller. The API's role may not call it.
CREATE FUNCTION brokerdesk_tenant_table(target regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s
             USING (tenant_id = (SELECT nullif(current_setting(''app.tenant_id'', true), '''')::uuid))
             WITH CHECK (tenant_id = (SELECT nullif(current_setting(''app.tenant_id'', true), '''')::uuid))',
        target);
END
$$;
REVOKE ALL ON FUNCTION brokerdesk_tenant_table(regclass) FROM PUBLIC;
