#!/usr/bin/env bash
# make bench: release build, the bench Neo4j instance, the service on a free port, bench/run.py.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin chain-atlas
bin=target/release/chain-atlas
export APP_ENV=bench
eval "$("$bin" local-db-env)"
neo4j/neo4j.sh start
venv=.venv
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv"; "$venv/bin/pip" install -q -r contract/requirements.txt; }
"$venv/bin/python" -c 'import httpx' 2>/dev/null || "$venv/bin/pip" install -q httpx
port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
key=$("$bin" keys create --role admin --name bench 2>/dev/null)
CHAIN_ATLAS__APPLICATION__PORT=$port CHAIN_ATLAS__APPLICATION__SEED_IF_EMPTY=true "$bin" serve >target/bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/api/v1/chains" | grep -q robotics && break
  sleep 0.5
done
"$venv/bin/python" bench/run.py --url "http://127.0.0.1:$port" --admin-key "$key" "$@"
echo "bench: Neo4j $(neo4j/neo4j.sh status)"
