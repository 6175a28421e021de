-- Per-account protection against password guessing: failures are counted, each one
-- slows the next answer, and enough of them lock the account for a while.
ALTER TABLE users
    ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
    ADD COLUMN locked_until    timestamptz;
