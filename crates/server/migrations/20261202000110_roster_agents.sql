-- The roster of commission-earning agents. Deals find their agent by email, so an
-- address is on the roster once per tenant. An agent may link to the member they sign
-- in as (same tenant: the foreign key includes it).
CREATE TABLE roster_agents (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    id           uuid NOT NULL,
    name         text NOT NULL,
    email        text NOT NULL,
    member_id    uuid,
    office       text,
    team         text,
    anniversary  date,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, member_id) REFERENCES users (tenant_id, id)
);
CREATE UNIQUE INDEX roster_agents_tenant_email ON roster_agents (tenant_id, lower(email));
CREATE INDEX roster_agents_tenant_version ON roster_agents (tenant_id, version, id);
SELECT brokerdesk_tenant_table('roster_agents');
GRANT SELECT, INSERT ON roster_agents TO brokerdesk_app;
GRANT UPDATE (name, email, member_id, office, team, anniversary, updated_at, version)
    ON roster_agents TO brokerdesk_app;
