-- The search's GIN indexes without tenant_id as a first key column.
--
-- With (tenant_id, …), every lookup intersected the terms' entries with the tenant's
-- own entry, which lists every chunk of the tenant: over 20,000 chunks of one tenant
-- that intersection was most of a search (a 4-word conjunction: 8.3 ms through the
-- two-column index, 0.4 ms through this one; the trigram lookup 19.7 ms against 6.1).
-- The tenant is still checked, on the rows the terms find (the statement's condition
-- and row-level security), so isolation is unchanged; what grows is the work for the
-- other tenants' matching chunks, which is small next to the saving until one
-- database holds many tenants' large knowledge bases, where partitioning kb_chunks by
-- tenant is the next step.
--
-- fastupdate off: new chunks go into the index at publish, not into a pending list
-- that every search scans in full until a vacuum merges it (after seeding 10,000
-- chunks the planner judged that list so costly it read the whole table instead).
-- Searches outnumber publishes by far; a publish pays a few milliseconds more.
DROP INDEX kb_chunks_search;
DROP INDEX kb_chunks_match_text;
CREATE INDEX kb_chunks_search ON kb_chunks USING gin (search) WITH (fastupdate = off);
CREATE INDEX kb_chunks_match_text ON kb_chunks USING gin (match_text gin_trgm_ops) WITH (fastupdate = off);
