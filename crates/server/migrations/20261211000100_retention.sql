-- Retention (issue 15): each tenant's policies, legal holds on a lead or a deal, and a
-- hold on the whole tenant set by platform staff. The scheduler (src/retention/) purges
-- in tenant-scoped transactions as brokerdesk_app, so it gets DELETE on what it purges.

-- One row per kind an owner has set; a kind without a row is kept forever. `months`
-- null is "keep forever" set explicitly. Legal minimums are checked in core, before
-- anything is stored.
CREATE TABLE retention_policies (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    kind        text NOT NULL CHECK (kind IN ('conversations', 'closed_leads', 'invitations_and_mail',
                                              'transactions', 'kb_versions')),
    months      integer CHECK (months BETWEEN 1 AND 1200),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  uuid NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);
SELECT brokerdesk_tenant_table('retention_policies');
GRANT SELECT, INSERT ON retention_policies TO brokerdesk_app;
GRANT UPDATE (months, updated_at, updated_by) ON retention_policies TO brokerdesk_app;

-- A hold on one lead or transaction stops every purge of it (and, for a lead, of its
-- conversations and calls). The reason is for owners and admins; the trail names the
-- hold by id only.
CREATE TABLE legal_holds (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          uuid NOT NULL,
    subject     text NOT NULL CHECK (subject IN ('lead', 'transaction')),
    subject_id  uuid NOT NULL,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    set_by      uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, subject, subject_id)
);
SELECT brokerdesk_tenant_table('legal_holds');
GRANT SELECT, INSERT, DELETE ON legal_holds TO brokerdesk_app;

-- A hold on the whole tenant (litigation, a regulator's inquiry), set by platform staff
-- in the tenant's scope: while it stands the scheduler purges nothing of the tenant.
CREATE TABLE tenant_holds (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    set_by      uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);
SELECT brokerdesk_tenant_table('tenant_holds');
GRANT SELECT, INSERT, DELETE ON tenant_holds TO brokerdesk_app;
GRANT UPDATE (reason, set_by, created_at) ON tenant_holds TO brokerdesk_app;

-- What the purges delete, and the indexes their age tests use.
GRANT DELETE ON transactions, invitations, mail_outbox, privacy_requests TO brokerdesk_app;
CREATE INDEX conversations_tenant_started ON conversations (tenant_id, started_at);
CREATE INDEX call_records_tenant_started ON call_records (tenant_id, started_at);
CREATE INDEX privacy_requests_tenant_closed ON privacy_requests (tenant_id, closed_on)
    WHERE closed_on IS NOT NULL;
