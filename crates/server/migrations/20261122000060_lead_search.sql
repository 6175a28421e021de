-- Index-backed lead search.
--
-- The list's free-text search finds a substring in a lead's name, emails, tags or notes
-- (ignoring case), or the search's digits in a phone number: the same rule as core's
-- `Lead::matches_text` and the desktop's offline trigram index. Each side is one
-- expression with a trigram GIN index, so `like '%…%'` reads the index instead of every
-- row. pg_trgm and btree_gin are created by `brokerdesk-server migrate`
-- (db/extensions.sql) as the administrative user: extensions need more than the owner
-- role's rights.
--
-- The search text is core's `Lead::search_text`: name, emails, tags and notes, space-
-- separated (an empty list leaves no gap), lower-cased. The functions are IMMUTABLE so
-- they can be indexed; they call only functions whose result depends on their
-- arguments alone (for text arrays), named with their schema so no search_path can
-- change them.
CREATE FUNCTION lead_search_text(name text, emails text[], tags text[], notes text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN pg_catalog.lower(pg_catalog.concat_ws(' ', name,
    NULLIF(pg_catalog.array_to_string(emails, ' '), ''),
    NULLIF(pg_catalog.array_to_string(tags, ' '), ''), notes));

CREATE FUNCTION lead_search_phones(phones text[])
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN pg_catalog.array_to_string(phones, ' ');

-- tenant_id leads each index (btree_gin), as every index here does, so a tenant's
-- search reads only the tenant's entries.
CREATE INDEX leads_search_text ON leads
    USING gin (tenant_id, lead_search_text(name, emails, tags, notes) gin_trgm_ops);
CREATE INDEX leads_search_phones ON leads
    USING gin (tenant_id, lead_search_phones(phones) gin_trgm_ops);
