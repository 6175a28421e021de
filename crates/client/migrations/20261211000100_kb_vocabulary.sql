-- The test console over a large knowledge base (src/kb/console.rs).

-- Its trigram candidates: asking `kb_trigrams` for any of a question's trigrams matches
-- nearly every chunk (the common trigrams are in most match texts) and scores each one:
-- 150 to 390 ms over 20,000 chunks. Instead the question's words are compared with the
-- distinct words of the match texts (a few thousand), and only the chunks holding the
-- close ones are read.

-- The rows are made again (src/kb/index.rs, when the app opens the cache), with
-- published chunks at positive rowids and drafts at negative ones: each ranking keeps to
-- one side by rowid as the full-text index reads, without reading the rows. Emptied
-- first, while the old triggers keep the old full-text indexes in step.
DELETE FROM kb_chunk_index;
INSERT INTO cache_meta (key, value) VALUES ('kb_index', 'building')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- The trigram index of every chunk's match text has no reader left: gone, with the
-- triggers that kept it (remade for `kb_words` alone).
DROP TRIGGER kb_chunk_index_fts_insert;
DROP TRIGGER kb_chunk_index_fts_delete;
DROP TABLE kb_trigrams;
CREATE TRIGGER kb_chunk_index_words_insert AFTER INSERT ON kb_chunk_index BEGIN
    INSERT INTO kb_words (rowid, title, headings, body)
        VALUES (new.rowid, new.title, new.headings, new.body);
END;
CREATE TRIGGER kb_chunk_index_words_delete AFTER DELETE ON kb_chunk_index BEGIN
    INSERT INTO kb_words (kb_words, rowid, title, headings, body)
        VALUES ('delete', old.rowid, old.title, old.headings, old.body);
END;

-- The distinct words of the match texts (src/kb/index.rs adds a row's words as it writes
-- the row). A word is not removed when its last chunk goes: it then finds no chunk, and
-- the list stays as small as the words the knowledge base has used.
CREATE TABLE kb_vocabulary (
    id   INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE
) STRICT;

-- Each word padded as pg_trgm pads it (two spaces in front, one behind), so the trigram
-- tokenizer yields the edge trigrams too ("  e", " ea", "st "), which weigh as much as
-- the inner ones in `word_similarity`. Contentless: only the rowids are read back.
CREATE VIRTUAL TABLE kb_vocabulary_trigrams USING fts5(
    word, content = '', tokenize = 'trigram'
);
CREATE TRIGGER kb_vocabulary_trigrams_insert AFTER INSERT ON kb_vocabulary BEGIN
    INSERT INTO kb_vocabulary_trigrams (rowid, word) VALUES (new.id, '  ' || new.word || ' ');
END;

-- The chunks holding a word of their match text, without stemming or accent folding, so
-- a vocabulary word finds exactly the chunks it came from.
CREATE VIRTUAL TABLE kb_match_words USING fts5(
    match_text, content = 'kb_chunk_index', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER kb_chunk_index_match_words_insert AFTER INSERT ON kb_chunk_index BEGIN
    INSERT INTO kb_match_words (rowid, match_text) VALUES (new.rowid, new.match_text);
END;
CREATE TRIGGER kb_chunk_index_match_words_delete AFTER DELETE ON kb_chunk_index BEGIN
    INSERT INTO kb_match_words (kb_match_words, rowid, match_text)
        VALUES ('delete', old.rowid, old.match_text);
END;
