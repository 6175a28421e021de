-- A split agreed for one agent on one deal ("on this deal Alice keeps 85%"), which the
-- reports' engine uses instead of the agent's plan split (core's `SplitOverride`).
--
-- A table of its own, not columns of `transactions`: a Dotloop import rewrites a deal's
-- columns, and must never erase an override. One override per agent per deal; the
-- foreign keys carry the tenant, so an override cannot name another tenant's deal or
-- agent. The agent need not be on the deal (a later import may take them off or put
-- them back); the engine leaves an override for an agent not on the deal unused.
-- Removing one deletes it (with a sync tombstone), as does the retention purge of its
-- deal.
CREATE TABLE commission_overrides (
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    id              uuid NOT NULL,
    transaction_id  uuid NOT NULL,
    agent_id        uuid NOT NULL,
    agent_percent   numeric NOT NULL CHECK (agent_percent >= 0 AND agent_percent <= 100),
    reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT commission_overrides_deal_agent UNIQUE (tenant_id, transaction_id, agent_id),
    FOREIGN KEY (tenant_id, transaction_id) REFERENCES transactions (tenant_id, id),
    FOREIGN KEY (tenant_id, agent_id) REFERENCES roster_agents (tenant_id, id)
);
CREATE INDEX commission_overrides_tenant_agent ON commission_overrides (tenant_id, agent_id);
CREATE INDEX commission_overrides_tenant_version ON commission_overrides (tenant_id, version, id);
SELECT brokerdesk_tenant_table('commission_overrides');
GRANT SELECT, INSERT, DELETE ON commission_overrides TO brokerdesk_app;
GRANT UPDATE (agent_percent, reason, updated_at, version) ON commission_overrides TO brokerdesk_app;
