# The two commands a new user needs:
#   make run    build the web page if its sources changed, start Neo4j (fetched through Maven on
#               first use), apply the schema, seed an empty database and serve the page and the
#               API on http://127.0.0.1:8080 (Ctrl-C stops the service)
#   make test   start the test instance of Neo4j if needed and run the whole test suite: the
#               Rust tests, the contract tests (schemathesis and a generated Python client), then
#               the page's end-to-end tests in Debian's Chromium
# Others: make stop, make lint, make web, make openapi, make bench, make soak, make fuzz,
# make neo4j-status.

SHELL := /bin/bash
CARGO ?= cargo
BIN := target/debug/chain-atlas
# What neo4j/neo4j.sh needs, read from the layered configuration for the given APP_ENV.
DB_ENV = eval "$$(APP_ENV=$(1) $(BIN) local-db-env)"

.PHONY: run test e2e stop lint web openapi bench bench-reconcile soak fuzz build neo4j-dev neo4j-test neo4j-test-stop neo4j-status

# The web page (web/): npm packages when the lock file changed, then a build (type check against
# the committed OpenAPI spec, then Vite) when any of its sources or the spec changed. A debug
# build of the service reads web/dist at run time; a release build embeds it.
WEB_SOURCES := $(shell find web/src web/index.html web/vite.config.ts web/tsconfig.json -type f -not -name schema.d.ts 2>/dev/null) openapi/openapi.json
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build
	@touch $@

web: web/dist/index.html

build:
	$(CARGO) build --bin chain-atlas

neo4j-dev: build
	@$(call DB_ENV,dev) && neo4j/neo4j.sh start

neo4j-test: build
	@$(call DB_ENV,test) && neo4j/neo4j.sh start

run: web neo4j-dev
	APP_ENV=dev $(BIN) serve

# Every run starts from an empty test database, so what one run (or a contract run) wrote
# cannot change the next run's answers.
test: web neo4j-test
	APP_ENV=test $(BIN) reset
	APP_ENV=test $(CARGO) test --all-targets
	bash contract/run.sh
	bash web/e2e/run.sh

# The page's end-to-end tests alone (needs `make test` or `make neo4j-test` first).
e2e: web neo4j-test
	bash web/e2e/run.sh

stop: build
	@$(call DB_ENV,dev) && neo4j/neo4j.sh stop
	@$(call DB_ENV,test) && neo4j/neo4j.sh stop
	@$(call DB_ENV,bench) && neo4j/neo4j.sh stop
	@$(call DB_ENV,bench) && NEO4J_INSTANCE=soak NEO4J_BOLT_PORT=7690 neo4j/neo4j.sh stop

neo4j-test-stop: build
	@$(call DB_ENV,test) && neo4j/neo4j.sh stop

neo4j-status: build
	@$(call DB_ENV,dev) && echo -n "dev:  " && (neo4j/neo4j.sh status || true)
	@$(call DB_ENV,test) && echo -n "test: " && (neo4j/neo4j.sh status || true)

lint: web/node_modules/.package-lock.json
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	cd web && npm run check

# Latency of the read queries on a synthetic graph; writes docs/BENCHMARKS.md.
bench:
	bash bench/run.sh

# Reconciliation alone, against the store the last `make bench` loaded (bench/reconcile.py).
bench-reconcile:
	bash bench/reconcile.sh

# Ten minutes of mixed load with a Neo4j restart in the middle; writes docs/RELIABILITY.md.
soak:
	bash bench/soak.sh

# Hostile input at length: the property tests with many cases, then schemathesis with hundreds
# of examples per operation and its stateful phase, against the test instance, freshly seeded
# (the test service does not seed; without the seeds every lookup would be a 404 or a 422).
fuzz: neo4j-test
	PROPTEST_CASES=$${PROPTEST_CASES:-20000} $(CARGO) test --lib properties
	APP_ENV=test $(BIN) reset
	APP_ENV=test $(BIN) seed
	CONTRACT_MAX_EXAMPLES=$${CONTRACT_MAX_EXAMPLES:-300} bash contract/run.sh

openapi: build
	$(BIN) openapi --out openapi/openapi.json
