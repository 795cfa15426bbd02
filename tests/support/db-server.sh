#!/usr/bin/env bash
# Starts or stops a throw-away database server for the tests that need a real one:
# no system service, no TCP port, a Unix socket in a fresh directory under /tmp.
#
#   tests/support/db-server.sh postgres|mariadb start STATE_DIR
#   tests/support/db-server.sh postgres|mariadb stop  STATE_DIR
#   tests/support/db-server.sh postgres|mariadb run   -- COMMAND...
#
# `start` writes STATE_DIR/<kind>.env (shell assignments) that tests read:
#   postgres: ROLLSAFE_PG_HOST (the socket directory), ROLLSAFE_PG_URI
#             (postgresql:///postgres?host=...&user=postgres), ROLLSAFE_PG_USER
#   mariadb:  ROLLSAFE_MARIADB_SOCKET (the socket file), ROLLSAFE_MARIADB_USER
# `run` starts the server, runs COMMAND with those variables exported, and stops
# it again whatever COMMAND did (its exit status is passed on).
#
# Servers come from Debian's postgresql-15 and mariadb-server packages
# (scripts/install-deps.sh). PostgreSQL refuses to run as root, so under root it
# runs as the `postgres` user the package creates; MariaDB runs as the caller.
set -euo pipefail

kind=${1:?usage: db-server.sh postgres|mariadb start|stop|run ...}
action=${2:?usage: db-server.sh postgres|mariadb start|stop|run ...}
shift 2

die() {
  echo "db-server: $*" >&2
  exit 2
}

pg_bin=/usr/lib/postgresql/15/bin

as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_postgres() {
  local state=$1 dir
  [ -x "$pg_bin/initdb" ] || die "PostgreSQL 15 is not installed (scripts/install-deps.sh installs postgresql-15)"
  dir=$(mktemp -d /tmp/rollsafe-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_pg_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  as_pg_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=50" \
    start >/dev/null || { cat "$dir/server.log" >&2; die "PostgreSQL did not start"; }
  mkdir -p "$state"
  cat >"$state/postgres.env" <<EOF
ROLLSAFE_PG_DIR=$dir
ROLLSAFE_PG_HOST=$dir
ROLLSAFE_PG_USER=postgres
ROLLSAFE_PG_URI='postgresql:///postgres?host=$dir&user=postgres'
EOF
  echo "db-server: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on $dir" >&2
}

stop_postgres() {
  local state=$1 dir
  [ -f "$state/postgres.env" ] || return 0
  dir=$(sed -n 's/^ROLLSAFE_PG_DIR=//p' "$state/postgres.env")
  if [ -n "$dir" ] && [ -d "$dir/data" ]; then
    as_pg_owner "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
  fi
  rm -f "$state/postgres.env"
}

start_mariadb() {
  local state=$1 dir i
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] ||
    die "MariaDB is not installed (scripts/install-deps.sh installs mariadb-server)"
  dir=$(mktemp -d /tmp/rollsafe-mariadb.XXXXXX)
  mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 ||
    { cat "$dir/install.log" >&2; die "mariadb-install-db failed"; }
  /usr/sbin/mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/mysqld.sock" \
    --pid-file="$dir/mysqld.pid" --log-error="$dir/server.log" --skip-networking \
    --user="$(id -un)" --innodb-buffer-pool-size=64M --innodb-log-file-size=16M \
    --performance-schema=ON --sql-mode=STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION \
    >/dev/null 2>&1 &
  for i in $(seq 1 300); do
    if mariadb-admin --no-defaults -S "$dir/mysqld.sock" -u root ping >/dev/null 2>&1; then
      break
    fi
    [ "$i" -eq 300 ] && { cat "$dir/server.log" >&2; die "MariaDB did not start within 30 s"; }
    sleep 0.1
  done
  mkdir -p "$state"
  cat >"$state/mariadb.env" <<EOF
ROLLSAFE_MARIADB_DIR=$dir
ROLLSAFE_MARIADB_SOCKET=$dir/mysqld.sock
ROLLSAFE_MARIADB_USER=root
EOF
  echo "db-server: MariaDB $(/usr/sbin/mariadbd --version | awk '{print $3}') on $dir/mysqld.sock" >&2
}

stop_mariadb() {
  local state=$1 dir pid i
  [ -f "$state/mariadb.env" ] || return 0
  dir=$(sed -n 's/^ROLLSAFE_MARIADB_DIR=//p' "$state/mariadb.env")
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    mariadb-admin --no-defaults -S "$dir/mysqld.sock" -u root shutdown >/dev/null 2>&1 || true
    if [ -f "$dir/mysqld.pid" ]; then
      pid=$(cat "$dir/mysqld.pid")
      for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        [ "$i" -eq 100 ] && kill -9 "$pid" 2>/dev/null
        sleep 0.1
      done
    fi
    rm -rf "$dir"
  fi
  rm -f "$state/mariadb.env"
}

case "$kind" in
postgres | mariadb) ;;
*) die "unknown server '$kind' (postgres or mariadb)" ;;
esac

case "$action" in
start) "start_$kind" "${1:?STATE_DIR}" ;;
stop) "stop_$kind" "${1:?STATE_DIR}" ;;
run)
  [ "${1:-}" = "--" ] && shift
  [ $# -gt 0 ] || die "run needs a command"
  state=$(mktemp -d /tmp/rollsafe-dbstate.XXXXXX)
  trap 'stop_$kind "$state"; rm -rf "$state"' EXIT
  "start_$kind" "$state"
  set -a
  # shellcheck disable=SC1090
  . "$state/$kind.env"
  set +a
  status=0
  "$@" || status=$?
  exit "$status"
  ;;
*) die "unknown action '$action' (start, stop or run)" ;;
esac
