#!/usr/bin/env bash
# API conformance: schemathesis against a freshly served API must find nothing.
#
# Creates a temporary DANVAN_HOME (SQLite), migrates, loads the units, adds a small data set
# (scripts/api-conformance-fixture.py: a commune editor and records of every kind), issues the
# editor a token, serves with `danvan serve` on a free local port and runs schemathesis on
# /api/v1/openapi.json with a fixed seed and a bounded number of examples. Any failure exits
# non-zero; the server and the temporary directory are removed at the end.
#
# Usage: scripts/api-conformance.sh [extra schemathesis options]
#   API_CONFORMANCE_EXAMPLES (default 50) test cases per operation and phase
#   API_CONFORMANCE_SEED     (default 20260101)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
danvan="$root/.venv/bin/danvan"
schemathesis="$root/.venv/bin/schemathesis"
[ -x "$schemathesis" ] || scripts/venv.sh "test,bench"

home=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$home"
}
trap cleanup EXIT

export DANVAN_HOME="$home" DEBUG=false PYTHONUNBUFFERED=1
unset DATABASE_URL

echo "== Database and data ($home)"
"$danvan" migrate --verbosity 0
"$danvan" geo load >/dev/null
"$danvan" shell < scripts/api-conformance-fixture.py
token=$("$danvan" token create conformance --name conformance 2>/dev/null)

port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
echo "== Serving on $base"
"$danvan" serve --host 127.0.0.1 --port "$port" --threads 4 --no-worker >"$home/server.log" 2>&1 &
server_pid=$!
# Wait for the server on a cheap page (a timed-out poll of the large OpenAPI document would leave
# its work queued on the server's threads), then build the document once, with time to spare.
fetch() { .venv/bin/python -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=int(sys.argv[2]))" "$@"; }
ready=""
for _ in $(seq 120); do
  if fetch "$base/accounts/login/" 5 2>/dev/null; then ready=1; break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$home/server.log"; echo "the server did not start"; exit 1; }
  sleep 1
done
[ -n "$ready" ] || { cat "$home/server.log"; echo "the server did not answer in 120 s"; exit 1; }
fetch "$base/api/v1/openapi.json" 300 || { cat "$home/server.log"; echo "no OpenAPI document"; exit 1; }

echo "== schemathesis"
status=0
cd "$home"  # its crash cache (.schemathesis/) goes with the temporary directory
"$schemathesis" run "$base/api/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,negative_data_rejection,content_type_conformance,response_schema_conformance \
  --seed "${API_CONFORMANCE_SEED:-20260101}" \
  --max-examples "${API_CONFORMANCE_EXAMPLES:-50}" \
  --generation-database none \
  --workers 2 \
  --no-color \
  "$@" || status=$?
if [ "$status" != 0 ]; then
  echo "== server log (last 60 lines)"
  tail -60 "$home/server.log"
fi
exit "$status"
