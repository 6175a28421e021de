-- Sharding Brokerdesk with Citus: every tenant table distributed by tenant_id, all in
-- one co-location group, so each tenant's rows (and every join, foreign key and
-- transaction of one request) live on one node.
--
-- NOT run by `migrate`, and never run here: Citus cannot be installed in this project's
-- environment (it is not in Debian). What is checked instead, by
-- crates/server/tests/citus_keys.rs against the migrated catalogue:
--   * every primary key, unique constraint and unique index of a tenant table (a table
--     with a tenant_id column) includes tenant_id, so it can be enforced per shard;
--   * every foreign key between tenant tables pairs tenant_id with tenant_id, and every
--     other foreign key from a tenant table points at a reference table below;
--   * this file distributes exactly the tenant tables (a new table must be added here).
--
-- To apply, on a Citus coordinator after `brokerdesk-server migrate` (as a superuser,
-- on an empty or freshly restored database):
--   CREATE EXTENSION citus;  -- and citus_add_node() for each worker
--   \i crates/server/db/citus.sql
--
-- The plan catalogue: plans and their limits are code (core's PlanTier), not a table.
-- What the database holds of it is each tenant's plan, status and trial in the tenant
-- registry `tenants`, which every tenant table references; it becomes a reference
-- table (a full copy on every node), so those foreign keys and the plan checks on a
-- write stay node-local. Platform tables with no tenant (staff, staff_sessions,
-- platform_audit_entries, platform_audit_client_details, rate_limit_counters) stay on
-- the coordinator as local tables.
--
-- Before running the API on Citus, also:
--   * row-level security reads app.tenant_id on the workers. The API sets it with
--     set_config(..., true), which Citus does not forward; it must become
--     `SET LOCAL app.tenant_id = …` with `citus.propagate_set_commands = 'local'`.
--   * the triggers (audit and consent append-only guards, the tenant_clock NOTIFY) need
--     `citus.enable_unsafe_triggers = on`, and NOTIFY must be raised on the coordinator
--     where the API LISTENs.

SELECT create_reference_table('tenants');

-- Parents before children: a foreign key may only point at a table already distributed.
SELECT create_distributed_table('tenant_clock', 'tenant_id');
SELECT create_distributed_table('users', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('sessions', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('refresh_tokens', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('audit_entries', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('audit_client_details', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('api_keys', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('invitations', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('mail_outbox', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('mfa_recovery_codes', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('password_resets', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('tenant_settings', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('roster_agents', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('transactions', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('provider_keys', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('support_sessions', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('custom_domains', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('sync_tombstones', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('sync_mutations', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('sync_conflicts', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('sync_forgotten_mutations', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('leads', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('consent_entries', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('conversations', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('call_records', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('dnc_numbers', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('ingest_requests', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('dotloop_connections', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('dotloop_oauth_states', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('dotloop_import_runs', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('dotloop_webhook_events', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('commission_plans', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('commission_assignments', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('commission_overrides', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('kb_items', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('kb_versions', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('kb_chunks', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('kb_files', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('kb_unanswered', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('privacy_requests', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('retention_policies', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('legal_holds', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('tenant_holds', 'tenant_id', colocate_with => 'tenant_clock');
SELECT create_distributed_table('exports', 'tenant_id', colocate_with => 'tenant_clock');
