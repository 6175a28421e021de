-- Lets the lead search use its trigram indexes under row-level security. Run by
-- `brokerdesk-server migrate` as the administrative user AFTER the migrations (it marks
-- functions the migrations use). Idempotent.
--
-- Why: `brokerdesk_app` reads `leads` through the `tenant_isolation` policy (ENABLE +
-- FORCE). PostgreSQL evaluates a query's own conditions after the policy's unless
-- they are LEAKPROOF (cannot reveal anything about the rows they are given, not even
-- through an error), and only then may it use them as index conditions. The search
-- condition `search_text LIKE $1` was not, so under RLS a search walked every lead of
-- the tenant and filtered them one by one (93 ms instead of 0.9 ms for a tenant of
-- 20,000 leads), leaving the trigram indexes unused. (The search texts are stored
-- columns since migration lead_search_columns, so the condition is the LIKE alone.)
--
-- What is marked, and why it is honest:
-- * `textlike`, the function behind `text LIKE text`: it never fails because of the
--   text it searches. It can fail on a malformed PATTERN ("LIKE pattern must not end
--   with escape character"); the API always binds the pattern as a parameter it builds
--   itself (`%…%` with the needle escaped), never a column, and brokerdesk_app runs no
--   other statements. The mark is per database (this one only).
-- * `textlike` is also given COST 100. The planner prices a LIKE like an equality test,
--   but `%…%` over a lead's search text costs far more; with the search texts stored
--   as columns, it then walked a large tenant's leads (13 ms for 12,000) instead of
--   reading the trigram index (about 1 ms). 100 is what the search functions cost the
--   planner before they were stored, so the plans are the ones they were, and a row
--   filtered without the index is about 40 times cheaper.
--
-- Isolation is unchanged: both layers stay (every statement filters by tenant_id, and
-- the policy applies to brokerdesk_app, which is NOBYPASSRLS). The mark only lets the
-- planner check the search through the index before or together with the policy.
--
-- Marking a function LEAKPROOF needs a superuser. Without one this leaves everything as
-- it is and warns: search stays correct, only slower under RLS. The test
-- `crates/server/tests/rls_search_plan.rs` fails when the plan stops using the index.
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF COST 100;
    ELSE
        RAISE WARNING 'migrate is not running as a superuser, so the lead search cannot be '
            'marked LEAKPROOF and will not use its trigram indexes under row-level security; '
            'run crates/server/db/leakproof_search.sql as a superuser';
    END IF;
END $$;

-- The knowledge base's search (kb/search.rs) reads kb_chunks through the same policy,
-- with the same problem: `search @@ tsquery` and `match_text %> text` were checked row by
-- row after it instead of through kb_chunks_search and kb_chunks_match_text.
-- * `ts_match_vq` (tsvector @@ tsquery) compares a row's stored tsvector with a query
--   the API builds from the question with websearch_to_tsquery, which never produces a
--   query the match could fail on; it raises nothing about the row.
-- * `word_similarity_commutator_op` (pg_trgm's `%>`) compares the trigrams of two texts
--   and returns a boolean; it has no error path for any text. pg_trgm lives in public
--   (extensions.sql).
-- The test `crates/server/tests/kb_search_plan.rs` fails when either plan stops using
-- its index.
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
        ALTER FUNCTION public.word_similarity_commutator_op(text, text) LEAKPROOF;
    ELSE
        RAISE WARNING 'migrate is not running as a superuser, so the knowledge-base search '
            'cannot use its indexes under row-level security; run '
            'crates/server/db/leakproof_search.sql as a superuser';
    END IF;
END $$;
