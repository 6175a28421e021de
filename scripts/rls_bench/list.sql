-- pgbench: one page of the lead list of a random tenant among all, as the API runs it
-- (the tenant set for row-level security, the explicit tenant filter, the update order).
\set t random(1, :tenants)
BEGIN;
SELECT set_config('app.tenant_id', '00000000-0000-4000-8000-' || lpad(:t::text, 12, '0'), true);
SELECT id, name, emails, phones, source, source_detail, stage, assigned_agent, budget_min,
       budget_max, preferences, tags, notes, time_zone, created_at, updated_at,
       last_activity_at, version
  FROM leads
 WHERE tenant_id = ('00000000-0000-4000-8000-' || lpad(:t::text, 12, '0'))::uuid
 ORDER BY updated_at DESC, id DESC LIMIT 51;
END;
