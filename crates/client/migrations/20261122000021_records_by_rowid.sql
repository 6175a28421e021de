-- Records move from a WITHOUT ROWID table to an ordinary one. Rows here are large (a
-- lead's JSON is most of a kilobyte) and arrive in random id order: clustered by
-- (entity, id), every insert landed mid-tree and split pages full of JSON; with a rowid
-- they append, and only the small (entity, id) index takes the random inserts.
CREATE TABLE records_by_rowid (
    entity   TEXT NOT NULL,
    id       TEXT NOT NULL,
    version  INTEGER NOT NULL,
    data     TEXT NOT NULL,
    shadow   TEXT,
    state    INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),
    deleted  INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
INSERT INTO records_by_rowid (entity, id, version, data, shadow, state, deleted)
    SELECT entity, id, version, data, shadow, state, deleted FROM records;
DROP TABLE records;
ALTER TABLE records_by_rowid RENAME TO records;
CREATE UNIQUE INDEX records_entity_id ON records (entity, id);
CREATE INDEX records_unsynced ON records (state) WHERE state <> 0;
