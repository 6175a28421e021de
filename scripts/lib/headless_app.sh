#!/usr/bin/env bash
# The headless half of run.sh, run inside a virtual display and a keyring session:
# opens the app ($1 is its binary), waits for its window, saves a screenshot, then keeps the app running
# (or closes it when BROKERDESK_RUN_ONCE=1). It is a script of its own because
# xvfb-run is a /bin/sh script, which drops exported bash functions.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

shot="$REPO_ROOT/target/screenshots/run.png"
mkdir -p "$(dirname "$shot")"
app_binary=$1
"$app_binary" --server-url "$BROKERDESK_SERVER_URL" &
app_pid=$!
trap 'kill "$app_pid" 2>/dev/null || true' EXIT

wid=""
for ((i = 0; i < 120; i++)); do
    wid="$(xdotool search --name '^Brokerdesk$' 2>/dev/null | head -n1 || true)"
    [ -n "$wid" ] && break
    kill -0 "$app_pid" 2>/dev/null || die "the app exited before its window appeared"
    sleep 1
done
[ -n "$wid" ] || die "the Brokerdesk window did not appear within two minutes"
sleep 5 # let the first status checks land before the picture is taken
import -window root "$shot"
log "the window is up; screenshot saved to $shot"
[ "${BROKERDESK_RUN_ONCE:-0}" = 1 ] && exit 0
log "press Ctrl-C to stop"
wait "$app_pid"
