# The API's contract checked from outside: Schemathesis, a schema fuzzer we did not
# write, generates requests from the OpenAPI document and checks every answer against
# it (no 5xx, declared status codes, declared content types, bodies that match their
# schemas). It runs against a real server with the demo data, as the demo owner and as
# the demo API key.
# shellcheck shell=bash

SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/brokerdesk/schemathesis-$SCHEMATHESIS_VERSION"
# Examples per operation: a few minutes for the whole document on two cores.
SCHEMATHESIS_MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-10}"

install_schemathesis() {
    # The marker is written last, so an install that was cut short is done again.
    [ -f "$SCHEMATHESIS_VENV/installed" ] && return 0
    log "installing Schemathesis $SCHEMATHESIS_VERSION (PyPI)"
    rm -rf "$SCHEMATHESIS_VENV"
    python3 -m venv "$SCHEMATHESIS_VENV"
    "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
    touch "$SCHEMATHESIS_VENV/installed"
}

# Runs the fuzzer against a server of its own on a database of its own; fails on any
# failed check. Needs ensure_postgres first.
run_schema_fuzzer() {
    install_schemathesis
    cargo build --quiet --locked -p brokerdesk-server
    local bin="$(cargo_target_dir)/debug/brokerdesk-server"
    local db="bdtest_contract_$$"
    local admin_url="${DATABASE_URL%/*}/$db"
    local maintenance="${DATABASE_URL%/*}/postgres"
    local work port server_pid token key status=0
    work="$(mktemp -d)"
    psql "$maintenance" -qc "create database \"$db\"" >/dev/null
    DATABASE_URL="$admin_url" "$bin" migrate >/dev/null
    DATABASE_URL="$admin_url" "$bin" seed-demo >"$work/seed.txt"
    key="$(sed -n 's/^acme API key.*\(bd_live_[A-Za-z0-9_-]*\).*/\1/p' "$work/seed.txt")"
    [ -n "$key" ] || die "seed-demo printed no API key for acme"
    # Thousands of requests in a few minutes: on Enterprise's rate limit they are
    # answered, where Professional's would answer most of them 429.
    psql "$admin_url" -qc "update tenants set plan = 'enterprise' where subdomain = 'acme'" >/dev/null

    port="$(free_port 18480)"
    # The fuzzer signs in as one client address thousands of times over.
    DATABASE_URL="$admin_url" BROKERDESK_AUTH_ATTEMPTS_PER_IP=100000 \
        "$bin" serve --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
    server_pid=$!
    wait_for_port "$port" 60 || die "the server for the schema fuzzer did not start: $(tail -5 "$work/server.log")"
    token="$(curl -s "http://127.0.0.1:$port/v1/auth/sign-in" -H 'content-type: application/json' \
        -d '{"tenant":"acme","email":"owner@acme.test","password":"brokerdesk-demo-password"}' \
        | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')"
    [ -n "$token" ] || die "the demo owner could not sign in for the schema fuzzer"

    fuzz() {
        "$SCHEMATHESIS_VENV/bin/schemathesis" --no-color \
            --config-file "$REPO_ROOT/scripts/lib/schemathesis.toml" "$@"
    }
    local common=(
        --url "http://127.0.0.1:$port"
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
        --max-examples "$SCHEMATHESIS_MAX_EXAMPLES"
        --seed 20261202
        --request-timeout 30
    )
    # The key first: the owner's run may revoke it (it lists the keys, then revokes by id).
    log "schema fuzzer: the integration routes with the demo API key"
    fuzz run "http://127.0.0.1:$port/v1/openapi.json" "${common[@]}" \
        -H "Authorization: Bearer $key" --report junit --report-dir "$REPO_ROOT/target/schemathesis/api-key" \
        --include-path-regex '^/v1/integrations/' \
        || status=$?

    log "schema fuzzer: every operation as the demo owner"
    # Operations that end the owner's own session (sign-out, a new password, revoking
    # the session by the id its list gives) would leave the rest of the run answering
    # 401; their own tests cover them.
    fuzz run "http://127.0.0.1:$port/v1/openapi.json" "${common[@]}" \
        -H "Authorization: Bearer $token" --report junit --report-dir "$REPO_ROOT/target/schemathesis/owner" \
        --exclude-path-regex '^/v1/(auth/sign-out|me/password|me/sessions/|integrations/)' \
        || status=$?
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    psql "$maintenance" -qc "drop database if exists \"$db\" with (force)" >/dev/null
    rm -rf "$work"
    [ "$status" -eq 0 ] || die "the schema fuzzer found answers the OpenAPI document does not describe (above)"
}
