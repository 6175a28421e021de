-- Integration posts keep a hash of their Idempotency-Key instead of the key. Callers
-- choose their keys, and some make them of what they post (a caller's phone number, an
-- email address), which would then outlive the lead's erasure here. A retry is found by
-- equality, which the hash answers as well as the key.
ALTER TABLE ingest_requests DROP CONSTRAINT ingest_requests_idempotency_key_check;
UPDATE ingest_requests
   SET idempotency_key = encode(sha256(convert_to(idempotency_key, 'UTF8')), 'hex');
ALTER TABLE ingest_requests RENAME COLUMN idempotency_key TO key_hash;
ALTER TABLE ingest_requests
    ADD CONSTRAINT ingest_requests_key_hash_check CHECK (key_hash ~ '^[0-9a-f]{64}$');
