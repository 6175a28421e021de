-- Deals: one Dotloop loop each, or a transaction entered by hand. Money is numeric,
-- never a float; ZIP, MLS and parcel numbers are text, so leading zeros stay.
-- Participants, tags and the "Section / Field" values the model has no column for are
-- jsonb: they are read and written whole with their deal, never queried one by one.
--
-- Two derived columns serve reads without opening the jsonb: participant_emails (the
-- participants' emails, lower-cased), which an agent's read filter matches against
-- their own addresses through a GIN index, and participant_names (core's name keys), for
-- the list's agent filter. search_text is core's `search_text()` (name, address, MLS).
CREATE TABLE transactions (
    tenant_id                uuid NOT NULL REFERENCES tenants (id),
    id                       uuid NOT NULL,
    loop_view_id             text,
    loop_id                  text,
    profile_id               text,
    name                     text NOT NULL,
    status                   text,
    transaction_type         text,
    street_number            text,
    street_name              text,
    unit_number              text,
    city                     text,
    state                    text,
    postal_code              text,
    county                   text,
    country                  text,
    mls_number               text,
    parcel_id                text,
    sale_price               numeric,
    original_price           numeric,
    current_price            numeric,
    commission_rate          numeric,
    commission_total         numeric,
    buy_side_split_percent   numeric,
    sell_side_split_percent  numeric,
    buy_side_split_amount    numeric,
    sell_side_split_amount   numeric,
    referral_percent         numeric,
    referral_source          text,
    earnest_money            numeric,
    contract_date            date,
    offer_date               date,
    listing_date             date,
    expiration_date          date,
    closing_date             date,
    paid_date                date,
    tags                     jsonb NOT NULL DEFAULT '[]',
    compliance_status        text,
    loop_url                 text,
    loop_created_at          timestamptz,
    loop_updated_at          timestamptz,
    participants             jsonb NOT NULL DEFAULT '[]',
    custom_fields            jsonb NOT NULL DEFAULT '[]',
    participant_emails       text[] NOT NULL DEFAULT '{}',
    participant_names        text[] NOT NULL DEFAULT '{}',
    search_text              text NOT NULL DEFAULT '',
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    version                  bigint NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- Imports match on the loop view id: one deal per loop in a tenant.
CREATE UNIQUE INDEX transactions_tenant_loop_view ON transactions (tenant_id, loop_view_id)
    WHERE loop_view_id IS NOT NULL;
CREATE INDEX transactions_tenant_version ON transactions (tenant_id, version, id);
CREATE INDEX transactions_tenant_updated ON transactions (tenant_id, updated_at DESC, id DESC);
CREATE INDEX transactions_tenant_closing ON transactions (tenant_id, closing_date);
-- The agents' read filter: participant_emails && the reader's addresses.
CREATE INDEX transactions_participant_emails ON transactions USING gin (participant_emails);
SELECT brokerdesk_tenant_table('transactions');
GRANT SELECT, INSERT ON transactions TO brokerdesk_app;
GRANT UPDATE (loop_view_id, loop_id, profile_id, name, status, transaction_type,
              street_number, street_name, unit_number, city, state, postal_code, county,
              country, mls_number, parcel_id, sale_price, original_price, current_price,
              commission_rate, commission_total, buy_side_split_percent,
              sell_side_split_percent, buy_side_split_amount, sell_side_split_amount,
              referral_percent, referral_source, earnest_money, contract_date, offer_date,
              listing_date, expiration_date, closing_date, paid_date, tags,
              compliance_status, loop_url, loop_created_at, loop_updated_at, participants,
              custom_fields, participant_emails, participant_names, search_text,
              updated_at, version)
    ON transactions TO brokerdesk_app;
