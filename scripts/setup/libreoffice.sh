#!/usr/bin/env bash
# Installs LibreOffice (headless, no GUI) so tests can convert Bureau's blank templates to PDF with
# `soffice --headless --convert-to pdf`, a second, independent check that they are valid files.
#
# Debian 12 packages: libreoffice-{writer,calc,impress}-nogui (Writer for docx, Calc for xlsx,
# Impress for pptx; the -nogui flavours pull no X11/GTK stack).
#
# Idempotent and quiet: does nothing when `soffice` is already on PATH, prints nothing on success.
# On failure it prints what went wrong on stderr and exits non-zero. Needs root (or sudo) to install.
set -euo pipefail

PACKAGES=(libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui)
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

fail() {
  echo "scripts/setup/libreoffice.sh: $*" >&2
  if [ -s "$LOG" ]; then tail -n 20 "$LOG" | sed 's/^/  | /' >&2; fi
  exit 1
}

command -v soffice >/dev/null 2>&1 && exit 0

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "soffice is missing and installing it needs root (or sudo)"
  SUDO=(sudo)
fi
command -v apt-get >/dev/null 2>&1 || fail "soffice is missing and apt-get is not available; install LibreOffice ${PACKAGES[*]} by hand"

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq >>"$LOG" 2>&1 || fail "apt-get update failed"
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >>"$LOG" 2>&1 \
  || fail "apt-get install ${PACKAGES[*]} failed"

command -v soffice >/dev/null 2>&1 || fail "LibreOffice was installed but soffice is not on PATH"
