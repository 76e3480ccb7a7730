#!/usr/bin/env bash
# Installs what tests/interop needs to read quizgame's exports with software we did not write:
#   qpdf, pdftotext (poppler-utils)   check and read the PDF worksheets
#   node + npm, gift-pegjs            parse the Moodle GIFT files
#   chromium                          the classroom's student page in a real browser
# System tools only: every Python package the tests need comes from the README's test command
# (the `test` extra). Run as root on a fresh Debian/Ubuntu machine. Idempotent: each step is
# skipped when what it installs is already there, so a second run takes a second or two.
# Without these tools the tests that need them skip, each with a one-line reason.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
node_dir="$here/tests/interop/node"

say() { printf 'interop-setup: %s\n' "$*"; }

# --- Debian packages ------------------------------------------------------------------------
missing=()
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# Debian's Chromium for the classroom's real-browser test (Playwright drives it through
# executable_path: its own browser download would need the internet).
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "need root to install: ${missing[*]}" >&2
    exit 1
  fi
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "qpdf, pdftotext, node, npm and chromium are installed"
fi

# --- gift-pegjs, pinned by package-lock.json --------------------------------------------------
if [ -f "$node_dir/node_modules/gift-pegjs/package.json" ] \
   && [ "$node_dir/node_modules/.package-lock.json" -nt "$node_dir/package-lock.json" ]; then
  say "gift-pegjs is installed"
else
  say "npm ci in tests/interop/node"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi

say "ready"
