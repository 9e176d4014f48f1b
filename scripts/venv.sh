#!/usr/bin/env bash
# Creates .venv with Python >= 3.12 and installs danvan into it (with EXTRAS, e.g. "test").
set -eu
cd "$(dirname "$0")/.."
extras="${1:-}"
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  py=$(scripts/python.sh)
  rm -rf .venv
  "$py" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
stamp=".venv/.installed-${extras:-base}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  if [ -n "$extras" ]; then spec=".[$extras]"; else spec="."; fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
  touch "$stamp"
fi
