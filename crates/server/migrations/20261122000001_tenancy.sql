-- The tenant registry, the per-tenant sync clock and the first tenant-owned table.
-- Runs as brokerdesk_owner. Every tenant-owned table follows one pattern
-- (see DESIGN.md): tenant_id first in every key and index, ENABLE and FORCE row-level
-- security, and a policy comparing tenant_id with the transaction's app.tenant_id.

-- The tenant registry. A tenant-scoped transaction sees only its own row; platform
-- operations (registration, staff tools) run in a transaction marked app.platform = on.
CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    subdomain   text NOT NULL UNIQUE
                CHECK (subdomain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' AND length(subdomain) <= 63),
    plan        text NOT NULL DEFAULT 'free'
                CHECK (plan IN ('free', 'starter', 'professional', 'enterprise')),
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenants_own_row ON tenants
    USING (id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
CREATE POLICY tenants_platform ON tenants
    USING ((SELECT current_setting('app.platform', true)) = 'on')
    WITH CHECK ((SELECT current_setting('app.platform', true)) = 'on');
GRANT SELECT, INSERT, UPDATE ON tenants TO brokerdesk_app;

-- One row per tenant. Every write to tenant data bumps it first, which serialises a
-- tenant's writers and gives sync a gap-free version order.
CREATE TABLE tenant_clock (
    tenant_id   uuid PRIMARY KEY REFERENCES tenants (id),
    version     bigint NOT NULL DEFAULT 0 CHECK (version >= 0)
);
ALTER TABLE tenant_clock ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_clock FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_clock
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON tenant_clock TO brokerdesk_app;

-- The people who sign in to a tenant.
CREATE TABLE users (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL,
    email         text NOT NULL CHECK (position('@' IN email) > 1 AND length(email) <= 320),
    display_name  text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
    role          text NOT NULL CHECK (role IN ('owner', 'admin', 'agent', 'viewer')),
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'deactivated')),
    version       bigint NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX users_tenant_email ON users (tenant_id, lower(email));
CREATE INDEX users_tenant_version ON users (tenant_id, version);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON users TO brokerdesk_app;
