#!/usr/bin/env bash
# Runs every test: UI unit tests (Vitest), formatting and lints, Rust unit and
# integration tests against a real PostgreSQL, and the end-to-end tests of the real
# desktop binary in a real window (Xvfb, tauri-driver, WebKitWebDriver, gnome-keyring),
# and a schema fuzzer (Schemathesis) against the API with demo data.
# Installs what is missing first. Idempotent; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/init.sh"

setup_all
install_tauri_driver
ensure_postgres
# Tests make a database each (bdtest_<uuid>) in this cluster, as this admin user.
export BROKERDESK_TEST_DATABASE_URL="$DATABASE_URL"
drop_leftover_test_databases

log "UI unit tests"
(cd ui && npm test --silent)
build_ui

log "formatting and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings
node scripts/lib/lint_workflows.mjs
python3 scripts/lib/import_cycles.py crates/core/src crates/server/src crates/client/src \
    crates/render/src src-tauri


log "Rust tests (unit, integration against PostgreSQL, desktop end-to-end)"
# Roles are cluster-wide; creating them once up front keeps parallel tests from racing.
cargo run --quiet --locked -p brokerdesk-server -- migrate >/dev/null
session_home="$(mktemp -d)"
trap 'rm -rf "$session_home"' EXIT
with_keyring_session "$session_home" \
    xvfb-run -a -s "-screen 0 1400x900x24" \
    cargo test --workspace --locked

log "the API's contract, checked from outside by a schema fuzzer (Schemathesis)"
run_schema_fuzzer

log "all tests passed; screenshots are in target/screenshots/"
