-- The lead search reads stored columns instead of calling its functions on each row.
--
-- lead_search_text() and lead_search_phones() are SQL functions declared IMMUTABLE over
-- functions PostgreSQL calls STABLE (concat_ws, array_to_string), so the planner never
-- inlines them: each call runs the SQL-function executor, about 6 µs a row. When a
-- tenant is small enough that the planner walks its leads and filters them (rather
-- than read the trigram index, whose common trigrams list every tenant's leads), a
-- search of 650 leads took 4.4 ms, and searches were a quarter of PostgreSQL's time
-- under scripts/load.sh. Stored, the search texts are computed once per write, by the
-- same functions, and a filtered row costs one LIKE on a column.
ALTER TABLE leads
    ADD COLUMN search_text text
        GENERATED ALWAYS AS (lead_search_text(name, emails, tags, notes)) STORED,
    ADD COLUMN search_phones text
        GENERATED ALWAYS AS (lead_search_phones(phones)) STORED;

-- The same trigram indexes, over the columns (tenant_id first, as everywhere).
DROP INDEX leads_search_text;
DROP INDEX leads_search_phones;
CREATE INDEX leads_search_text ON leads USING gin (tenant_id, search_text gin_trgm_ops);
CREATE INDEX leads_search_phones ON leads USING gin (tenant_id, search_phones gin_trgm_ops);
