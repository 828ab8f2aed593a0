#!/usr/bin/env bash
# make bench: release builds, the bench Neo4j instance, then bench/run.py (options pass through:
# --sizes 10000,100000 --runs 3 --requests 240 --concurrency 8). Writes docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin chain-atlas --example raw_bolt
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y wrk >/dev/null
  else
    echo "bench: needs wrk (Debian: sudo apt-get install wrk)" >&2
    exit 1
  fi
fi
venv=.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q -r bench/requirements.txt
export APP_ENV=bench
eval "$(target/release/chain-atlas local-db-env)"
exec "$venv/bin/python" bench/run.py "$@"
