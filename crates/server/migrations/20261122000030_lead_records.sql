-- What hangs off a lead: its consent ledger, chatbot conversations and calls; the
-- tenant's do-not-call list; and the answers to integration posts kept for idempotency.

-- The zone a lead may be called in; none means the tenant's.
ALTER TABLE leads ADD COLUMN time_zone text;
-- Free-text search and the list's sort orders.
CREATE INDEX leads_tenant_updated ON leads (tenant_id, updated_at DESC, id DESC);
CREATE INDEX leads_tenant_created ON leads (tenant_id, created_at, id);
CREATE INDEX leads_tenant_name ON leads (tenant_id, lower(name), id);
-- Ingest finds a lead by any of its emails or phones.
CREATE INDEX leads_tenant_emails ON leads USING gin (emails);
CREATE INDEX leads_tenant_phones ON leads USING gin (phones);

-- The consent ledger. Append-only: the API role may only add and read entries, and a
-- trigger refuses any change of an entry's content (to everyone) and DELETE of an entry
-- whose lead still exists. The one way an entry goes is the erasure of its lead, which
-- cascades here. The sync version alone may move: when a lead changes hands, its
-- entries are re-sent so the new agent's devices receive them.
CREATE TABLE consent_entries (
    tenant_id           uuid NOT NULL REFERENCES tenants (id),
    id                  uuid NOT NULL,
    lead_id             uuid NOT NULL,
    channel             text NOT NULL CHECK (channel IN ('call', 'sms', 'email')),
    action              text NOT NULL CHECK (action IN ('granted', 'revoked')),
    written             boolean NOT NULL,
    covers              text NOT NULL CHECK (length(covers) BETWEEN 1 AND 320),
    consent_text        text NOT NULL,
    captured_at         timestamptz NOT NULL,
    captured_where      text,
    evidence_ip         text,
    evidence_user_agent text,
    recorded_by         text NOT NULL,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    version             bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX consent_entries_tenant_lead ON consent_entries (tenant_id, lead_id, captured_at);
CREATE INDEX consent_entries_tenant_version ON consent_entries (tenant_id, version, id);
ALTER TABLE consent_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE consent_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON consent_entries
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT ON consent_entries TO brokerdesk_app;
GRANT UPDATE (version) ON consent_entries TO brokerdesk_app;

CREATE FUNCTION consent_ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND to_jsonb(NEW) - 'version' = to_jsonb(OLD) - 'version' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND NOT EXISTS (
        SELECT 1 FROM leads WHERE tenant_id = OLD.tenant_id AND id = OLD.lead_id
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the consent ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER consent_entries_append_only
    BEFORE UPDATE OR DELETE ON consent_entries
    FOR EACH ROW EXECUTE FUNCTION consent_ledger_append_only();
CREATE TRIGGER consent_entries_no_truncate
    BEFORE TRUNCATE ON consent_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_append_only();

-- The tenant's internal do-not-call list: one row per number (E.164). It outlives the
-- erasure of a lead on purpose: a promise not to call a number must survive forgetting
-- who had it.
CREATE TABLE dnc_numbers (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    id         uuid NOT NULL,
    phone      text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    reason     text,
    added_by   text NOT NULL,
    added_at   timestamptz NOT NULL DEFAULT now(),
    version    bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, phone)
);
CREATE INDEX dnc_numbers_tenant_version ON dnc_numbers (tenant_id, version, id);
ALTER TABLE dnc_numbers ENABLE ROW LEVEL SECURITY;
ALTER TABLE dnc_numbers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON dnc_numbers
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, DELETE ON dnc_numbers TO brokerdesk_app;

-- Chatbot transcripts. Messages are kept in order, as one document per conversation.
CREATE TABLE conversations (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          uuid NOT NULL,
    lead_id     uuid NOT NULL,
    started_at  timestamptz NOT NULL,
    messages    jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(messages) = 'array'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    version     bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX conversations_tenant_lead ON conversations (tenant_id, lead_id, started_at);
CREATE INDEX conversations_tenant_version ON conversations (tenant_id, version, id);
ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON conversations
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, DELETE ON conversations TO brokerdesk_app;
GRANT UPDATE (version) ON conversations TO brokerdesk_app;

-- Calls. `created_at` (when the record arrived) is what the monthly AI-call quota counts.
CREATE TABLE call_records (
    tenant_id           uuid NOT NULL REFERENCES tenants (id),
    id                  uuid NOT NULL,
    lead_id             uuid NOT NULL,
    direction           text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    phone               text NOT NULL,
    started_at          timestamptz NOT NULL,
    duration_secs       integer NOT NULL CHECK (duration_secs BETWEEN 0 AND 86400),
    outcome             text NOT NULL
                        CHECK (outcome IN ('answered', 'voicemail', 'no_answer', 'busy', 'failed')),
    recording_ref       text,
    transcript_summary  text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    version             bigint NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX call_records_tenant_lead ON call_records (tenant_id, lead_id, started_at);
CREATE INDEX call_records_tenant_version ON call_records (tenant_id, version, id);
CREATE INDEX call_records_tenant_created ON call_records (tenant_id, created_at);
ALTER TABLE call_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE call_records FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON call_records
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, DELETE ON call_records TO brokerdesk_app;
GRANT UPDATE (version) ON call_records TO brokerdesk_app;

-- Integration posts made with an Idempotency-Key: the key, a hash of the request and the
-- answer, so a retry gets the same answer and a reused key with another body is refused.
-- Written in the transaction of the post itself, so an answer is stored exactly when
-- its effects are.
CREATE TABLE ingest_requests (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    idempotency_key  text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    request_hash     text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
    response_status  integer NOT NULL,
    response_body    jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, idempotency_key)
);
ALTER TABLE ingest_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE ingest_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ingest_requests
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT ON ingest_requests TO brokerdesk_app;

-- Erasing a lead clears the conflicts quoted in the push answers devices may replay;
-- the answer itself (applied, at which version) stays.
GRANT UPDATE (result) ON sync_mutations TO brokerdesk_app;
