#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on a loopback port for the PostgreSQL+S3 run of the
# integration suite: Debian's PostgreSQL 15 binaries (apt-get installs them when missing), a data
# directory under /tmp owned by the `postgres` user (the server refuses to run as root), and trust
# authentication on 127.0.0.1 only. Each test creates and drops its own database through the URL
# this prints.
#
# Idempotent and quiet: prints only the setting to export (`eval "$(scripts/setup/postgres.sh)"`).
# On failure it says why on stderr and exits non-zero.
#
# Environment:
#   PG_PORT  loopback port (default 55432)
#   PG_DIR   data directory (default /tmp/bureau-pg)
set -euo pipefail

PORT="${PG_PORT:-55432}"
DIR="${PG_DIR:-/tmp/bureau-pg}"
LOG="${DIR}.log"
BIN=/usr/lib/postgresql/15/bin

fail() {
  echo "scripts/setup/postgres.sh: $*" >&2
  if [ -s "$LOG" ]; then tail -n 20 "$LOG" | sed 's/^/  | /' >&2; fi
  exit 1
}

if [ ! -x "$BIN/pg_ctl" ]; then
  [ "$(id -u)" = 0 ] || fail "PostgreSQL 15 is missing; run as root or: apt-get install postgresql"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
    >"$LOG" 2>&1 || fail "apt-get install postgresql failed"
fi

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ ! -s "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR"
  as_owner "$BIN/initdb" -D "$DIR" -U postgres --auth=trust --no-sync >"$LOG" 2>&1 \
    || fail "initdb failed"
fi

if ! as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  touch "$LOG" && { [ "$(id -u)" != 0 ] || chown postgres "$LOG"; }
  as_owner "$BIN/pg_ctl" -D "$DIR" -l "$LOG" -w -t 30 start \
    -o "-h 127.0.0.1 -p $PORT -k /tmp -c fsync=off -c synchronous_commit=off -c max_connections=500" \
    >/dev/null || fail "pg_ctl start failed"
fi

echo "export BUREAU_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
