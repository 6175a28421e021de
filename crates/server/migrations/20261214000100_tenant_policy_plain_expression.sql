-- Row-level security policies compare with the transaction's tenant as a plain
-- expression, `tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`,
-- instead of a sub-select of it. The rows they admit are the same.
--
-- Why: a sub-select is planned as a sub-plan (an InitPlan) for every statement that
-- touches the table, and the API's statements are planned on every execution (custom
-- plans: tenants differ in size by orders of magnitude). The plain expression is STABLE,
-- so it is still computed once per scan, never per row, where the statement also
-- filters on tenant_id, as every statement of the API does: the planner equates the two
-- and keeps one index condition plus a one-time check that they agree. Measured with
-- scripts/rls_bench.sh (see README).
--
-- Every policy written in the sub-select form is rewritten: the tenant tables', the
-- tenants table's own-row policy and the platform-only policies. New tenant tables get
-- the plain form from brokerdesk_tenant_table() below.

-- A policy expression, as pg_policies prints it, with the two sub-selects our policies
-- used replaced by the plain expressions.
CREATE FUNCTION pg_temp.without_sub_select(expr text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT replace(
        replace(expr,
            '( SELECT (NULLIF(current_setting(''app.tenant_id''::text, true), ''''::text))::uuid AS "nullif")',
            '(nullif(current_setting(''app.tenant_id'', true), '''')::uuid)'),
        '( SELECT current_setting(''app.platform''::text, true) AS current_setting)',
        'current_setting(''app.platform'', true)')
$$;

DO $$
DECLARE
    policy record;
    using_expr text;
    check_expr text;
BEGIN
    FOR policy IN
        SELECT tablename, policyname, qual, with_check FROM pg_policies
         WHERE schemaname = 'public'
    LOOP
        using_expr := pg_temp.without_sub_select(policy.qual);
        check_expr := pg_temp.without_sub_select(policy.with_check);
        IF using_expr IS DISTINCT FROM policy.qual THEN
            EXECUTE format('ALTER POLICY %I ON %I USING %s',
                           policy.policyname, policy.tablename, using_expr);
        END IF;
        IF check_expr IS DISTINCT FROM policy.with_check THEN
            EXECUTE format('ALTER POLICY %I ON %I WITH CHECK %s',
                           policy.policyname, policy.tablename, check_expr);
        END IF;
    END LOOP;
    IF EXISTS (SELECT 1 FROM pg_policies
                WHERE schemaname = 'public'
                  AND (qual LIKE '%SELECT%' OR with_check LIKE '%SELECT%')) THEN
        RAISE EXCEPTION 'a row-level security policy still holds a sub-select';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION brokerdesk_tenant_table(target regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s
             USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)
             WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
        target);
END
$$;
REVOKE ALL ON FUNCTION brokerdesk_tenant_table(regclass) FROM PUBLIC;
