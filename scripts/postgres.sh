#!/usr/bin/env bash
# A throwaway local PostgreSQL for tests and development. Not for production: trust authentication
# and durability switched off (fsync=off) so tests run fast.
#
#   scripts/postgres.sh [start] [--port N] [--dir DIR] [--durable]   start (or find running), print the connection string
#   scripts/postgres.sh stop    [--dir DIR] [--immediate]            stop it (the data directory is kept)
#   scripts/postgres.sh status  [--dir DIR]                          exit 0 if running
#
# stop --immediate is pg_ctl -m immediate: the server and its backends quit at once, without a checkpoint
# and without closing client connections cleanly, as in a crash or a killed pod; the next start runs crash
# recovery. Chaos tests use it on a private instance (their own --port and --dir) to cut the database off.
# --durable makes each commit wait for its WAL write (synchronous_commit=on). Without it the last ~0.6 s
# of acknowledged commits are still in shared memory and an immediate stop loses them, which no real
# database does; fsync stays off either way, since the operating system itself does not crash.
#
# Defaults: port 55432 ($SWEEPGRID_PG_PORT), data directory /tmp/sweepgrid-pg ($SWEEPGRID_PG_DIR).
# Idempotent: when the server is already running it only prints the connection string, which is always
# the last line on stdout (progress goes to stderr):
#   Host=127.0.0.1;Port=55432;Username=postgres;Database=sweepgrid
# PostgreSQL refuses to run as root, so as root the server runs as the system user 'postgres'
# (created if missing). When no PostgreSQL is installed, root installs Debian's 'postgresql' package.
set -euo pipefail

action=start
port="${SWEEPGRID_PG_PORT:-55432}"
dir="${SWEEPGRID_PG_DIR:-/tmp/sweepgrid-pg}"
database=sweepgrid
superuser=postgres
stop_mode=fast
synchronous_commit=off

while [ $# -gt 0 ]; do
  case "$1" in
    start|stop|status) action="$1"; shift ;;
    --port) port="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --immediate) stop_mode=immediate; shift ;;
    --durable) synchronous_commit=on; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "postgres.sh: unknown argument '$1' (expected start|stop|status, --port N, --dir DIR, --immediate, --durable)" >&2; exit 2 ;;
  esac
done
case "$port" in ''|*[!0-9]*) echo "postgres.sh: --port must be a number, got '$port'" >&2; exit 2 ;; esac

say() { printf 'postgres.sh: %s\n' "$*" >&2; }

# Prefer Debian's versioned layout (highest version first), then whatever is on PATH.
find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/psql" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && command -v psql >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  return 1
}

bin=$(find_bin || true)
if [ -z "$bin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "PostgreSQL not found: installing Debian's postgresql package"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(find_bin || true)
  fi
  if [ -z "$bin" ]; then
    cat >&2 <<'MSG'
postgres.sh: PostgreSQL server binaries (initdb, pg_ctl, psql) were not found in /usr/lib/postgresql/*/bin or on PATH.
  Install them, e.g. as root on Debian/Ubuntu:  apt-get install -y postgresql
  (or re-run this script as root, which does exactly that).
MSG
    exit 1
  fi
fi

# As root, every server-side command runs as the unprivileged 'postgres' user.
if [ "$(id -u)" = 0 ]; then
  if ! id "$superuser" >/dev/null 2>&1; then
    say "creating system user '$superuser'"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$superuser"
  fi
  as_server() { runuser -u "$superuser" -- "$@"; }
else
  as_server() { "$@"; }
fi

is_running() { [ -f "$dir/PG_VERSION" ] && as_server "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; }

# The port a running server really listens on (4th line of postmaster.pid), in case it was started
# with another --port than this call's.
running_port() { sed -n 4p "$dir/postmaster.pid" 2>/dev/null || true; }

print_connection_string() {
  echo "Host=127.0.0.1;Port=$1;Username=$superuser;Database=$database"
}

case "$action" in
  status)
    if is_running; then say "running in $dir on port $(running_port)"; exit 0; fi
    say "not running ($dir)"; exit 1 ;;
  stop)
    if is_running; then
      as_server "$bin/pg_ctl" -D "$dir" -m "$stop_mode" -w stop >&2
    else
      say "not running ($dir)"
    fi
    exit 0 ;;
esac

# Serialize concurrent starts (parallel test processes): the second caller waits, then finds it running.
mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock -w 120 9 || { echo "postgres.sh: timed out waiting for $dir.lock" >&2; exit 1; }

if ! is_running; then
  if [ ! -f "$dir/PG_VERSION" ]; then
    if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
      echo "postgres.sh: $dir exists, is not empty and holds no PostgreSQL cluster; remove it or pass --dir" >&2
      exit 1
    fi
    say "initializing $dir with $bin/initdb"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown "$superuser": "$dir"; fi
    chmod 700 "$dir"
    # --auth=trust covers local sockets and host 127.0.0.1/32 (and ::1): no passwords for a test server.
    as_server "$bin/initdb" -D "$dir" -U "$superuser" --auth=trust -E UTF8 --locale=C >"$dir.initdb.log" 2>&1 \
      || { cat "$dir.initdb.log" >&2; exit 1; }
  fi
  say "starting on 127.0.0.1:$port"
  # 9>&- : the server must not inherit the lock descriptor, or it would hold the lock while it runs.
  # The socket goes into the data directory: /var/run/postgresql may be missing or not writable.
  if ! as_server "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=$synchronous_commit -c full_page_writes=off -c max_connections=300" \
      start >&2 9>&-; then
    tail -n 30 "$dir/server.log" >&2 || true
    exit 1
  fi
fi

port=$(running_port)
psql_admin() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$superuser" -d postgres "$@"; }
if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
  say "creating database $database"
  psql_admin -c "CREATE DATABASE $database" >&2
fi

print_connection_string "$port"
