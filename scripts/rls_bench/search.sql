-- pgbench: one page of a lead search (a name and its digits, so both trigram indexes)
-- in a random one of the large tenants, as the API builds it.
\set t random(1, :large_tenants)
\set n random(1, :large_leads)
BEGIN;
SELECT set_config('app.tenant_id', '00000000-0000-4000-8000-' || lpad(:t::text, 12, '0'), true);
SELECT id, name, emails, phones, source, source_detail, stage, assigned_agent, budget_min,
       budget_max, preferences, tags, notes, time_zone, created_at, updated_at,
       last_activity_at, version
  FROM leads
 WHERE tenant_id = ('00000000-0000-4000-8000-' || lpad(:t::text, 12, '0'))::uuid
   AND (lead_search_text(name, emails, tags, notes) LIKE '%bulk lead ' || :n || '@%'
        OR lead_search_phones(phones) LIKE '%' || (5550000000 + :n) || '%')
 ORDER BY updated_at DESC, id DESC LIMIT 51;
END;
