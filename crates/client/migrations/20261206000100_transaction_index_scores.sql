-- The transaction list judges deals in SQL instead of decoding each deal's fields
-- (`transaction_judged`, dropped): a list sorted by data quality, or filtered by agent
-- or office, over 50,000 deals took seconds that way.
--
-- A deal's score is 100 less the weights of its findings. What the deal alone decides
-- (money, splits, rates, a missing MLS number) is worked out by the app when it writes
-- the deal (`deal_penalty`). What depends on the day, the brokerage's status mapping,
-- its roster or other deals (closed without a closing date, stale pending, no agent
-- matched, a duplicate MLS number among open loops) is worked out by the list's query
-- from these columns: `mls_key` (core's `mls_key`, so duplicates are counted in SQL)
-- and `transaction_agent_key` (each participant who may be an agent, by the email and
-- name key the roster matches on). See src/transactions/judge.rs.
DROP TRIGGER records_transaction_removed;
DROP TABLE transaction_judged;
DROP TABLE transaction_index;

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
    mls_number       TEXT,
    -- Core's `mls_key` of the MLS number (trimmed, upper-cased); null without one.
    mls_key          TEXT,
    -- The points the findings the deal alone decides take off its score.
    deal_penalty     INTEGER NOT NULL
) STRICT;
-- The sort indexes (and the MLS numbers' index) are made by the app
-- (src/transactions/index.rs), which drops them while a pull that brings a large part
-- of the tenant appends rows, and makes each in one pass at its end.

-- The deal's participants who may be agents (core's `participant_keys`), by position.
CREATE TABLE transaction_agent_key (
    id       TEXT NOT NULL,
    position INTEGER NOT NULL,
    -- Trimmed and lower-cased; null without an email.
    email    TEXT,
    name_key TEXT NOT NULL,
    PRIMARY KEY (id, position)
) STRICT, WITHOUT ROWID;

-- A deal that leaves the cache (no longer visible to this user) leaves the index too.
CREATE TRIGGER records_transaction_removed AFTER DELETE ON records
    WHEN old.entity = 'transaction' BEGIN
    DELETE FROM transaction_index WHERE id = old.id;
    DELETE FROM transaction_agent_key WHERE id = old.id;
END;

-- The app fills the rows of the deals already cached, and makes the sort indexes, when
-- it opens the cache (the migration cannot compute the rows).
INSERT INTO cache_meta (key, value) VALUES ('transaction_index', 'building')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
