#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 interpreter, or explains what to install.
set -u
candidates=(python3.14 python3.13 python3.12 python3)
for name in "${candidates[@]}"; do
  if command -v "$name" >/dev/null 2>&1 && "$name" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    command -v "$name"; exit 0
  fi
done
# pyenv keeps versions that its shims may not expose.
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*; do
  if [ -x "$dir/bin/python3" ] && "$dir/bin/python3" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    echo "$dir/bin/python3"; exit 0
  fi
done
cat >&2 <<'MSG'
danvan needs Python 3.12 or newer, and none was found.
Install one, then run the command again:
  Debian 13 / Ubuntu 24.04:  sudo apt-get install python3 python3-venv
  Debian 12:                 pyenv install 3.12  (https://github.com/pyenv/pyenv), or use a newer distribution
  Other systems:             https://www.python.org/downloads/
MSG
exit 1
