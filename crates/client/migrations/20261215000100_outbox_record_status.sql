-- A record's pending edits are looked up by entity, id and status. With the status not in
-- this index, SQLite took the outbox queue's index (status, seq) instead and read every
-- pending edit: a window of the transaction list over 50,000 queued deals took 0.5 s,
-- three quarters of it here, however few deals the window showed.
DROP INDEX outbox_record;
CREATE INDEX outbox_record ON outbox (entity, entity_id, status);
