#!/usr/bin/env bash
# Runs Brokerdesk locally: installs what is missing, gets PostgreSQL (DATABASE_URL, or
# a private cluster in target/pg), migrates, seeds demo data, starts the API on
# 127.0.0.1 and opens the desktop app pointed at it. Idempotent.
#
# With no display (a server or CI machine) it starts a virtual one (Xvfb), saves a
# screenshot of the window to target/screenshots/run.png, and keeps running until
# Ctrl-C; set BROKERDESK_RUN_ONCE=1 to exit right after the screenshot.
set -euo pipefail
source "$(dirname "$0")/lib/init.sh"

setup_all
ensure_postgres
build_ui
log "building the server and the desktop app"
cargo build --quiet --locked -p brokerdesk-server -p brokerdesk

# The binaries are run directly, not through `cargo run`, so that stopping this script
# stops the server itself rather than an intermediate cargo process.
bin_dir="$(cargo_target_dir)/debug"
server() { "$bin_dir/brokerdesk-server" "$@"; }
# A master key of this checkout's own, kept across runs so sealed secrets (staff and
# user TOTP seeds, provider keys) stay readable. Development only.
master_key_file="$REPO_ROOT/target/dev-master-key"
[ -s "$master_key_file" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$master_key_file")
BROKERDESK_MASTER_KEY="$(cat "$master_key_file")"
export BROKERDESK_MASTER_KEY
server migrate
server seed-demo

port="$(free_port "${BROKERDESK_PORT:-8080}")"
export BROKERDESK_SERVER_URL="http://127.0.0.1:$port"
log "starting the API on $BROKERDESK_SERVER_URL (log: target/server.log)"
"$bin_dir/brokerdesk-server" serve --listen "127.0.0.1:$port" >"$REPO_ROOT/target/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT
wait_for_port "$port" 60 || die "the API did not start; see target/server.log"

if [ -n "${DISPLAY:-}" ]; then
    log "opening Brokerdesk"
    "$bin_dir/brokerdesk" --server-url "$BROKERDESK_SERVER_URL"
    exit 0
fi

# No display: a virtual one, and a keychain of our own that persists across runs.
log "no display found: using a virtual one (Xvfb)"
with_keyring_session "$REPO_ROOT/target/run-home" \
    xvfb-run -a -s "-screen 0 1400x900x24" "$REPO_ROOT/scripts/lib/headless_app.sh" "$bin_dir/brokerdesk"
