#!/usr/bin/env bash
# Builds the Linux packages (.deb and .rpm) in release mode, then checks the .deb the
# way a brokerage's IT person would meet it:
#   1. installs it with dpkg -i;
#   2. launches the installed binary under Xvfb with a real Secret Service;
#   3. signs in to a local demo server and takes a screenshot
#      (target/screenshots/installed-app.png);
#   4. checks the desktop entry and the icons;
#   5. removes the package and checks that nothing of it is left in /usr.
# Prints the package sizes and the installed app's time to its first window.
# Too slow for the test command (a release build); run it before a release.
# Needs root or sudo (dpkg). Idempotent: a Brokerdesk package already installed is
# replaced.
set -euo pipefail
source "$(dirname "$0")/lib/init.sh"

setup_all
install_tauri_driver
command -v rpm >/dev/null || { log "installing rpm (to list the .rpm's contents)"; as_root apt-get install -y -qq rpm >/dev/null; }
command -v desktop-file-validate >/dev/null || as_root apt-get install -y -qq desktop-file-utils >/dev/null
ensure_postgres

log "building the .deb and .rpm in release mode (takes a while)"
build_started=$(date +%s)
# Updater artifacts need the release signing key, which only the release workflow has.
(cd "$REPO_ROOT" && npx --prefix ui tauri build --bundles deb,rpm \
    --config '{"bundle":{"createUpdaterArtifacts":false}}')
build_seconds=$(($(date +%s) - build_started))
bundle_dir="$(cargo_target_dir)/release/bundle"
deb="$(ls -t "$bundle_dir"/deb/*.deb | head -n1)"
rpm_file="$(ls -t "$bundle_dir"/rpm/*.rpm | head -n1)"

log "checking the .rpm's contents"
rpm_listing="$(rpm -qlp "$rpm_file" 2>/dev/null)"
for path in /usr/bin/brokerdesk /usr/share/applications/Brokerdesk.desktop; do
    grep -qx "$path" <<<"$rpm_listing" || die "the .rpm lacks $path"
done

log "installing $deb"
as_root dpkg -i "$deb" >/dev/null || { as_root apt-get install -f -y -qq >/dev/null; as_root dpkg -i "$deb" >/dev/null; }
mapfile -t installed < <(dpkg -L brokerdesk | while read -r path; do [ -f "$path" ] && echo "$path"; done)

log "checking the desktop entry and icons"
entry=/usr/share/applications/Brokerdesk.desktop
[ -f "$entry" ] || die "no desktop entry at $entry"
desktop-file-validate "$entry" || die "the desktop entry is not valid"
grep -qx 'Exec=brokerdesk' "$entry" || die "the desktop entry does not start brokerdesk: $(grep Exec "$entry")"
for size in 32x32 64x64 128x128 256x256@2 512x512; do
    icon="/usr/share/icons/hicolor/$size/apps/brokerdesk.png"
    [ -f "$icon" ] || die "no $size icon at $icon"
done

log "signing in with the installed app"
master_key_file="$REPO_ROOT/target/dev-master-key"
mkdir -p "$REPO_ROOT/target/screenshots"
[ -s "$master_key_file" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$master_key_file")
BROKERDESK_MASTER_KEY="$(cat "$master_key_file")"
export BROKERDESK_MASTER_KEY
server_bin="$(cargo_target_dir)/release/brokerdesk-server"
[ -x "$server_bin" ] || cargo build --quiet --locked --release -p brokerdesk-server
"$server_bin" migrate
"$server_bin" seed-demo
port="$(free_port 8180)"
"$server_bin" serve --listen "127.0.0.1:$port" >"$REPO_ROOT/target/package-server.log" 2>&1 &
server_pid=$!
driver_port="$(free_port 4544)"
app_home="$(mktemp -d)"
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$app_home"' EXIT
wait_for_port "$port" 60 || die "the API did not start; see target/package-server.log"
timings="$(with_keyring_session "$app_home" xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
    tauri-driver --port "$1" --native-port "$(($1 + 1))" >/dev/null 2>&1 &
    driver=$!
    trap "kill $driver" EXIT
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && break; sleep 0.1; done
    python3 "$2" /usr/bin/brokerdesk "$3" "$1" "$4" brokerdesk-demo-password
' check "$driver_port" "$REPO_ROOT/scripts/lib/installed_app_check.py" "http://127.0.0.1:$port" \
    "$REPO_ROOT/target/screenshots/installed-app.png")"

log "removing the package"
as_root dpkg -r brokerdesk >/dev/null
left=()
for path in "${installed[@]}"; do
    case "$path" in /usr/*) [ -e "$path" ] && left+=("$path") ;; esac
done
[ ${#left[@]} -eq 0 ] || die "left in /usr after removal: ${left[*]}"

size() { du -h "$1" | cut -f1; }
log "packages: $(basename "$deb") $(size "$deb"), $(basename "$rpm_file") $(size "$rpm_file"); release build ${build_seconds}s"
log "installed app: $timings (ms from launch); ${#installed[@]} files installed, none left after removal"
log "screenshot: target/screenshots/installed-app.png"
