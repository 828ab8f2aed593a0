#!/usr/bin/env bash
# make soak: 10 minutes of mixed reads and writes at a fixed rate against a release build, with
# one Neo4j restart in the middle; the figures replace the soak section of docs/RELIABILITY.md.
# Its own Neo4j instance (neo4j/run/soak, port 7690), emptied and seeded at the start.
#   bash bench/soak.sh [--minutes 10] [--rate 40]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin chain-atlas
bin=target/release/chain-atlas
export APP_ENV=bench
export CHAIN_ATLAS__LOCAL_DB__INSTANCE=soak
export CHAIN_ATLAS__NEO4J__URI=bolt://127.0.0.1:7690
export CHAIN_ATLAS__APPLICATION__SEED_IF_EMPTY=true
export CHAIN_ATLAS__APPLICATION__SEED_DEMO=true
eval "$("$bin" local-db-env)"
neo4j/neo4j.sh start
"$bin" reset
venv=.venv
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv"; "$venv/bin/pip" install -q -r contract/requirements.txt; }
"$venv/bin/python" -c 'import httpx' 2>/dev/null || "$venv/bin/pip" install -q httpx
port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
key=$("$bin" keys create --role admin --name soak 2>/dev/null)
CHAIN_ATLAS__APPLICATION__PORT=$port "$bin" serve >target/soak-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; neo4j/neo4j.sh stop >/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$port/ready" >/dev/null && break
  sleep 0.5
done
"$venv/bin/python" bench/soak.py --url "http://127.0.0.1:$port" --admin-key "$key" \
  --server-pid "$server" --report docs/RELIABILITY.md "$@"
