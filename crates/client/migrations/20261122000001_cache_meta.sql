-- Facts about the cache itself: which server and tenant it belongs to, and when it was
-- created. Sync state and cached entities arrive with the sync engine.
CREATE TABLE cache_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
