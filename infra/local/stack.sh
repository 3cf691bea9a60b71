#!/usr/bin/env bash
# The local stack without Docker: Apache Kafka (KRaft, jars from Maven Central), Redis and
# ClickHouse (Debian packages), all on loopback, data and logs under one state folder.
#
#   stack.sh up [service...] | down [service...] | status | logs [service] | reset
#
# Services: kafka, redis, clickhouse (all by default). Tests that stop a server on purpose
# start a private one on other ports with another LOYALTY_STATE_DIR, e.g.
#   LOYALTY_STATE_DIR=/tmp/x CLICKHOUSE_URL=http://127.0.0.1:18123 CLICKHOUSE_TCP_PORT=19000 stack.sh up clickhouse
#
# Environment (the services read the same names):
#   KAFKA_BROKERS            127.0.0.1:9092        the broker listens on this port
#   REDIS_URL                redis://127.0.0.1:6379
#   CLICKHOUSE_URL           http://127.0.0.1:8123
#   LOYALTY_STATE_DIR        <repo>/.state          data, logs, pid files
#   LOYALTY_TOPIC_PARTITIONS 6
#   KAFKA_CONTROLLER_PORT    9093, CLICKHOUSE_TCP_PORT 9000 (stack-internal)
#   STACK_READY_TIMEOUT_S    120                    bound on waiting for each service
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:9092}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
CLICKHOUSE_URL=${CLICKHOUSE_URL:-http://127.0.0.1:8123}
LOYALTY_STATE_DIR=${LOYALTY_STATE_DIR:-$repo/.state}
LOYALTY_TOPIC_PARTITIONS=${LOYALTY_TOPIC_PARTITIONS:-6}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
CLICKHOUSE_TCP_PORT=${CLICKHOUSE_TCP_PORT:-9000}
STACK_READY_TIMEOUT_S=${STACK_READY_TIMEOUT_S:-120}
export KAFKA_BROKERS REDIS_URL CLICKHOUSE_URL LOYALTY_STATE_DIR LOYALTY_TOPIC_PARTITIONS

state=$LOYALTY_STATE_DIR
logs=$state/logs
run=$state/run

port_of() { # last ":<digits>" of a URL or host:port, path stripped
  local v=${1%%/}
  v=${v%%,*}
  v=${v##*:}
  v=${v%%/*}
  [[ $v =~ ^[0-9]+$ ]] || { echo "cannot read a port from '$1'" >&2; exit 2; }
  echo "$v"
}
kafka_port=$(port_of "$KAFKA_BROKERS")
redis_port=$(port_of "$REDIS_URL")
ch_port=$(port_of "$CLICKHOUSE_URL")

say() { printf '[stack] %s\n' "$*" >&2; }
fail() { printf '[stack] FAILED: %s\n' "$*" >&2; exit 1; }

alive() { # pid file -> running?
  [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

# ---------------------------------------------------------------- installation

apt_install() {
  say "installing Debian packages: $*"
  [[ $(id -u) == 0 ]] || fail "installing $* needs root (apt-get); install them by hand or run as root"
  # Keep the packages' own init scripts from starting system-wide servers on our ports.
  local policy=/usr/sbin/policy-rc.d created=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created=1; fi
  local rc=0
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$logs/apt.log" 2>&1; then
    apt-get update -qq >>"$logs/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$logs/apt.log" 2>&1 || rc=$?
  fi
  [[ $created == 1 ]] && rm -f "$policy"
  [[ $rc == 0 ]] || fail "apt-get install $* failed (exit $rc); see $logs/apt.log"
}

ensure_installed() {
  mkdir -p "$logs" "$run"
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  command -v clickhouse-server >/dev/null || missing+=(clickhouse-server)
  command -v clickhouse-client >/dev/null || missing+=(clickhouse-client)
  command -v curl >/dev/null || missing+=(curl)
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
  local libs=$state/kafka/libs stamp
  stamp=$(sha256sum "$here/kafka/pom.xml" | cut -c1-16)
  if [[ ! -f $libs/.pom-$stamp ]]; then
    say "resolving the Kafka broker jars from Maven Central (infra/local/kafka/pom.xml)"
    rm -rf "$libs"
    mkdir -p "$libs"
    mvn -B -q -f "$here/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$libs" >"$logs/maven.log" 2>&1 ||
      fail "maven could not resolve the Kafka jars; see $logs/maven.log"
    touch "$libs/.pom-$stamp"
  fi
}

# ---------------------------------------------------------------- readiness

wait_for() { # name, log, command...
  local name=$1 log=$2
  shift 2
  local deadline=$((SECONDS + STACK_READY_TIMEOUT_S))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      fail "$name is not ready after ${STACK_READY_TIMEOUT_S}s ($*); its log: $log"
    fi
    sleep 0.5
  done
}

redis_ready() { [[ $(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null) == PONG ]]; }
clickhouse_ready() { [[ $(curl -sf "http://127.0.0.1:$ch_port/?query=SELECT%201" 2>/dev/null) == 1 ]]; }
kafka_ready() { (cd "$repo" && node_modules/.bin/tsx infra/local/kafka-ready.ts); }

# ---------------------------------------------------------------- services

start_redis() {
  local pid=$run/redis.pid
  if alive "$pid" && redis_ready; then say "redis already running on $redis_port"; return; fi
  redis_ready && fail "port $redis_port answers PING but is not this stack's redis; stop it or set REDIS_URL"
  mkdir -p "$state/redis"
  # AOF on: a restart of redis loses no acknowledged write (fsync every second).
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$state/redis" \
    --appendonly yes --appendfsync everysec --save "" \
    --daemonize yes --pidfile "$pid" --logfile "$logs/redis.log" ||
    fail "redis-server did not start; its log: $logs/redis.log"
  wait_for redis "$logs/redis.log" redis_ready
  say "redis ready on 127.0.0.1:$redis_port"
}

start_clickhouse() {
  local pid=$run/clickhouse.pid conf=$state/clickhouse/etc
  if alive "$pid" && clickhouse_ready; then say "clickhouse already running on $ch_port"; return; fi
  clickhouse_ready && fail "port $ch_port answers SELECT 1 but is not this stack's clickhouse; stop it or set CLICKHOUSE_URL"
  mkdir -p "$conf" "$state/clickhouse/data" "$state/clickhouse/tmp"
  sed -e "s|@STATE@|$state|g" -e "s|@HTTP_PORT@|$ch_port|g" -e "s|@TCP_PORT@|$CLICKHOUSE_TCP_PORT|g" \
    "$here/clickhouse/config.xml" >"$conf/config.xml"
  cp "$here/clickhouse/users.xml" "$conf/users.xml"
  # exec: the pid file must name the server itself, not a wrapper shell.
  (cd "$state/clickhouse" && exec setsid clickhouse-server --config-file="$conf/config.xml" \
    >>"$logs/clickhouse.stdout.log" 2>&1 </dev/null) &
  echo $! >"$pid"
  wait_for clickhouse "$logs/clickhouse.err.log" clickhouse_ready
  say "clickhouse ready on 127.0.0.1:$ch_port"
}

start_kafka() {
  local pid=$run/kafka.pid conf=$state/kafka/server.properties data=$state/kafka/data
  if alive "$pid" && kafka_ready; then say "kafka already running on $kafka_port"; return; fi
  if alive "$pid"; then kill "$(cat "$pid")" 2>/dev/null || true; sleep 1; fi
  mkdir -p "$data"
  sed -e "s|@STATE@|$state|g" -e "s|@PORT@|$kafka_port|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@PARTITIONS@|$LOYALTY_TOPIC_PARTITIONS|g" "$here/kafka/server.properties" >"$conf"
  local cp="$state/kafka/libs/*"
  if [[ ! -f $data/meta.properties ]]; then
    # KRaft storage is formatted once; a second format would refuse or lose the data.
    local id
    id=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>>"$logs/kafka.log" | tail -n1)
    java -cp "$cp" -Dlog4j2.configurationFile="$here/kafka/log4j2.properties" \
      kafka.tools.StorageTool format -t "$id" -c "$conf" >>"$logs/kafka.log" 2>&1 ||
      fail "kafka storage format failed; its log: $logs/kafka.log"
  fi
  (setsid java -Xms256m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$here/kafka/log4j2.properties" -cp "$cp" kafka.Kafka "$conf" \
    >>"$logs/kafka.log" 2>&1 </dev/null & echo $! >"$pid")
  wait_for kafka "$logs/kafka.log" kafka_ready
  say "kafka ready on 127.0.0.1:$kafka_port, topics in place"
}

stop_one() { # name
  local pid=$run/$1.pid
  if alive "$pid"; then
    local p
    p=$(cat "$pid")
    kill "$p" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$p" 2>/dev/null || true
    say "$1 stopped"
  fi
  rm -f "$pid"
}

status_one() { # name, ready-fn, port
  if alive "$run/$1.pid" && $2; then
    printf '%-11s up    127.0.0.1:%s  pid %s\n' "$1" "$3" "$(cat "$run/$1.pid")"
  else
    printf '%-11s down  (log: %s)\n' "$1" "$logs/$1.log"
    return 1
  fi
}

services() { # the named services, checked, in start order; all when none is named
  local s
  (($#)) || set -- redis clickhouse kafka
  for s in "$@"; do
    case $s in kafka | redis | clickhouse) echo "$s" ;; *) fail "unknown service '$s' (kafka, redis or clickhouse)" ;; esac
  done
}

cmd=${1:-status}
shift || true
case $cmd in
up)
  selected=$(services "$@")
  ensure_installed
  for s in $selected; do "start_$s"; done
  ;;
down)
  selected=$(services "$@")
  for s in kafka clickhouse redis; do
    if grep -qx "$s" <<<"$selected"; then stop_one "$s"; fi
  done
  ;;
status)
  rc=0
  status_one redis redis_ready "$redis_port" || rc=1
  status_one clickhouse clickhouse_ready "$ch_port" || rc=1
  status_one kafka kafka_ready "$kafka_port" || rc=1
  exit $rc
  ;;
logs)
  svc=${1:-}
  case $svc in
  kafka | redis | clickhouse) tail -n 100 "$logs/$svc.log" ;;
  "") tail -n 30 "$logs"/kafka.log "$logs"/redis.log "$logs"/clickhouse.log 2>/dev/null ;;
  *) fail "unknown service '$svc' (kafka, redis or clickhouse)" ;;
  esac
  ;;
reset)
  "$0" down
  rm -rf "$state/kafka/data" "$state/redis" "$state/clickhouse" "$state/logs" "$run"
  say "state removed under $state (downloaded jars kept)"
  ;;
*)
  echo "usage: stack.sh up [service...] | down [service...] | status | logs [service] | reset" >&2
  exit 2
  ;;
esac
