-- The lead list's index is now kept by the app (src/sync/lead_index.rs) instead of by
-- triggers that read each written lead's JSON back in SQL: a pulled page indexes its
-- leads with a few statements, and a pull that brings a whole tenant builds the sorted
-- and full-text indexes once, at its end.
--
-- The search text is lower-cased by the app, with a separator between fields, so a
-- search matches exactly as core's rule does. The full-text index keeps no positions
-- (detail=none): it proposes candidates, which the list checks against that text. That
-- makes it several times smaller and quicker to build.
--
-- The rows are remade by the app: the index starts out "building" (see lead_index.rs),
-- and the next pull's end fills it. The trigger that removes a deleted lead's index row
-- and sub-records (records_lead_removed) stays.
DROP TRIGGER records_lead_written;
DROP TRIGGER records_lead_rewritten;
DROP TRIGGER lead_index_fts_insert;
DROP TRIGGER lead_index_fts_delete;
DROP VIEW lead_index_rows;
DROP TABLE lead_fts;
DROP TABLE lead_index;

CREATE TABLE lead_index (
    id           TEXT NOT NULL UNIQUE,
    -- A pending local deletion hides the lead.
    hidden       INTEGER NOT NULL,
    stage        TEXT,
    agent        TEXT,
    source       TEXT,
    -- `|tag one|tag two|`, ASCII lower-cased, for exact tag matches.
    tags         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    -- Fixed-width UTC text (milliseconds), so text order is time order.
    created_key  TEXT NOT NULL,
    updated_key  TEXT NOT NULL,
    search       TEXT NOT NULL,
    phones       TEXT NOT NULL,
    -- The last conversation or call, as the keys above; null when there is none, which
    -- no activity range then matches.
    activity_key TEXT
) STRICT;

CREATE VIRTUAL TABLE lead_fts USING fts5(
    search, phones, content = 'lead_index', tokenize = 'trigram', detail = 'none', columnsize = 0
);

INSERT INTO cache_meta (key, value) VALUES ('lead_index', 'building')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
