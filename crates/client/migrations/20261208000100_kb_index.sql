-- The knowledge base's test console over the cache: one row per chunk it can find, with
-- two full-text indexes over those rows, so a question is answered offline the way the
-- server's search answers it (src/kb/index.rs writes the rows; src/kb/console.rs asks).
--
-- `side` says which knowledge base a row belongs to:
--   'published': a chunk of a live published version, as synced (`kb_chunk` records);
--   'draft': a chunk of an item's current draft, chunked here by core's rule, the same
--            the server publishes with: what the chatbot would get were it published.
CREATE TABLE kb_chunk_index (
    -- 'p:<chunk id>' or 'd:<item id>:<ordinal>'.
    id          TEXT NOT NULL UNIQUE,
    side        TEXT NOT NULL CHECK (side IN ('published', 'draft')),
    item_id     TEXT NOT NULL,
    version_id  TEXT,
    ordinal     INTEGER NOT NULL,
    -- The item's title, as a hit shows it.
    item_title  TEXT NOT NULL,
    -- The item's title, then a Q&A pair's questions (the server's weight A).
    title       TEXT NOT NULL,
    -- The heading path joined by ' / ' (weight B); the JSON array is `heading_path`.
    headings    TEXT NOT NULL,
    heading_path TEXT NOT NULL,
    -- The chunk's text (weight C).
    body        TEXT NOT NULL,
    -- `|tag one|tag two|`, for exact tag filters.
    tags        TEXT NOT NULL,
    collection  TEXT,
    -- Lower-cased title, questions and headings: what trigram similarity compares.
    match_text  TEXT NOT NULL
) STRICT;
CREATE INDEX kb_chunk_index_item ON kb_chunk_index (item_id, side);

CREATE VIRTUAL TABLE kb_words USING fts5(
    title, headings, body, content = 'kb_chunk_index',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE kb_trigrams USING fts5(
    match_text, content = 'kb_chunk_index', tokenize = 'trigram'
);

CREATE TRIGGER kb_chunk_index_fts_insert AFTER INSERT ON kb_chunk_index BEGIN
    INSERT INTO kb_words (rowid, title, headings, body)
        VALUES (new.rowid, new.title, new.headings, new.body);
    INSERT INTO kb_trigrams (rowid, match_text) VALUES (new.rowid, new.match_text);
END;
CREATE TRIGGER kb_chunk_index_fts_delete AFTER DELETE ON kb_chunk_index BEGIN
    INSERT INTO kb_words (kb_words, rowid, title, headings, body)
        VALUES ('delete', old.rowid, old.title, old.headings, old.body);
    INSERT INTO kb_trigrams (kb_trigrams, rowid, match_text)
        VALUES ('delete', old.rowid, old.match_text);
END;

-- A pulled tombstone deletes the record; its rows go with it: a chunk's own row, or an
-- item's draft chunks.
CREATE TRIGGER records_kb_removed AFTER DELETE ON records
    WHEN old.entity IN ('kb_chunk', 'kb_item')
BEGIN
    DELETE FROM kb_chunk_index WHERE id = 'p:' || old.id AND old.entity = 'kb_chunk';
    DELETE FROM kb_chunk_index
        WHERE item_id = old.id AND side = 'draft' AND old.entity = 'kb_item';
END;

-- A cache made before this version may hold knowledge-base records already: the app
-- indexes them when it opens the cache (`cache_opened`), then clears this.
INSERT INTO cache_meta (key, value) VALUES ('kb_index', 'building')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
