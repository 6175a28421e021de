-- A brokerage's own domain. The claim and its verification token are tenant data; once
-- the DNS TXT record has been seen, the domain is also written to the tenant registry,
-- where its uniqueness is enforced across tenants and where a request's Host header can
-- be matched to the tenant it names.
CREATE TABLE custom_domains (
    tenant_id           uuid NOT NULL REFERENCES tenants (id),
    id                  uuid NOT NULL,
    domain              text NOT NULL CHECK (domain = lower(domain) AND length(domain) <= 253),
    verification_token  text NOT NULL,
    verified_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    version             bigint NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- One domain per tenant for now: the chatbot and the public site both live under it.
CREATE UNIQUE INDEX custom_domains_one_per_tenant ON custom_domains (tenant_id);
CREATE INDEX custom_domains_tenant_version ON custom_domains (tenant_id, version);
ALTER TABLE custom_domains ENABLE ROW LEVEL SECURITY;
ALTER TABLE custom_domains FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON custom_domains
    USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON custom_domains TO brokerdesk_app;

-- The verified domain, in the registry beside the subdomain: unique across tenants.
ALTER TABLE tenants ADD COLUMN custom_domain text UNIQUE
    CHECK (custom_domain = lower(custom_domain));
