#!/usr/bin/env bash
# Load benchmark (not a test): the release API over loopback with many Enterprise
# tenants, driven for 60 s by wrk with a mixed workload (lead list and search, /v1/me,
# sync pull, ingest with an API key, lead patch; see scripts/load/mixed.lua). Prints
# requests/s, p50/p99 latency and the answers by status.
#
# LOAD_TENANTS (default 50), LOAD_LEADS per tenant (500), LOAD_SECONDS (60),
# LOAD_CONNECTIONS (32) and LOAD_THREADS (2) change the run; LOAD_PROFILE=dev uses a
# debug build instead (quicker to build, slower to run: for trying the script only).
# Enterprise tenants may make 10,000 requests per 15 minutes each, so 50 tenants allow
# 500,000 in a 15-minute window, about 550 req/s sustained over the whole window; a
# 60-second run at 1,000 req/s uses 60,000 of them, far from the limit.
#
# wrk keeps every connection busy (a closed loop), so latency is connections divided by
# throughput plus service time: 32 connections already keep the server, PostgreSQL and
# wrk on this machine's 2 cores fully busy (64 gave the same requests/s, and twice the
# time each request waits in queues).
# Uses its own database, bdload, in the PostgreSQL the test script uses.
set -euo pipefail
source "$(dirname "$0")/lib/init.sh"

TENANTS=${LOAD_TENANTS:-50}
LEADS=${LOAD_LEADS:-500}
SECONDS_TO_RUN=${LOAD_SECONDS:-60}
CONNECTIONS=${LOAD_CONNECTIONS:-32}
THREADS=${LOAD_THREADS:-2}

command -v wrk >/dev/null || {
    log "installing wrk"
    as_root apt-get install -y -qq --no-install-recommends wrk >/dev/null
}
ensure_postgres
ADMIN_URL="${DATABASE_URL%/*}/bdload"
psql "${DATABASE_URL%/*}/postgres" -qc "drop database if exists bdload with (force)"

PROFILE=${LOAD_PROFILE:-release}
log "building the API ($PROFILE)"
cargo build --profile "$PROFILE" --locked --quiet -p brokerdesk-server
BIN="$(cargo_target_dir)/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")/brokerdesk-server"
WORK="$REPO_ROOT/target/load"
mkdir -p "$WORK"
DATABASE_URL="$ADMIN_URL" "$BIN" migrate

PORT="$(free_port 18180)"
API="http://127.0.0.1:$PORT"
DATABASE_URL="$ADMIN_URL" BROKERDESK_LISTEN="127.0.0.1:$PORT" RUST_LOG=warn \
    BROKERDESK_AUTH_ATTEMPTS_PER_IP=1000000 BROKERDESK_DB_MAX_CONNECTIONS=20 \
    "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
wait_for_port "$PORT" 60 || die "the API did not start; see $WORK/server.log"

field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
J='content-type: application/json'

log "registering $TENANTS Enterprise tenants with $LEADS leads and an API key each"
: >"$WORK/tenants.txt"
for n in $(seq 1 "$TENANTS"); do
    registered=$(curl -sf "$API/v1/tenants" -H "$J" -d "{\"companyName\":\"Load $n Realty\",
        \"subdomain\":\"load$n\",\"ownerEmail\":\"owner@load$n.test\",\"ownerName\":\"Owner $n\",
        \"ownerPassword\":\"copper-lantern-orbit-meadow\"}")
    token=$(field accessToken <<<"$registered")
    tenant=$(field tenantId <<<"$registered")
    psql "$ADMIN_URL" -qc "update tenants set plan = 'enterprise' where id = '$tenant'"
    key=$(curl -sf "$API/v1/api-keys" -H "$J" -H "authorization: Bearer $token" \
        -d '{"name":"Load","scopes":["leads:ingest"]}' | field key)
    psql "$ADMIN_URL" -q <<SQL
with clock as (update tenant_clock set version = version + 1 where tenant_id = '$tenant'
               returning version)
insert into leads (tenant_id, id, name, emails, phones, source, stage, tags, notes, version)
select '$tenant', gen_random_uuid(), 'Bulk Lead ' || n, array['bulk' || n || '@example.test'],
       array['+1415555' || lpad(n::text, 4, '0')], 'import', 'new', array['bulk'],
       'Seeded for load.', (select version from clock)
  from generate_series(1, $LEADS) as n;
SQL
    leads=$(psql "$ADMIN_URL" -Atc "select string_agg(id::text, ',') from
        (select id from leads where tenant_id = '$tenant' limit 20) l")
    echo "$token $key $leads" >>"$WORK/tenants.txt"
done
psql "$ADMIN_URL" -qc "analyze"

log "running wrk for ${SECONDS_TO_RUN}s: $CONNECTIONS connections, $THREADS threads"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s "$REPO_ROOT/scripts/load/mixed.lua" \
    "$API" -- "$WORK/tenants.txt" | tee "$WORK/wrk.txt"
