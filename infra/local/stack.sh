#!/usr/bin/env bash
# The local stack without Docker: Apache Kafka (KRaft, jars from Maven Central), Redis and
# ClickHouse (Debian packages), all on loopback, data and logs under one state folder.
#
#   stack.sh up [service...] | down [service...] | status | logs [service] | reset
#
# Services: kafka, redis, clickhouse (all by default), and, only when named (a plain `down`
# stops them too): registry (a schema registry, `up registry`) and redis-cluster (three
# redis-server nodes in cluster mode, `up redis-cluster`). Tests that stop a server on purpose
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
#   REGISTRY_URL             http://127.0.0.1:8081/apis/ccompat/v6
#   REGISTRY_BUILD_DIR       <state>/registry/app   the registry built from infra/local/registry/pom.xml
#   REDIS_CLUSTER_PORTS      7000,7001,7002         the redis-cluster nodes (bus ports: each + 10000)
#   STACK_READY_TIMEOUT_S    120                    bound on waiting for each service
#   LOYALTY_STACK_SECURE     0                      1: servers that ask for credentials (see "secure mode")
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
  # promtool and a Prometheus server for the monitoring tests (infra/prometheus); the
  # package's own service is never started (policy-rc.d in apt_install).
  command -v promtool >/dev/null || missing+=(prometheus)
  # A real browser for the dashboard's tests (playwright-core drives it).
  command -v chromium >/dev/null || missing+=(chromium)
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

wait_for() { # name, log, pid file ("" when there is none to watch), command...
  local name=$1 log=$2 pid=$3
  shift 3
  local deadline=$((SECONDS + STACK_READY_TIMEOUT_S))
  until "$@" >/dev/null 2>&1; do
    # A server that died (a port taken, a bad config) will never answer: say so now.
    if [[ -n $pid && -f $pid ]] && ! kill -0 "$(cat "$pid")" 2>/dev/null; then
      fail "$name exited before it was ready ($*); its log: $log"
    fi
    if ((SECONDS >= deadline)); then
      fail "$name is not ready after ${STACK_READY_TIMEOUT_S}s ($*); its log: $log"
    fi
    sleep 0.5
  done
}

# A server of this stack that runs but does not answer yet is starting or busy: wait for it.
# Killing it would take it away from whoever is using it (tests share these servers).
running_not_ready() { # name, log, pid file, ready command
  alive "$3" || return 1
  wait_for "$@"
  say "$1 already running"
}

redis_ready() { [[ $(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null) == PONG ]]; }
clickhouse_ready() { [[ $(curl -sf "http://127.0.0.1:$ch_port/?query=SELECT%201" 2>/dev/null) == 1 ]]; }
kafka_ready() { (cd "$repo" && node_modules/.bin/tsx infra/local/kafka-ready.ts); }

# ---------------------------------------------------------------- secure mode (opt-in)
# LOYALTY_STACK_SECURE=1 makes the servers ask for credentials, so that the clients'
# security settings can be tested against real servers (issue 8). Beside what the default
# stack runs, it adds:
#   kafka       a SASL_SSL listener on KAFKA_SASL_SSL_PORT (SCRAM-SHA-512 and PLAIN, TLS);
#               the broker's own listeners (PLAINTEXT, CONTROLLER) stay as they are
#   redis       ACL login on every port (the `default` user off), TLS on REDIS_TLS_PORT
#   clickhouse  only the user LOYALTY_SECURE_USER, with a password
# One user and password for all three:
#   LOYALTY_SECURE_USER      loyalty
#   LOYALTY_SECURE_PASSWORD  loyalty-local-secret   (letters, digits, ".", "_", "~", "+", "-")
#   KAFKA_SASL_SSL_PORT      9094, REDIS_TLS_PORT 6380
# The certificates (a CA made for this state folder, and one server certificate for
# 127.0.0.1 and localhost) are under $LOYALTY_STATE_DIR/tls; clients trust tls/ca.crt.
LOYALTY_STACK_SECURE=${LOYALTY_STACK_SECURE:-0}
LOYALTY_SECURE_USER=${LOYALTY_SECURE_USER:-loyalty}
LOYALTY_SECURE_PASSWORD=${LOYALTY_SECURE_PASSWORD:-loyalty-local-secret}
KAFKA_SASL_SSL_PORT=${KAFKA_SASL_SSL_PORT:-9094}
REDIS_TLS_PORT=${REDIS_TLS_PORT:-6380}
tls=$state/tls
redis_secure_args=()

secure_mode() { [[ $LOYALTY_STACK_SECURE == 1 ]]; }

sha256_of() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

ensure_tls() { # a CA and a server certificate signed by it, made once per state folder
  [[ -f $tls/server.crt && -f $tls/kafka.p12 ]] && return
  mkdir -p "$tls"
  # umask: the keys and the keystore's password are for the servers' owner only.
  (
    umask 077
    cd "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=loyalty local CA" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
      -keyout ca.key -out ca.crt
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
    # Clients check the address they dialled against the subjectAltName (RFC 6125).
    printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' 'basicConstraints=CA:FALSE' \
      'keyUsage=digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth' >server.ext
    openssl x509 -req -days 3650 -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
      -extfile server.ext -out server.crt
    openssl rand -hex 16 >keystore.password
    openssl pkcs12 -export -name kafka -in server.crt -inkey server.key -certfile ca.crt \
      -passout "file:keystore.password" -out kafka.p12
    chmod 644 ca.crt server.crt
  ) >"$logs/tls.log" 2>&1 || fail "could not make the TLS certificates; see $logs/tls.log"
}

secure_redis_prepare() { # fills redis_secure_args: the ACL file and the TLS port
  secure_mode || return 0
  ensure_tls
  local acl=$state/redis/users.acl
  # The ACL file holds the password's SHA-256 ("#<hex>"), never the password itself.
  (umask 077 && printf 'user default off\nuser %s on #%s ~* &* +@all\n' \
    "$LOYALTY_SECURE_USER" "$(sha256_of "$LOYALTY_SECURE_PASSWORD")" >"$acl")
  redis_secure_args=(--aclfile "$acl" --tls-port "$REDIS_TLS_PORT" --tls-auth-clients no
    --tls-cert-file "$tls/server.crt" --tls-key-file "$tls/server.key" --tls-ca-cert-file "$tls/ca.crt")
}

secure_clickhouse_users() { # users.xml path: replaced by one with only the secure user
  secure_mode || return 0
  sed -e "s|@USER@|$LOYALTY_SECURE_USER|g" -e "s|@PASSWORD_SHA256@|$(sha256_of "$LOYALTY_SECURE_PASSWORD")|g" \
    "$here/clickhouse/users-secure.xml" >"$1"
}

secure_kafka_prepare() { # server.properties, data folder, classpath
  secure_mode || return 0
  local conf=$1 data=$2 cp=$3 marker=$2/.loyalty-scram
  ensure_tls
  # Java properties: a key given again overrides the template's value.
  sed -e "s|@PORT@|$kafka_port|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@SASL_SSL_PORT@|$KAFKA_SASL_SSL_PORT|g" -e "s|@TLS@|$tls|g" \
    -e "s|@KEYSTORE_PASSWORD@|$(cat "$tls/keystore.password")|g" \
    -e "s|@USER@|$LOYALTY_SECURE_USER|g" -e "s|@PASSWORD@|$LOYALTY_SECURE_PASSWORD|g" \
    "$here/kafka/secure.properties" >>"$conf"
  chmod 600 "$conf"
  # KRaft keeps SCRAM credentials in the metadata log, written when storage is formatted
  # (StorageTool --add-scram); the marker tells whether this storage has these ones.
  local creds
  creds=$(sha256_of "$LOYALTY_SECURE_USER:$LOYALTY_SECURE_PASSWORD")
  if [[ -f $data/meta.properties ]]; then
    [[ -f $marker && $(cat "$marker") == "$creds" ]] ||
      fail "kafka storage under $data was formatted without these SCRAM credentials; use another LOYALTY_STATE_DIR or \`stack.sh reset\`"
    return
  fi
  local id
  id=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>>"$logs/kafka.log" | tail -n1)
  # The format command prints the stored SCRAM keys: kept out of the log.
  java -cp "$cp" -Dlog4j2.configurationFile="$here/kafka/log4j2.properties" \
    kafka.tools.StorageTool format -t "$id" -c "$conf" \
    --add-scram "SCRAM-SHA-512=[name=$LOYALTY_SECURE_USER,password=$LOYALTY_SECURE_PASSWORD]" \
    >/dev/null 2>>"$logs/kafka.log" || fail "kafka storage format failed; its log: $logs/kafka.log"
  (umask 077 && echo "$creds" >"$marker")
}

if secure_mode; then
  [[ $LOYALTY_SECURE_USER =~ ^[A-Za-z][A-Za-z0-9_-]*$ ]] ||
    fail "LOYALTY_SECURE_USER must start with a letter and hold letters, digits, \"_\" or \"-\""
  [[ $LOYALTY_SECURE_PASSWORD =~ ^[A-Za-z0-9._~+-]+$ ]] ||
    fail "LOYALTY_SECURE_PASSWORD must hold letters, digits, \".\", \"_\", \"~\", \"+\" or \"-\""
  [[ $KAFKA_SASL_SSL_PORT =~ ^[0-9]+$ ]] || fail "KAFKA_SASL_SSL_PORT must be a port number"
  [[ $REDIS_TLS_PORT =~ ^[0-9]+$ ]] || fail "REDIS_TLS_PORT must be a port number"
  # The secure servers answer nobody without credentials, so readiness logs in as the
  # secure user (replacing the checks above). It runs every half second, so its password
  # goes through the environment or stdin rather than a command line that `ps` shows.
  redis_ready() {
    [[ $(REDISCLI_AUTH=$LOYALTY_SECURE_PASSWORD redis-cli --user "$LOYALTY_SECURE_USER" \
      -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null) == PONG ]] &&
      [[ $(REDISCLI_AUTH=$LOYALTY_SECURE_PASSWORD redis-cli --user "$LOYALTY_SECURE_USER" \
        --tls --cacert "$tls/ca.crt" -h 127.0.0.1 -p "$REDIS_TLS_PORT" ping 2>/dev/null) == PONG ]]
  }
  clickhouse_ready() {
    [[ $(curl -sf -K - "http://127.0.0.1:$ch_port/?query=SELECT%201" 2>/dev/null \
      <<<"user = \"$LOYALTY_SECURE_USER:$LOYALTY_SECURE_PASSWORD\"") == 1 ]]
  }
fi

# ---------------------------------------------------------------- services

start_redis() {
  local pid=$run/redis.pid
  if alive "$pid" && redis_ready; then say "redis already running on $redis_port"; return; fi
  running_not_ready redis "$logs/redis.log" "$pid" redis_ready && return
  redis_ready && fail "port $redis_port answers PING but is not this stack's redis; stop it or set REDIS_URL"
  mkdir -p "$state/redis"
  secure_redis_prepare
  # AOF on: a restart of redis loses no acknowledged write (fsync every second). A customer's
  # hash stays a listpack while each field fits: the evaluation record of four announced kinds
  # reaches about 300 bytes, and a hashtable would cost several hundred bytes more per customer.
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$state/redis" \
    --appendonly yes --appendfsync everysec --save "" --hash-max-listpack-value 320 \
    --daemonize yes --pidfile "$pid" --logfile "$logs/redis.log" "${redis_secure_args[@]}" ||
    fail "redis-server did not start; its log: $logs/redis.log"
  wait_for redis "$logs/redis.log" "$pid" redis_ready
  say "redis ready on 127.0.0.1:$redis_port"
}

start_clickhouse() {
  local pid=$run/clickhouse.pid conf=$state/clickhouse/etc
  if alive "$pid" && clickhouse_ready; then say "clickhouse already running on $ch_port"; return; fi
  running_not_ready clickhouse "$logs/clickhouse.err.log" "$pid" clickhouse_ready && return
  clickhouse_ready && fail "port $ch_port answers SELECT 1 but is not this stack's clickhouse; stop it or set CLICKHOUSE_URL"
  mkdir -p "$conf" "$state/clickhouse/data" "$state/clickhouse/tmp"
  sed -e "s|@STATE@|$state|g" -e "s|@HTTP_PORT@|$ch_port|g" -e "s|@TCP_PORT@|$CLICKHOUSE_TCP_PORT|g" \
    "$here/clickhouse/config.xml" >"$conf/config.xml"
  cp "$here/clickhouse/users.xml" "$conf/users.xml"
  secure_clickhouse_users "$conf/users.xml"
  # exec: the pid file must name the server itself, not a wrapper shell.
  (cd "$state/clickhouse" && exec setsid clickhouse-server --config-file="$conf/config.xml" \
    >>"$logs/clickhouse.stdout.log" 2>&1 </dev/null) &
  echo $! >"$pid"
  wait_for clickhouse "$logs/clickhouse.err.log" "$pid" clickhouse_ready
  say "clickhouse ready on 127.0.0.1:$ch_port"
}

start_kafka() {
  local pid=$run/kafka.pid conf=$state/kafka/server.properties data=$state/kafka/data
  if alive "$pid" && kafka_ready; then say "kafka already running on $kafka_port"; return; fi
  running_not_ready kafka "$logs/kafka.log" "$pid" kafka_ready && return
  mkdir -p "$data"
  sed -e "s|@STATE@|$state|g" -e "s|@PORT@|$kafka_port|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@PARTITIONS@|$LOYALTY_TOPIC_PARTITIONS|g" "$here/kafka/server.properties" >"$conf"
  local cp="$state/kafka/libs/*"
  secure_kafka_prepare "$conf" "$data" "$cp"
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
  wait_for kafka "$logs/kafka.log" "$pid" kafka_ready
  say "kafka ready on 127.0.0.1:$kafka_port, topics in place"
}

# ---------------------------------------------------------------- schema registry
# Apicurio Registry, for the Avro path: its Confluent-compatible API (REGISTRY_URL, path
# /apis/ccompat/v6) is what producers and the aggregator talk to. Maven Central has it as a
# library, so infra/local/registry/pom.xml's Quarkus build makes the runnable jar once per pom
# version; schemas persist in an H2 file under the state folder, so a restart keeps every id.
# Not in the default `up`: only Avro producers and the tests that need it run `up registry`.
REGISTRY_URL=${REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v6}
# Where the built registry is kept; private test registries point it at the main one's.
REGISTRY_BUILD_DIR=${REGISTRY_BUILD_DIR:-$state/registry/app}
registry_port=$(port_of "$REGISTRY_URL")

# The subject list is a JSON array: an answer from something else on the port is not one.
registry_ready() { [[ $(curl -sf "${REGISTRY_URL%/}/subjects" 2>/dev/null) == \[* ]]; }

ensure_registry_built() {
  local app=$REGISTRY_BUILD_DIR stamp
  stamp=$(sha256sum "$here/registry/pom.xml" | cut -c1-16)
  [[ -f $app/.pom-$stamp ]] && return
  say "building the schema registry from Maven Central (infra/local/registry/pom.xml)"
  rm -rf "$app"
  mkdir -p "$app"
  app=$(cd "$app" && pwd) # Maven would resolve a relative path against the pom's folder
  mvn -B -q -f "$here/registry/pom.xml" package -Dregistry.build.directory="$app" \
    >"$logs/registry-build.log" 2>&1 || fail "the schema registry build failed; see $logs/registry-build.log"
  touch "$app/.pom-$stamp"
}

# The two starts that hold a lock run in a subshell, so that the lock's descriptor closes when
# they return: left open, the servers started after them in the same `up` (the cluster's nodes
# after the registry) would inherit it and hold the lock for as long as they run.
start_registry() (
  local pid=$run/registry.pid lock fd db
  # Test files start the registry themselves, maybe several at once: one start at a time.
  lock=$run/registry.lock
  exec {fd}>"$lock"
  flock "$fd"
  if alive "$pid" && registry_ready; then say "registry already running on $registry_port"; return; fi
  registry_ready && fail "port $registry_port answers like a schema registry but is not this stack's; stop it or set REGISTRY_URL"
  running_not_ready registry "$logs/registry.log" "$pid" registry_ready && return
  ensure_registry_built
  mkdir -p "$state/registry/data"
  db=$(cd "$state/registry/data" && pwd)/registry
  (REGISTRY_DATASOURCE_URL="jdbc:h2:file:$db" setsid java -Xms64m -Xmx256m -Djava.awt.headless=true \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$registry_port" \
    -jar "$REGISTRY_BUILD_DIR/schema-registry-1-runner.jar" >>"$logs/registry.log" 2>&1 </dev/null {fd}>&- &
    echo $! >"$pid")
  wait_for registry "$logs/registry.log" "$pid" registry_ready
  say "registry ready at $REGISTRY_URL"
)

# ---------------------------------------------------------------- redis cluster
# Three (or more) redis-server nodes in cluster mode, masters only, for the Redis Cluster
# equivalence tests (services reach them with REDIS_CLUSTER_NODES). Each node keeps its cluster
# config (nodes.conf) and AOF under $state/redis-cluster/<port>, so a restart rejoins the same
# cluster with the same slots; the cluster is created once, when no node has a slot yet.
# Not in the default `up`: tests that need it run `up redis-cluster`.
REDIS_CLUSTER_PORTS=${REDIS_CLUSTER_PORTS:-7000,7001,7002}
IFS=, read -r -a cluster_ports <<<"$REDIS_CLUSTER_PORTS"

cluster_node_ready() { [[ $(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null) == PONG ]]; }
cluster_info() { redis-cli -h 127.0.0.1 -p "$1" cluster info 2>/dev/null | tr -d '\r'; }
# Every node must see the cluster as ok: one that does not yet know the others' slots refuses keys.
redis_cluster_ready() {
  local port
  for port in "${cluster_ports[@]}"; do
    alive "$run/redis-cluster-$port.pid" && grep -qx 'cluster_state:ok' <(cluster_info "$port") || return 1
  done
}
redis_cluster_nodes_ready() {
  local port
  for port in "${cluster_ports[@]}"; do cluster_node_ready "$port" || return 1; done
}
# How many nodes hold slots: 0 before the cluster is created, all of them after.
cluster_nodes_with_slots() {
  local port n=0
  for port in "${cluster_ports[@]}"; do
    grep -qx 'cluster_slots_assigned:0' <(cluster_info "$port") || n=$((n + 1))
  done
  echo "$n"
}

start_redis_cluster() (
  local lock fd port pid dir addresses=() with_slots
  secure_mode && fail "redis-cluster has no secure mode; start it without LOYALTY_STACK_SECURE=1"
  [[ $REDIS_CLUSTER_PORTS =~ ^[0-9]+(,[0-9]+)*$ ]] || fail "REDIS_CLUSTER_PORTS must be comma-separated port numbers"
  # Redis Cluster needs at least three masters to agree on a failure.
  ((${#cluster_ports[@]} >= 3)) || fail "REDIS_CLUSTER_PORTS must name at least three ports"
  # Test files start the cluster themselves, maybe several at once: one start at a time.
  lock=$run/redis-cluster.lock
  exec {fd}>"$lock"
  flock "$fd"
  if redis_cluster_ready; then say "redis-cluster already running on ${REDIS_CLUSTER_PORTS}"; return; fi
  for port in "${cluster_ports[@]}"; do
    pid=$run/redis-cluster-$port.pid dir=$state/redis-cluster/$port
    addresses+=("127.0.0.1:$port")
    alive "$pid" && continue
    cluster_node_ready "$port" && fail "port $port answers PING but is not this stack's redis-cluster node; stop it or set REDIS_CLUSTER_PORTS"
    mkdir -p "$dir"
    # As the single redis: AOF with fsync every second. The daemon must not inherit the lock.
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
      --appendonly yes --appendfsync everysec --save "" --hash-max-listpack-value 320 \
      --daemonize yes --pidfile "$pid" --logfile "$logs/redis-cluster-$port.log" {fd}>&- ||
      fail "redis-server did not start on $port; its log: $logs/redis-cluster-$port.log"
  done
  wait_for redis-cluster "$logs/redis-cluster-${cluster_ports[0]}.log" "" redis_cluster_nodes_ready
  with_slots=$(cluster_nodes_with_slots)
  if ((with_slots == 0)); then
    redis-cli --cluster create "${addresses[@]}" --cluster-replicas 0 --cluster-yes \
      >>"$logs/redis-cluster.log" 2>&1 {fd}>&- || fail "redis-cli --cluster create failed; see $logs/redis-cluster.log"
  elif ((with_slots < ${#cluster_ports[@]})); then
    fail "only $with_slots of the redis-cluster nodes hold slots (a node's state was removed?); use \`stack.sh reset\` or another LOYALTY_STATE_DIR"
  fi
  wait_for redis-cluster "$logs/redis-cluster.log" "" redis_cluster_ready
  say "redis-cluster ready on 127.0.0.1:${REDIS_CLUSTER_PORTS}"
)

stop_redis_cluster() { # the nodes at once: each takes a moment to write its AOF and exit
  local port
  for port in "${cluster_ports[@]}"; do stop_one "redis-cluster-$port" & done
  wait
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
    printf '%-13s up    127.0.0.1:%s  pid %s\n' "$1" "$3" "$(cat "$run/$1.pid")"
  else
    printf '%-13s down  (log: %s)\n' "$1" "$logs/$1.log"
    return 1
  fi
}

services() { # the named services, checked, in start order; all when none is named
  local s
  (($#)) || set -- redis clickhouse kafka
  for s in "$@"; do
    case $s in
    kafka | redis | clickhouse | registry | redis-cluster) echo "$s" ;;
    *) fail "unknown service '$s' (kafka, redis, clickhouse, registry or redis-cluster)" ;;
    esac
  done
}

cmd=${1:-status}
shift || true
case $cmd in
up)
  selected=$(services "$@")
  ensure_installed
  for s in $selected; do "start_${s//-/_}"; done
  ;;
down)
  selected=$(services "$@")
  (($#)) || selected+=$'\nregistry\nredis-cluster' # a plain `down` stops these too
  for s in registry redis-cluster kafka clickhouse redis; do
    if ! grep -qx "$s" <<<"$selected"; then continue; fi
    if [[ $s == redis-cluster ]]; then stop_redis_cluster; else stop_one "$s"; fi
  done
  ;;
status)
  rc=0
  status_one redis redis_ready "$redis_port" || rc=1
  status_one clickhouse clickhouse_ready "$ch_port" || rc=1
  status_one kafka kafka_ready "$kafka_port" || rc=1
  if [[ -f $run/registry.pid ]]; then status_one registry registry_ready "$registry_port" || rc=1; fi
  if compgen -G "$run/redis-cluster-*.pid" >/dev/null; then
    if redis_cluster_ready; then
      printf '%-13s up    127.0.0.1:%s\n' redis-cluster "$REDIS_CLUSTER_PORTS"
    else
      printf '%-13s down  (logs: %s)\n' redis-cluster "$logs/redis-cluster*.log"
      rc=1
    fi
  fi
  exit $rc
  ;;
logs)
  svc=${1:-}
  case $svc in
  kafka | redis | clickhouse | registry) tail -n 100 "$logs/$svc.log" ;;
  redis-cluster) tail -n 30 "$logs"/redis-cluster*.log ;;
  "") tail -n 30 "$logs"/kafka.log "$logs"/redis.log "$logs"/clickhouse.log "$logs"/registry.log \
    "$logs"/redis-cluster*.log 2>/dev/null ;;
  *) fail "unknown service '$svc' (kafka, redis, clickhouse, registry or redis-cluster)" ;;
  esac
  ;;
reset)
  "$0" down
  rm -rf "$state/kafka/data" "$state/redis" "$state/redis-cluster" "$state/clickhouse" "$state/registry/data" \
    "$state/logs" "$run"
  say "state removed under $state (downloaded jars kept)"
  ;;
*)
  echo "usage: stack.sh up [service...] | down [service...] | status | logs [service] | reset" >&2
  exit 2
  ;;
esac
