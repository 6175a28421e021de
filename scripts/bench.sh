#!/usr/bin/env bash
# Sync benchmark: an initial sync of one tenant with 100,000 leads from the real API
# over loopback into an encrypted cache. Prints rows/s, the client's peak memory and raw
# SQLCipher insert throughput. BENCH_LEADS=<n> changes the size. Gets PostgreSQL the
# same way as the test script (DATABASE_URL, or the private cluster in target/pg).
set -euo pipefail
source "$(dirname "$0")/lib/init.sh"

ensure_postgres
export BROKERDESK_TEST_DATABASE_URL="$DATABASE_URL"
# A test run's databases slow the bench down (one run: 11.3 s against 9.6 s without them).
drop_leftover_test_databases
cargo run --quiet --locked -p brokerdesk-server -- migrate >/dev/null
log "building and running the initial sync benchmark (release build)"
cargo bench --locked -p brokerdesk-client --bench initial_sync
