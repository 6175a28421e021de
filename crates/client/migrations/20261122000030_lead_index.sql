-- The desktop's lead list over the cache: one row per cached lead with the columns it
-- filters and sorts on, and a trigram full-text index for substring search. Triggers on
-- `records` keep both in step with every write (a pulled page, a local edit, a rollback),
-- in the same transaction, so no code path can forget them.
CREATE TABLE lead_index (
    id           TEXT NOT NULL UNIQUE,
    -- A pending local deletion hides the lead.
    hidden       INTEGER NOT NULL,
    stage        TEXT,
    agent        TEXT,
    source       TEXT,
    -- `|tag one|tag two|`, lower-cased, for exact tag matches.
    tags         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    -- Fixed-width UTC text (milliseconds), so text order is time order.
    created_key  TEXT NOT NULL,
    updated_key  TEXT NOT NULL,
    search       TEXT NOT NULL,
    phones       TEXT NOT NULL
) STRICT;
CREATE INDEX lead_index_updated ON lead_index (updated_key DESC, id DESC);
CREATE INDEX lead_index_created ON lead_index (created_key, id);
CREATE INDEX lead_index_name ON lead_index (name_key, id);

-- Trigram tokens match any substring of three characters or more, folding case the
-- Unicode way; the index stores no text of its own (it reads lead_index's).
CREATE VIRTUAL TABLE lead_fts USING fts5(
    search, phones, content = 'lead_index', tokenize = 'trigram'
);
CREATE TRIGGER lead_index_fts_insert AFTER INSERT ON lead_index BEGIN
    INSERT INTO lead_fts (rowid, search, phones) VALUES (new.rowid, new.search, new.phones);
END;
CREATE TRIGGER lead_index_fts_delete AFTER DELETE ON lead_index BEGIN
    INSERT INTO lead_fts (lead_fts, rowid, search, phones)
    VALUES ('delete', old.rowid, old.search, old.phones);
END;

-- What lead_index holds for each cached lead, defined once for the triggers below.
CREATE VIEW lead_index_rows AS
SELECT id, deleted AS hidden,
       json_extract(data, '$.stage') AS stage,
       json_extract(data, '$.assignedAgent') AS agent,
       json_extract(data, '$.source') AS source,
       '|' || lower(coalesce((SELECT group_concat(value, '|') FROM json_each(data, '$.tags')), '')) || '|' AS tags,
       lower(json_extract(data, '$.name')) AS name_key,
       strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(data, '$.createdAt')) AS created_key,
       strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(data, '$.updatedAt')) AS updated_key,
       concat_ws(' ', json_extract(data, '$.name'),
                 (SELECT group_concat(value, ' ') FROM json_each(data, '$.emails')),
                 (SELECT group_concat(value, ' ') FROM json_each(data, '$.tags')),
                 json_extract(data, '$.notes')) AS search,
       coalesce((SELECT group_concat(value, ' ') FROM json_each(data, '$.phones')), '') AS phones
  FROM records WHERE entity = 'lead';

CREATE TRIGGER records_lead_written AFTER INSERT ON records WHEN new.entity = 'lead' BEGIN
    DELETE FROM lead_index WHERE id = new.id;
    INSERT INTO lead_index SELECT * FROM lead_index_rows WHERE id = new.id;
END;
CREATE TRIGGER records_lead_rewritten AFTER UPDATE ON records WHEN new.entity = 'lead' BEGIN
    DELETE FROM lead_index WHERE id = new.id;
    INSERT INTO lead_index SELECT * FROM lead_index_rows WHERE id = new.id;
END;
-- A lead that leaves the cache (erased, or no longer visible to this user) takes its
-- consent entries, conversations and calls with it.
CREATE INDEX records_lead_children ON records (json_extract(data, '$.leadId'))
    WHERE entity IN ('consent', 'conversation', 'call');
CREATE TRIGGER records_lead_removed AFTER DELETE ON records WHEN old.entity = 'lead' BEGIN
    DELETE FROM lead_index WHERE id = old.id;
    DELETE FROM records
     WHERE entity IN ('consent', 'conversation', 'call')
       AND json_extract(data, '$.leadId') = old.id;
END;

-- Caches made before this migration hold leads already.
INSERT INTO lead_index SELECT * FROM lead_index_rows;
