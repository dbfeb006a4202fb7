#!/usr/bin/env bash
# Installs the ONLYOFFICE x2t converter used by crates/docserver-emulator and warms its font cache.
#
# x2t ships inside the PyPI package `document-builder` (docbuilder/lib/x2t). On a fresh install,
# conversions to PDF or images fail with exit code 80 until the builder has generated its font
# cache (sdkjs/common/AllFonts.js and font_selection.bin) once, so this script runs it once.
#
# Idempotent and quiet: prints nothing on success, safe to run repeatedly. On failure it prints
# what went wrong on stderr and exits non-zero.
#
# Environment:
#   PYTHON                    the interpreter to use (default: python3)
#   DOCUMENT_BUILDER_VERSION  the document-builder version to install (default: pinned below)
#   X2T_PATH                  if set and executable, only its font cache is checked
set -euo pipefail

PY="${PYTHON:-python3}"
VERSION="${DOCUMENT_BUILDER_VERSION:-10.0.0.170}"
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

fail() {
  echo "scripts/setup/x2t.sh: $*" >&2
  if [ -s "$LOG" ]; then sed 's/^/  | /' "$LOG" >&2; fi
  exit 1
}

command -v "$PY" >/dev/null 2>&1 || fail "$PY not found; install Python 3 (apt-get install python3 python3-pip)"

# Prints docbuilder/lib of the installed package (also works on a leftover namespace directory).
lib_dir() {
  "$PY" - 2>>"$LOG" <<'PYEOF'
import importlib.util, os
spec = importlib.util.find_spec("docbuilder")
if spec is None or not spec.submodule_search_locations:
    raise SystemExit(1)
print(os.path.join(list(spec.submodule_search_locations)[0], "lib"))
PYEOF
}

if [ -n "${X2T_PATH:-}" ] && [ -x "${X2T_PATH}" ]; then
  LIB="$(dirname "$X2T_PATH")"
else
  LIB="$(lib_dir)" || LIB=""
  if [ -z "$LIB" ] || [ ! -x "$LIB/x2t" ] || [ ! -f "$LIB/../docbuilder.py" ]; then
    "$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
      "document-builder==${VERSION}" >>"$LOG" 2>&1 \
      || fail "pip install document-builder==${VERSION} failed"
    LIB="$(lib_dir)" || fail "document-builder was installed but cannot be found by $PY"
  fi
fi

[ -x "$LIB/x2t" ] || fail "no executable x2t in $LIB"

# Warm the font cache once: the builder writes AllFonts.js and font_selection.bin next to sdkjs.
if [ ! -s "$LIB/sdkjs/common/AllFonts.js" ] || [ ! -s "$LIB/sdkjs/common/font_selection.bin" ]; then
  WORK="$(mktemp -d)"
  (
    cd "$WORK"
    "$PY" -c "import docbuilder; b = docbuilder.CDocBuilder(); b.CreateFile('docx'); b.CloseFile()"
  ) >>"$LOG" 2>&1 || { rm -rf "$WORK"; fail "warming the x2t font cache failed"; }
  rm -rf "$WORK"
  [ -s "$LIB/sdkjs/common/AllFonts.js" ] || fail "the font cache was not created in $LIB/sdkjs/common"
fi
