-- Every synced record, as JSON in the shape the API sends. `data` is what the user sees:
-- the server's copy with this device's pending edits on top. While edits are pending,
-- `shadow` keeps the server's copy, so a refused edit can be rolled back.
--   state 0: data is the server's copy (shadow is null)
--   state 1: edited here, not yet accepted (shadow is the server's copy)
--   state 2: created here, not yet accepted (the server has no copy)
-- `deleted` hides a record whose deletion is pending.
CREATE TABLE records (
    entity   TEXT NOT NULL,
    id       TEXT NOT NULL,
    version  INTEGER NOT NULL,
    data     TEXT NOT NULL,
    shadow   TEXT,
    state    INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),
    deleted  INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (entity, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX records_unsynced ON records (state) WHERE state <> 0;

-- Local edits waiting for the server, in the order they were made. An edit and its
-- optimistic change to `records` are written in one transaction. A refused edit stays
-- here, with the server's reason, until the user dismisses it.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id     TEXT NOT NULL UNIQUE,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    op              TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
    changes         TEXT NOT NULL,
    base_version    INTEGER,
    -- For a create, the whole record as first written, to rebuild the optimistic copy.
    created_record  TEXT,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'rejected')),
    reject_code     TEXT,
    reject_message  TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (status, seq);
CREATE INDEX outbox_record ON outbox (entity, entity_id);
