-- PostgreSQL extensions the schema uses. Run by `brokerdesk-server migrate` as the
-- administrative user in the app's database, before the migrations: creating an
-- extension needs rights the owner role does not have. Both are "trusted" extensions
-- that ship with PostgreSQL (contrib). Idempotent.

-- Trigram indexes for the lead list's substring search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- Lets a GIN index lead with tenant_id, as every index on tenant data does.
CREATE EXTENSION IF NOT EXISTS btree_gin;
