-- The desktop's transaction list over the cache: one row per cached deal with what the
-- list filters and sorts on, computed by the app (src/transactions/index.rs) from the
-- deal's JSON in the transaction that writes it, so a list window is chosen by SQL
-- from these narrow rows instead of by decoding every cached deal.
--
-- What the list judges with the brokerage's roster, status mapping and the day (agent,
-- office, data quality) cannot be stored: it changes when those do. For those filters
-- and that sort the list decodes `transaction_judged`, each deal's fields without its
-- custom fields, tags and address (a fraction of the record's size), and judges them
-- with core's rules.
CREATE TABLE transaction_index (
    id               TEXT NOT NULL PRIMARY KEY,
    status           TEXT,
    -- YYYY-MM-DD, so text order is date order.
    closing_date     TEXT,
    transaction_type TEXT,
    -- The name lower-cased, as the list sorts it.
    name_key         TEXT NOT NULL,
    -- A sort key only (the price itself is read from the record, as a decimal).
    price_key        REAL,
    -- Fixed-width UTC text (microseconds), so text order is time order.
    updated_key      TEXT NOT NULL,
    -- Core's `search_text()`: name, address and MLS number, lower-cased.
    search           TEXT NOT NULL,
    mls_number       TEXT
) STRICT;
-- One index per sort order, in the order the list sorts (deals without the key last,
-- the id breaking ties), so a window is a walk that stops at its end.
CREATE INDEX transaction_index_closing_desc
    ON transaction_index (closing_date IS NULL, closing_date DESC, id);
CREATE INDEX transaction_index_closing_asc
    ON transaction_index (closing_date IS NULL, closing_date, id);
CREATE INDEX transaction_index_name ON transaction_index (name_key, id);
CREATE INDEX transaction_index_price
    ON transaction_index (price_key IS NULL, price_key DESC, id);
CREATE INDEX transaction_index_updated ON transaction_index (updated_key DESC, id);

CREATE TABLE transaction_judged (
    id     TEXT NOT NULL PRIMARY KEY,
    fields TEXT NOT NULL
) STRICT;

-- A deal that leaves the cache (no longer visible to this user) leaves the index too.
CREATE TRIGGER records_transaction_removed AFTER DELETE ON records
    WHEN old.entity = 'transaction' BEGIN
    DELETE FROM transaction_index WHERE id = old.id;
    DELETE FROM transaction_judged WHERE id = old.id;
END;

-- Caches made before this migration hold deals already: the app fills their rows when
-- it opens the cache (the migration cannot compute them).
INSERT INTO cache_meta (key, value) VALUES ('transaction_index', 'building')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
