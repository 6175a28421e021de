-- A deal keeps its fields as the API serialises them, written with the row, so a sync
-- pull sends them as they are instead of decoding 45 columns (decimals, dates, three
-- jsonb documents) and serialising them again for every deal of every page: the
-- server's and PostgreSQL's work per deal was about twice a lead's.
--
-- fields_json_stamp says which copy it is: `{shape}:{version}`, the shape being a hash
-- of the field names the server serialises (transactions::store::fields_shape) and the
-- version the row's own. Any change to a synced row takes a new version (devices would
-- not see it otherwise), so a row changed by anything but the store's write, and every
-- row after a build that serialises other fields, has a stamp that no longer matches:
-- readers then build the JSON from the columns, as before. Rows written before this
-- migration have none and are read that way until their next write.
ALTER TABLE transactions
    ADD COLUMN fields_json text,
    ADD COLUMN fields_json_stamp text;

-- A deal's row is now about 3 KB. Above the default 2 KB target PostgreSQL compresses
-- its largest values on every write and decompresses them on every read; rows up to a
-- page stay as they are.
ALTER TABLE transactions SET (toast_tuple_target = 8160);

-- The store's write replaces the copy with the row.
GRANT UPDATE (fields_json, fields_json_stamp) ON transactions TO brokerdesk_app;
