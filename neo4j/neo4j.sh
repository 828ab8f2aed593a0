#!/usr/bin/env bash
# Local Neo4j Community for development, tests and CI: no Docker, only JDK 17 and Maven.
#
#   neo4j/neo4j.sh start|stop|kill|status|log
#
# `stop` shuts Neo4j down cleanly (SIGTERM, then waits); `kill` is SIGKILL, for the tests that
# check how the service lives through a database crash.
#
# Settings come from the environment; `chain-atlas local-db-env` prints them from the project's
# configuration, which is how the Makefile calls this script:
#   NEO4J_INSTANCE       name of the instance (its files live in neo4j/run/<instance>)   [dev]
#   NEO4J_BOLT_PORT      Bolt port on 127.0.0.1                                          [7687]
#   NEO4J_PASSWORD       password of user neo4j, set on the first start (>= 8 chars)     required
#   NEO4J_HEAP           JVM heap, e.g. 256m                                             [256m]
#   NEO4J_PAGECACHE      page cache, e.g. 256m                                           [256m]
#   NEO4J_START_TIMEOUT  seconds to wait for Bolt                                        [180]
#   NEO4J_TX_TIMEOUT     server-side transaction timeout, e.g. 15000ms                   [15s]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
instance=${NEO4J_INSTANCE:-dev}
port=${NEO4J_BOLT_PORT:-7687}
heap=${NEO4J_HEAP:-256m}
pagecache=${NEO4J_PAGECACHE:-256m}
timeout=${NEO4J_START_TIMEOUT:-180}
tx_timeout=${NEO4J_TX_TIMEOUT:-15s}
run="$here/run/$instance"
pidfile="$run/neo4j.pid"
logfile="$run/logs/launcher.log"

die() { echo "neo4j.sh: $*" >&2; exit 1; }

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  # A recycled pid must not count: the process has to be our launcher on this instance.
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "chainatlas.LocalNeo4j $run/home"; then
    echo "$pid"
    return 0
  fi
  return 1
}

bolt_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

build_launcher() {
  local jar="$here/target/neo4j-launcher-1.0.0.jar"
  if [ ! -f "$jar" ] || [ ! -d "$here/target/lib" ] || [ "$here/pom.xml" -nt "$jar" ] ||
     [ -n "$(find "$here/src" -newer "$jar" -print -quit)" ]; then
    echo "neo4j.sh: fetching Neo4j from Maven Central and building the launcher (first run only)"
    mvn -q -B -f "$here/pom.xml" package -DskipTests >&2 || die "maven build failed"
  fi
}

write_conf() {
  mkdir -p "$run/home" "$run/logs"
  cat >"$run/neo4j.conf" <<CONF
# Written by neo4j/neo4j.sh on every start; edit the environment, not this file.
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$port
server.bolt.advertised_address=127.0.0.1:$port
server.bolt.tls_level=DISABLED
server.http.enabled=false
server.https.enabled=false
dbms.security.auth_enabled=true
server.memory.pagecache.size=$pagecache
db.memory.transaction.total.max=256m
db.tx_log.rotation.retention_policy=2 files
# The service gives up on a query after neo4j.query_timeout_ms; Neo4j then stops working on it
# too (local-db-env passes the same bound), instead of keeping the cores busy.
db.transaction.timeout=$tx_timeout
server.directories.logs=$run/logs
dbms.usage_report.enabled=false
CONF
}

start() {
  [ -n "${NEO4J_PASSWORD:-}" ] || die "NEO4J_PASSWORD is not set (run through 'make', or see README)"
  if pid=$(running_pid); then
    echo "neo4j.sh: instance '$instance' already running (pid $pid, bolt 127.0.0.1:$port)"
    return 0
  fi
  if bolt_answers; then
    die "port $port is taken by another process; stop it or choose another port"
  fi
  command -v java >/dev/null || die "java (JDK 17) not found"
  build_launcher
  write_conf
  local cp="$here/target/neo4j-launcher-1.0.0.jar:$here/target/lib/*"
  : >"$logfile"
  # Flags from Neo4j's own neo4j.conf (server.jvm.additional); the heap is bounded because the
  # JVM default is a quarter of RAM.
  nohup java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow \
    -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC \
    -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true \
    -Dlog4j2.disable.jmx=true \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    -cp "$cp" chainatlas.LocalNeo4j "$run/home" "$run/neo4j.conf" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
  local waited=0
  until grep -q "LocalNeo4j: ready" "$logfile" && bolt_answers; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "neo4j.sh: Neo4j exited during start-up; last lines of $logfile:" >&2
      tail -n 40 "$logfile" >&2
      rm -f "$pidfile"
      exit 1
    fi
    if [ "$waited" -ge "$timeout" ]; then
      echo "neo4j.sh: Bolt did not answer on 127.0.0.1:$port within ${timeout}s; last lines of $logfile:" >&2
      tail -n 40 "$logfile" >&2
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "neo4j.sh: instance '$instance' ready on bolt://127.0.0.1:$port (pid $(cat "$pidfile"), ${waited}s)"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    echo "neo4j.sh: instance '$instance' is not running"
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "neo4j.sh: instance '$instance' stopped"; return 0; }
    sleep 1
  done
  die "pid $pid did not stop within 60s; see $logfile"
}

kill_now() {
  local pid
  if ! pid=$(running_pid); then
    echo "neo4j.sh: instance '$instance' is not running"
    return 0
  fi
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$pidfile"
  echo "neo4j.sh: instance '$instance' killed"
}

status() {
  if pid=$(running_pid); then
    echo "running (pid $pid, bolt 127.0.0.1:$port, rss $(awk '/VmRSS/ {print $2 " " $3}' "/proc/$pid/status"))"
  else
    echo "stopped"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  kill) kill_now ;;
  status) status ;;
  log) tail -n "${2:-50}" "$logfile" ;;
  *) echo "usage: $0 start|stop|kill|status|log" >&2; exit 2 ;;
esac
