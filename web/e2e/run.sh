#!/usr/bin/env bash
# The explorer's end-to-end tests (part of `make test`): the page as staff use it, in Debian's
# Chromium driven by playwright-core, against the live test service with the seed data.
# Two services run on the test database: one open to readers, as `make run` serves, and one
# with public reading off, to test asking for a key. Arguments name test files (default: all).
set -euo pipefail
cd "$(dirname "$0")/../.."

chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "e2e: $chromium is missing; install Debian's chromium (apt-get install -y chromium)"; exit 1; }
[ -f web/dist/index.html ] || { echo "e2e: web/dist is not built; run make web"; exit 1; }

bin=target/debug/chain-atlas
export APP_ENV=test
# From the seed data alone: what the Rust and contract tests wrote before (schemathesis deletes
# records it finds, seeded ones included) must not change what the page is checked against.
"$bin" reset >/dev/null
"$bin" seed >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
open_port=$(free_port)
locked_port=$(free_port)
reader_key=$("$bin" keys create --role reader --name "e2e reader" 2>/dev/null)
admin_key=$("$bin" keys create --role admin --name "e2e admin" 2>/dev/null)
# The open service also raises alerts for watchers (web/e2e/alerts.test.mjs).
CHAIN_ATLAS__APPLICATION__PORT=$open_port CHAIN_ATLAS__ALERTS__RAISE=true \
  "$bin" serve >target/e2e-server.log 2>&1 &
open_server=$!
CHAIN_ATLAS__APPLICATION__PORT=$locked_port CHAIN_ATLAS__AUTH__PUBLIC_READ=false \
  "$bin" serve >target/e2e-locked-server.log 2>&1 &
locked_server=$!
trap 'kill $open_server $locked_server 2>/dev/null || true' EXIT
for port in "$open_port" "$locked_port"; do
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$port/ready" >/dev/null && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$port/ready" >/dev/null || { echo "e2e: service on $port not ready"; tail -20 target/e2e-*.log; exit 1; }
done

cd web
BASE_URL="http://127.0.0.1:$open_port" LOCKED_URL="http://127.0.0.1:$locked_port" \
  READER_KEY="$reader_key" ADMIN_KEY="$admin_key" CHROMIUM="$chromium" \
  node --test --test-concurrency=1 --test-reporter=spec "${@:-e2e/}"
