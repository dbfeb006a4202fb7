#!/usr/bin/env bash
# Installs headless Chromium and its WebDriver server for the browser tests
# (crates/bureau/tests/it/browser/): Debian packages `chromium` and `chromium-driver`, which
# provide /usr/bin/chromium and /usr/bin/chromedriver of the same version.
#
# Idempotent and quiet: does nothing when both are present, prints nothing on success. On failure
# it prints what went wrong on stderr and exits non-zero. Needs root (or sudo) to install.
set -euo pipefail

PACKAGES=(chromium chromium-driver)
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

fail() {
  echo "scripts/setup/chromium.sh: $*" >&2
  if [ -s "$LOG" ]; then tail -n 20 "$LOG" | sed 's/^/  | /' >&2; fi
  exit 1
}

[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && exit 0

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "chromium or chromedriver is missing and installing them needs root (or sudo)"
  SUDO=(sudo)
fi
command -v apt-get >/dev/null 2>&1 || fail "chromium or chromedriver is missing and apt-get is not available; install ${PACKAGES[*]} by hand"

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq >>"$LOG" 2>&1 || fail "apt-get update failed"
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >>"$LOG" 2>&1 \
  || fail "apt-get install ${PACKAGES[*]} failed"

[ -x /usr/bin/chromium ] || fail "chromium was installed but /usr/bin/chromium is missing"
[ -x /usr/bin/chromedriver ] || fail "chromium-driver was installed but /usr/bin/chromedriver is missing"
