-- The privacy-request register: what clients asked under the CCPA or the GDPR, when the
-- answer is due, and the audit entries of what was done for it. Requests are kept 24
-- months after they close (CCPA record keeping); nothing deletes them through the API.
CREATE TABLE privacy_requests (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    id               uuid NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('access', 'deletion', 'correction')),
    law              text NOT NULL CHECK (law IN ('ccpa', 'gdpr')),
    requester_name   text NOT NULL,
    requester_email  text,
    channel          text NOT NULL,
    received_on      date NOT NULL,
    confirm_by       date,
    respond_by       date NOT NULL,
    status           text NOT NULL CHECK (status IN ('received', 'confirmed', 'completed', 'denied')),
    closed_on        date,
    notes            text NOT NULL DEFAULT '',
    actions          jsonb NOT NULL DEFAULT '[]',
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    version          bigint NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX privacy_requests_tenant_version ON privacy_requests (tenant_id, version, id);
CREATE INDEX privacy_requests_tenant_due ON privacy_requests (tenant_id, respond_by) WHERE closed_on IS NULL;
SELECT brokerdesk_tenant_table('privacy_requests');
GRANT SELECT, INSERT ON privacy_requests TO brokerdesk_app;
GRANT UPDATE (status, closed_on, notes, actions, updated_at, version)
    ON privacy_requests TO brokerdesk_app;
