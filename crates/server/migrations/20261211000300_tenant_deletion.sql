-- Tenant deletion: the owner asks, the tenant is read-only for a 30-day grace period
-- (status pending_deletion), then brokerdesk_purge_tenant() deletes every row the tenant
-- has in every tenant table and scrubs its registry row. Staff can hold a pending
-- deletion, which stops the purge.

ALTER TABLE tenants DROP CONSTRAINT tenants_status_check;
ALTER TABLE tenants ADD CONSTRAINT tenants_status_check
    CHECK (status IN ('active', 'suspended', 'pending_deletion', 'deleted'));

-- requested_by is a user id of the tenant (no foreign key: the user row is purged with
-- the tenant while this row stays, scrubbed). held_by is a staff id.
ALTER TABLE tenants
    ADD COLUMN deletion_requested_at timestamptz,
    ADD COLUMN deletion_requested_by uuid,
    ADD COLUMN deletion_due_at timestamptz,
    ADD COLUMN deletion_hold_reason text CHECK (length(deletion_hold_reason) <= 2000),
    ADD COLUMN deletion_held_at timestamptz,
    ADD COLUMN deletion_held_by uuid,
    ADD COLUMN deleted_at timestamptz;
ALTER TABLE tenants ADD CONSTRAINT tenants_pending_deletion_is_dated
    CHECK (status <> 'pending_deletion'
           OR (deletion_requested_at IS NOT NULL AND deletion_due_at IS NOT NULL));
ALTER TABLE tenants ADD CONSTRAINT tenants_hold_has_reason
    CHECK ((deletion_held_at IS NULL) = (deletion_hold_reason IS NULL));
-- The purge's scan: pending deletions by due date.
CREATE INDEX tenants_deletion_due ON tenants (deletion_due_at) WHERE status = 'pending_deletion';

-- The append-only guards of the audit trail and the consent ledger let exactly one
-- thing through: the purge of a deleted tenant, inside brokerdesk_purge_tenant(), which
-- marks its transaction with brokerdesk.purging_tenant. Only the owner role can delete
-- from these tables at all (the API's role holds no DELETE on them), and the platform
-- trail has no tenant_id, so it stays append-only for everyone.
CREATE FUNCTION brokerdesk_purging(tenant uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT tenant IS NOT NULL
       AND tenant::text = nullif(current_setting('brokerdesk.purging_tenant', true), '')
$$;

CREATE OR REPLACE FUNCTION audit_trail_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND brokerdesk_purging((to_jsonb(OLD) ->> 'tenant_id')::uuid) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END
$$;

CREATE OR REPLACE FUNCTION consent_ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND to_jsonb(NEW) - 'version' = to_jsonb(OLD) - 'version' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND (brokerdesk_purging(OLD.tenant_id) OR NOT EXISTS (
        SELECT 1 FROM leads WHERE tenant_id = OLD.tenant_id AND id = OLD.lead_id
    )) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the consent ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END
$$;

-- Purges one tenant whose deletion is due at `as_of` and not held: deletes its rows
-- from every table with a tenant_id column, found in the catalogue (so a table added
-- later is purged without anyone listing it), children before the tables their foreign
-- keys point at; then scrubs the registry row (name, subdomain, custom domain) and marks
-- it deleted. Returns the rows deleted per table, or NULL when the tenant is not due.
--
-- SECURITY DEFINER: it runs as the owner role, which may delete from every table; the
-- API's role may only call it, and it re-checks that the deletion is due and not held,
-- so it cannot purge a tenant nobody asked to delete.
CREATE FUNCTION brokerdesk_purge_tenant(target uuid, as_of timestamptz) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    counts jsonb := '{}';
    remaining text[];
    tbl text;
    deleted bigint;
    progressed boolean;
    -- Foreign keys of a cycle (kb_items.live_version ↔ kb_versions.item_id) whose
    -- columns were set to null for this tenant, so they no longer order the deletes.
    broken oid[] := '{}';
    fk oid;
    child text;
    cols text[];
    -- The caller's scope, put back at the end.
    caller_platform text := coalesce(current_setting('app.platform', true), '');
    caller_tenant text := coalesce(current_setting('app.tenant_id', true), '');
BEGIN
    PERFORM set_config('app.platform', 'on', true);
    PERFORM 1 FROM tenants
      WHERE id = target AND status = 'pending_deletion' AND deletion_due_at <= as_of
        AND deletion_held_at IS NULL
      FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM set_config('app.platform', caller_platform, true);
        RETURN NULL;
    END IF;
    PERFORM set_config('app.platform', '', true);
    PERFORM set_config('app.tenant_id', target::text, true);
    PERFORM set_config('brokerdesk.purging_tenant', target::text, true);

    SELECT coalesce(array_agg(c.relname::text ORDER BY c.relname), '{}') INTO remaining
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
       AND EXISTS (SELECT 1 FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped);
    WHILE cardinality(remaining) > 0 LOOP
        progressed := false;
        FOREACH tbl IN ARRAY remaining LOOP
            -- A table another remaining table still points at waits for it.
            IF NOT EXISTS (
                SELECT 1 FROM pg_constraint k
                 WHERE k.contype = 'f' AND NOT (k.oid = ANY (broken))
                   AND k.confrelid = format('public.%I', tbl)::regclass
                   AND k.conrelid <> k.confrelid
                   AND k.conrelid IN (SELECT format('public.%I', r)::regclass FROM unnest(remaining) r)
            ) THEN
                EXECUTE format('DELETE FROM public.%I WHERE tenant_id = $1', tbl) USING target;
                GET DIAGNOSTICS deleted = ROW_COUNT;
                counts := counts || jsonb_build_object(tbl, deleted);
                remaining := array_remove(remaining, tbl);
                progressed := true;
            END IF;
        END LOOP;
        IF NOT progressed THEN
            -- A cycle: break it at a foreign key whose columns (besides tenant_id) may
            -- be null, by nulling them in this tenant's rows.
            SELECT k.oid, k.conrelid::regclass::text, array_agg(a.attname::text)
              INTO fk, child, cols
              FROM pg_constraint k
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
             WHERE k.contype = 'f' AND NOT (k.oid = ANY (broken)) AND k.conrelid <> k.confrelid
               AND k.conrelid IN (SELECT format('public.%I', r)::regclass FROM unnest(remaining) r)
               AND k.confrelid IN (SELECT format('public.%I', r)::regclass FROM unnest(remaining) r)
               AND a.attname <> 'tenant_id'
             GROUP BY k.oid, k.conrelid
            HAVING bool_and(NOT a.attnotnull)
             ORDER BY 2, 1
             LIMIT 1;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'the foreign keys between % form a cycle with no nullable link; the purge cannot order them', remaining;
            END IF;
            EXECUTE format('UPDATE %s SET %s WHERE tenant_id = $1', child,
                           (SELECT string_agg(format('%I = NULL', c), ', ') FROM unnest(cols) c))
              USING target;
            broken := broken || fk;
        END IF;
    END LOOP;

    PERFORM set_config('brokerdesk.purging_tenant', '', true);
    PERFORM set_config('app.tenant_id', '', true);
    PERFORM set_config('app.platform', 'on', true);
    -- The subdomain is scrubbed too (it often carries a person's or a firm's name), which
    -- frees it for a new registration; the id stays, so devices are told "deleted".
    UPDATE tenants
       SET status = 'deleted', name = 'Deleted brokerage',
           subdomain = 'deleted-' || replace(id::text, '-', ''), custom_domain = NULL,
           trial_ends_at = NULL, deletion_requested_by = NULL, deletion_hold_reason = NULL,
           deletion_held_at = NULL, deletion_held_by = NULL, deleted_at = now(),
           updated_at = now()
     WHERE id = target;
    PERFORM set_config('app.platform', caller_platform, true);
    PERFORM set_config('app.tenant_id', caller_tenant, true);
    RETURN counts;
END
$$;
REVOKE ALL ON FUNCTION brokerdesk_purge_tenant(uuid, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION brokerdesk_purge_tenant(uuid, timestamptz) TO brokerdesk_app;
