# Gets a PostgreSQL to work with and exports DATABASE_URL for an administrative user.
# Uses $DATABASE_URL when it is set; otherwise starts (or reuses) a private cluster
# under target/pg, listening on 127.0.0.1 only.
# shellcheck shell=bash

PG_DIR="${BROKERDESK_PG_DIR:-$REPO_ROOT/target/pg}"
# The cluster keeps its port in this file, so every later run finds it again.
PG_PORT_FILE="$PG_DIR/port"

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
    [ -n "$dir" ] || die "PostgreSQL server binaries not found; install the postgresql package"
    echo "$dir/$1"
}

# initdb and postgres refuse to run as root, so as root the cluster belongs to the
# postgres system user that the Debian package creates.
as_pg_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_postgres() {
    if [ -n "${DATABASE_URL:-}" ]; then
        log "using PostgreSQL from DATABASE_URL"
        return 0
    fi
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
        log "creating a private PostgreSQL cluster in $PG_DIR"
        mkdir -p "$PG_DIR"
        [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
        as_pg_user "$(pg_bin initdb)" -D "$PG_DIR/data" -U postgres --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
            || die "initdb failed; see $PG_DIR/initdb.log"
    fi
    if as_pg_user "$(pg_bin pg_ctl)" -D "$PG_DIR/data" status >/dev/null 2>&1; then
        PG_PORT="$(cat "$PG_PORT_FILE" 2>/dev/null || echo 54329)"
    else
        PG_PORT="${BROKERDESK_PG_PORT:-$(cat "$PG_PORT_FILE" 2>/dev/null || echo 54329)}"
        local attempt
        for attempt in 1 2 3 4 5; do
            if (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then
                # Something else listens there (another checkout's cluster, say).
                [ -z "${BROKERDESK_PG_PORT:-}" ] || die "port $PG_PORT (BROKERDESK_PG_PORT) is in use; choose another"
                PG_PORT="$(free_port "$PG_PORT")"
            fi
            echo "$PG_PORT" >"$PG_PORT_FILE"
            log "starting the private PostgreSQL on 127.0.0.1:$PG_PORT"
            if as_pg_user "$(pg_bin pg_ctl)" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
                -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=300 -c fsync=off" \
                >/dev/null; then
                break
            fi
            # A port can be bound yet refuse connections (a server shutting down), which
            # the probe above cannot see; only then is another port worth a try.
            grep -q "Address already in use" "$PG_DIR/server.log" && [ -z "${BROKERDESK_PG_PORT:-}" ] \
                || die "PostgreSQL did not start; see $PG_DIR/server.log"
            [ "$attempt" -lt 5 ] || die "PostgreSQL found no free port; see $PG_DIR/server.log"
            PG_PORT=$((PG_PORT + 1))
            : >"$PG_DIR/server.log"
        done
    fi
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/brokerdesk"
}

stop_private_postgres() {
    [ -f "$PG_DIR/data/PG_VERSION" ] || return 0
    as_pg_user "$(pg_bin pg_ctl)" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
}

# Test databases are disposable; a run that was interrupted leaves some behind in the
# private cluster. Only the private cluster is cleaned: a given DATABASE_URL is not ours.
drop_leftover_test_databases() {
    [ -f "$PG_DIR/data/PG_VERSION" ] && [ "$DATABASE_URL" = "postgres://postgres@127.0.0.1:$PG_PORT/brokerdesk" ] || return 0
    local maintenance="postgres://postgres@127.0.0.1:$PG_PORT/postgres" db
    for db in $(psql "$maintenance" -Atc "select datname from pg_database where datname like 'bdtest\_%'"); do
        psql "$maintenance" -qc "drop database if exists \"$db\" with (force)" >/dev/null
    done
}
