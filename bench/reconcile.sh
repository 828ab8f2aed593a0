#!/usr/bin/env bash
# Reconciliation alone (bench/reconcile.py), against the store the last `make bench` loaded:
# adds its figures to target/bench-results.json and docs/BENCHMARKS.md. `make bench` measures
# it too, at its largest size.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/bench-results.json ] || { echo "bench: run make bench first (it loads the store)"; exit 1; }
cargo build --release --bin chain-atlas
venv=.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q -r bench/requirements.txt
export APP_ENV=bench
eval "$(target/release/chain-atlas local-db-env)"
exec "$venv/bin/python" bench/reconcile.py
