-- Leads: the first big synced entity. `field_versions` maps each field name to the
-- version that last wrote it, so a push can tell which fields changed after the
-- version its device had seen (a conflict) from those that did not (a clean merge).
CREATE TABLE leads (
    tenant_id         uuid NOT NULL REFERENCES tenants (id),
    id                uuid NOT NULL,
    name              text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    emails            text[] NOT NULL DEFAULT '{}',
    phones            text[] NOT NULL DEFAULT '{}',
    source            text NOT NULL
                      CHECK (source IN ('chatbot', 'ai_call', 'web_form', 'import', 'manual')),
    source_detail     text,
    stage             text NOT NULL
                      CHECK (stage IN ('new', 'contacted', 'qualified', 'nurture', 'appointment',
                                       'under_contract', 'closed', 'lost')),
    assigned_agent    uuid,
    budget_min        numeric(14, 2) CHECK (budget_min >= 0),
    budget_max        numeric(14, 2) CHECK (budget_max >= 0),
    preferences       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(preferences) = 'object'),
    tags              text[] NOT NULL DEFAULT '{}',
    notes             text NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    last_activity_at  timestamptz,
    field_versions    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(field_versions) = 'object'),
    version           bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, assigned_agent) REFERENCES users (tenant_id, id),
    CHECK (budget_min IS NULL OR budget_max IS NULL OR budget_min <= budget_max)
);
CREATE INDEX leads_tenant_version ON leads (tenant_id, version, id);
CREATE INDEX leads_tenant_agent ON leads (tenant_id, assigned_agent);
CREATE INDEX leads_tenant_stage ON leads (tenant_id, stage);
ALTER TABLE leads ENABLE ROW LEVEL SECURITY;
ALTER TABLE leads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON leads
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON leads TO brokerdesk_app;

-- Every mutation a device pushed, by the device's own id for it, with the answer it
-- got: a replay (the device never saw the acknowledgement) gets the same answer and
-- changes nothing.
CREATE TABLE sync_mutations (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    device_id    uuid NOT NULL,
    mutation_id  uuid NOT NULL,
    result       jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, device_id, mutation_id)
);
ALTER TABLE sync_mutations ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_mutations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_mutations
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT ON sync_mutations TO brokerdesk_app;

-- Values a later push overwrote. Synced to everyone who can read the record, so both
-- the loser and the winner see what was lost.
CREATE TABLE sync_conflicts (
    tenant_id            uuid NOT NULL REFERENCES tenants (id),
    id                   uuid NOT NULL,
    entity               text NOT NULL,
    entity_id            uuid NOT NULL,
    field                text NOT NULL,
    overwritten_value    jsonb NOT NULL,
    overwritten_version  bigint NOT NULL,
    winning_value        jsonb NOT NULL,
    mutation_id          uuid NOT NULL,
    resolved_by          text NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    version              bigint NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sync_conflicts_tenant_version ON sync_conflicts (tenant_id, version, id);
CREATE INDEX sync_conflicts_tenant_entity ON sync_conflicts (tenant_id, entity, entity_id);
ALTER TABLE sync_conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_conflicts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_conflicts
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, DELETE ON sync_conflicts TO brokerdesk_app;
