-- Commission plans and who is on which plan from when.
--
-- A plan's effective-dated versions are one jsonb array of core's `PlanVersion`, read
-- and written whole with their plan: core validates the whole plan at once (the
-- versions' dates are distinct, every version's terms make sense) before any write, the
-- engine reads every version of a plan together, and nothing queries one version's
-- terms, so a table per version and per tier would only be reassembled on every read.
CREATE TABLE commission_plans (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          uuid NOT NULL,
    name        text NOT NULL,
    versions    jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (jsonb_typeof(versions) = 'array')
);
CREATE INDEX commission_plans_tenant_version ON commission_plans (tenant_id, version, id);
SELECT brokerdesk_tenant_table('commission_plans');
GRANT SELECT, INSERT ON commission_plans TO brokerdesk_app;
GRANT UPDATE (name, versions, updated_at, version) ON commission_plans TO brokerdesk_app;

-- An agent is on a plan from `effective_from` until their next assignment (core's
-- `PlanBook`), so one agent has at most one assignment a day. The foreign keys carry
-- the tenant, so an assignment cannot name another tenant's agent or plan. Removing an
-- assignment deletes it (with a sync tombstone).
CREATE TABLE commission_assignments (
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    id              uuid NOT NULL,
    agent_id        uuid NOT NULL,
    plan_id         uuid NOT NULL,
    effective_from  date NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES roster_agents (tenant_id, id),
    FOREIGN KEY (tenant_id, plan_id) REFERENCES commission_plans (tenant_id, id)
);
CREATE UNIQUE INDEX commission_assignments_agent_day
    ON commission_assignments (tenant_id, agent_id, effective_from);
CREATE INDEX commission_assignments_tenant_plan ON commission_assignments (tenant_id, plan_id);
CREATE INDEX commission_assignments_tenant_version
    ON commission_assignments (tenant_id, version, id);
SELECT brokerdesk_tenant_table('commission_assignments');
GRANT SELECT, INSERT, DELETE ON commission_assignments TO brokerdesk_app;
