#!/usr/bin/env bash
# Row-level security cost (not a test): the lead list and the lead search run by pgbench
# as brokerdesk_app (RLS on) and as a role that bypasses RLS, with the same statements
# and the same concurrency. Prints transactions/s and the ratio RLS / no RLS for each,
# and for the search also the figure without the LEAKPROOF marks of
# crates/server/db/leakproof_search.sql (what it was before them).
#
# 1,000 tenants of RLS_BENCH_LEADS (20) leads, of which the first RLS_BENCH_LARGE (10)
# hold RLS_BENCH_LARGE_LEADS (20,000) leads each; searches go to the large ones.
# RLS_BENCH_CLIENTS (8), RLS_BENCH_SECONDS (15 per run) and RLS_BENCH_ROUNDS (3 pairs of
# runs per script) change the runs. Uses its own
# database, bdrls, in the PostgreSQL the test script uses.
set -euo pipefail
source "$(dirname "$0")/lib/init.sh"

TENANTS=1000
LEADS=${RLS_BENCH_LEADS:-20}
LARGE=${RLS_BENCH_LARGE:-10}
LARGE_LEADS=${RLS_BENCH_LARGE_LEADS:-20000}
CLIENTS=${RLS_BENCH_CLIENTS:-8}
RUN_SECONDS=${RLS_BENCH_SECONDS:-15}
ROUNDS=${RLS_BENCH_ROUNDS:-3}
BYPASS_ROLE=brokerdesk_bench_norls

ensure_postgres
SERVER_URL="${DATABASE_URL%/*}"
ADMIN_URL="$SERVER_URL/bdrls"
psql "$SERVER_URL/postgres" -qc "drop database if exists bdrls with (force)"
DATABASE_URL="$ADMIN_URL" cargo run --quiet --locked -p brokerdesk-server -- migrate

log "seeding $TENANTS tenants ($LARGE of them with $LARGE_LEADS leads, the rest $LEADS)"
psql "$ADMIN_URL" -q -v ON_ERROR_STOP=1 <<SQL
-- The comparison role: the same rights on leads as the app, but RLS does not apply.
DO \$\$ BEGIN
    CREATE ROLE $BYPASS_ROLE LOGIN BYPASSRLS;
EXCEPTION WHEN duplicate_object THEN NULL;
END \$\$;
GRANT USAGE ON SCHEMA public TO $BYPASS_ROLE;
GRANT SELECT ON leads TO $BYPASS_ROLE;
INSERT INTO tenants (id, name, subdomain, plan)
SELECT ('00000000-0000-4000-8000-' || lpad(t::text, 12, '0'))::uuid, 'Bench ' || t,
       'bench' || t, 'enterprise'
  FROM generate_series(1, $TENANTS) t;
INSERT INTO leads (tenant_id, id, name, emails, phones, source, stage, tags, notes, version,
                   updated_at)
SELECT ('00000000-0000-4000-8000-' || lpad(t::text, 12, '0'))::uuid, gen_random_uuid(),
       'Bulk Lead ' || n, array['bulk lead ' || n || '@example.test'],
       array['+1' || (5550000000 + n)], 'import', 'new', array['bulk'], 'Seeded.', n,
       now() - n * interval '1 minute'
  FROM generate_series(1, $TENANTS) t,
       generate_series(1, CASE WHEN t <= $LARGE THEN $LARGE_LEADS ELSE $LEADS END) n;
ANALYZE;
SQL

# The pgbench scripts: a page of the lead list, as the API runs it (the tenant set for
# row-level security, the explicit tenant filter, the update order), of a random tenant
# ($1: how the tenant is picked) with the conditions $2.
WORK="$REPO_ROOT/target/rls_bench"
mkdir -p "$WORK"
lead_page() {
    local tenant="('00000000-0000-4000-8000-' || lpad(:t::text, 12, '0'))"
    cat <<SQL
$1
BEGIN;
SELECT set_config('app.tenant_id', $tenant, true);
SELECT id, name, emails, phones, source, source_detail, stage, assigned_agent, budget_min,
       budget_max, preferences, tags, notes, time_zone, created_at, updated_at,
       last_activity_at, version
  FROM leads WHERE tenant_id = $tenant::uuid $2
 ORDER BY updated_at DESC, id DESC LIMIT 51;
END;
SQL
}
# Any tenant's first page.
lead_page '\set t random(1, :tenants)' '' >"$WORK/list.sql"
# A search in one of the large tenants for a name and its digits (both trigram indexes).
lead_page '\set t random(1, :large_tenants)
\set n random(1, :large_leads)' "
   AND (search_text LIKE '%bulk lead ' || :n || '@%'
        OR search_phones LIKE '%' || (5550000000 + :n) || '%')" >"$WORK/search.sql"

# Transactions per second of one pgbench run of $1 (a script) as role $2.
tps() {
    pgbench "$SERVER_URL/bdrls?user=$2" -n -M prepared -c "$CLIENTS" -j 2 -T "$RUN_SECONDS" \
        -D tenants="$TENANTS" -D large_tenants="$LARGE" -D large_leads="$LARGE_LEADS" \
        -f "$WORK/$1" 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The ratio of script $1 as brokerdesk_app against the bypassing role: ROUNDS pairs of
# runs, the two roles alternating, after a run that warms the cache (without it,
# whichever role ran first read the indexes from disk: 127 tps against 531, then 701
# and 752 when repeated). Single pairs of runs on this machine vary by ±10 %, so the
# median of the pairs' ratios is printed with each pair's figures.
compare() {
    local rls bypass ratios="" line=""
    tps "$1" "$BYPASS_ROLE" >/dev/null
    for _ in $(seq 1 "$ROUNDS"); do
        rls=$(tps "$1" brokerdesk_app)
        bypass=$(tps "$1" "$BYPASS_ROLE")
        ratios="$ratios $(ratio "$rls" "$bypass")"
        line="$line ${rls%.*}/${bypass%.*}"
    done
    echo "ratio $(echo $ratios | median) (median of$ratios; RLS/no RLS tps:$line)"
}

log "pgbench: $CLIENTS clients, ${RUN_SECONDS}s a run, $ROUNDS rounds a script"
list=$(compare list.sql)
search=$(compare search.sql)
search_bypass=$(tps search.sql $BYPASS_ROLE)
psql "$ADMIN_URL" -qc "ALTER FUNCTION pg_catalog.textlike(text, text) NOT LEAKPROOF"
search_unmarked=$(tps search.sql brokerdesk_app)
psql "$ADMIN_URL" -qc "ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF"

echo
echo "== RLS cost: transactions/s, $CLIENTS clients, $TENANTS tenants =="
echo "lead list:   $list"
echo "lead search: $search"
echo "lead search without the LEAKPROOF marks: RLS $search_unmarked, no RLS $search_bypass, ratio $(ratio "$search_unmarked" "$search_bypass")"
