#!/usr/bin/env bash
# Starts a throwaway S3-compatible server (s3s-fs, from crates.io) on a loopback port, with
# signature checking on, for the PostgreSQL+S3 run of the integration suite.
#
# Idempotent and quiet: installs s3s-fs when missing, starts it when nothing answers on the port,
# and prints only the settings to export (`eval "$(scripts/setup/s3.sh)"`). On failure it says
# why on stderr and exits non-zero.
#
# Environment:
#   S3_PORT        loopback port (default 59000)
#   S3_DIR         data directory (default /tmp/bureau-s3)
#   S3_ACCESS_KEY  access key the server accepts (default bureau)
#   S3_SECRET_KEY  secret key the server accepts (default bureau-secret)
#   S3_BUCKET      bucket to create, the tests' (default bureau-test)
set -euo pipefail

PORT="${S3_PORT:-59000}"
DIR="${S3_DIR:-/tmp/bureau-s3}"
ACCESS="${S3_ACCESS_KEY:-bureau}"
SECRET="${S3_SECRET_KEY:-bureau-secret}"
BUCKET="${S3_BUCKET:-bureau-test}"
VERSION="0.14.1"
LOG="${DIR}.log"

fail() {
  echo "scripts/setup/s3.sh: $*" >&2
  if [ -s "$LOG" ]; then tail -n 20 "$LOG" | sed 's/^/  | /' >&2; fi
  exit 1
}

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

if ! command -v s3s-fs >/dev/null 2>&1; then
  cargo install s3s-fs --version "$VERSION" --locked --features binary --quiet >"$LOG" 2>&1 \
    || fail "cargo install s3s-fs $VERSION failed"
fi

# s3s-fs resolves every path against its working directory: one started from a checkout that was
# deleted since (a finished CI clone) answers 500 to everything. Replace such a server.
for pid in $(pgrep -f "s3s-fs --host 127.0.0.1 --port $PORT" || true); do
  if [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" != "$DIR" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do answers || break; sleep 0.1; done
  fi
done

if ! answers; then
  mkdir -p "$DIR"
  (cd "$DIR" && exec nohup s3s-fs --host 127.0.0.1 --port "$PORT" --access-key "$ACCESS" \
    --secret-key "$SECRET" "$DIR" >"$LOG" 2>&1) &
  for _ in $(seq 1 100); do
    answers && break
    sleep 0.1
  done
  answers || fail "s3s-fs did not start on 127.0.0.1:$PORT"
fi

# s3s-fs keeps each bucket as a directory of its data directory, and each test's key prefix as a
# directory in it: prefixes of runs more than two hours old are removed.
mkdir -p "$DIR/$BUCKET"
find "$DIR/$BUCKET" -mindepth 1 -maxdepth 1 -mmin +120 -exec rm -rf {} + 2>/dev/null || true

echo "export BUREAU_TEST_S3_ENDPOINT=http://127.0.0.1:$PORT"
echo "export AWS_ACCESS_KEY_ID=$ACCESS"
echo "export AWS_SECRET_ACCESS_KEY=$SECRET"
