# Installs everything the run and test scripts need, skipping what is already there.
# shellcheck shell=bash

# Debian packages: Tauri's system libraries, the WebKit WebDriver, a virtual display,
# a real Secret Service (gnome-keyring on a private D-Bus), PostgreSQL, pgbouncer (its
# test starts one of its own), tools the end-to-end runs use for screenshots,
# poppler-utils (pdftotext, pdfinfo, pdftoppm), with which the render tests read PDFs,
# and Python for the schema fuzzer.
APT_PACKAGES=(
    build-essential pkg-config curl ca-certificates
    libwebkit2gtk-4.1-dev libsoup-3.0-dev librsvg2-dev libayatana-appindicator3-dev
    libssl-dev libxdo-dev libdbus-1-dev
    webkit2gtk-driver xvfb xauth gnome-keyring dbus-x11 imagemagick xdotool
    postgresql postgresql-client pgbouncer
    poppler-utils python3 python3-venv
)

install_apt_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then return 0; fi
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_toolchains() {
    command -v cargo >/dev/null || die "Rust is required: install it with rustup (https://rustup.rs), then run this again"
    command -v npm >/dev/null || die "Node.js 20+ and npm are required: install them, then run this again"
}

install_node_packages() {
    # npm ci is skipped when the lock file has not changed since the last install.
    local stamp="$REPO_ROOT/ui/node_modules/.package-lock.json"
    if [ -f "$stamp" ] && [ "$stamp" -nt "$REPO_ROOT/ui/package-lock.json" ]; then return 0; fi
    log "installing UI packages (npm ci)"
    (cd "$REPO_ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error)
}

install_tauri_driver() {
    command -v tauri-driver >/dev/null && return 0
    log "installing tauri-driver (cargo install, takes a few minutes once)"
    cargo install tauri-driver --locked --quiet
}

build_ui() {
    log "building the UI"
    (cd "$REPO_ROOT/ui" && npm run --silent build)
}

setup_all() {
    check_toolchains
    install_apt_packages
    install_node_packages
}
