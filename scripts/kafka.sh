#!/usr/bin/env bash
# Real Apache Kafka (KRaft) from the official jars on Maven Central, for the demo and the tests.
#
#   scripts/kafka.sh start [--cluster]        single node on 127.0.0.1:9092, or 3 nodes on :9192-9194
#   scripts/kafka.sh stop  [--cluster] [--node N]
#   scripts/kafka.sh status [--cluster]
#   scripts/kafka.sh reset [--cluster]        stop and wipe the data
#   scripts/kafka.sh bootstrap                the address the tools below connect to
# Kafka's own CLI tools from the same jars, --bootstrap-server preset:
#   scripts/kafka.sh topics ...                  kafka-topics
#   scripts/kafka.sh groups ...                  kafka-consumer-groups
#   scripts/kafka.sh share-groups ...            kafka-share-groups (4.x)
#   scripts/kafka.sh console-consumer ...        kafka-console-consumer
#   scripts/kafka.sh console-share-consumer ...  kafka-console-share-consumer (4.x)
#   scripts/kafka.sh console-producer ...        kafka-console-producer
#   scripts/kafka.sh transactions ...            kafka-transactions
#   scripts/kafka.sh features ...                kafka-features
#   scripts/kafka.sh configs ...                 kafka-configs
#   scripts/kafka.sh class <main class> ...      any other tool, nothing preset
#
# KAFKA_VERSION: Kafka 4.4.0 by default; KAFKA_VERSION=3.9.1 (or another 3.x/4.x on Maven Central) runs that one.
# A data directory is started only by the version that formatted it (recorded in .data/kafka/<instance>/version):
# another version is refused, or, with KAFKA_REFORMAT=1, the directory is wiped and formatted again.
# KAFKA_INSTANCE=name KAFKA_PORT=port runs a separate single node (data in .data/kafka/name), e.g. for tests
# that stop and start their own broker without disturbing the shared one.
# The tools connect to KAFKA_BOOTSTRAP if set; else to the node named by --cluster or KAFKA_PORT; else to
# WHARF_TEST_KAFKA (the broker the current vitest project tests against); else to 127.0.0.1:9092.
#
# Starting is idempotent and returns once every node has logged "Kafka Server started".
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=${KAFKA_VERSION:-4.4.0}
libs="$root/.cache/kafka/$version/libs"
conf="$root/scripts/kafka"
# Kafka 4.x dropped log4j 1 (reload4j) for log4j2 (KIP-653): another slf4j binding, another config format.
case "$version" in
  3.*) pom=pom.xml
       broker_logging="-Dlog4j.configuration=file:$conf/log4j.properties"
       tools_logging="-Dlog4j.configuration=file:$conf/tools-log4j.properties" ;;
  4.*) pom=pom-4.xml
       broker_logging="-Dlog4j2.configurationFile=$conf/log4j2.yaml"
       tools_logging="-Dlog4j2.configurationFile=$conf/tools-log4j2.yaml" ;;
  *) echo "[kafka] unsupported KAFKA_VERSION $version (3.x or 4.x)" >&2; exit 2 ;;
esac
heap=${KAFKA_HEAP:-512m}

mode=single
node_only=""
cmd=${1:-status}
shift || true
args=()
while (($#)); do
  case "$1" in
    --cluster) mode=cluster ;;
    --node) node_only=$2; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

instance=${KAFKA_INSTANCE:-$mode}
data="$root/.data/kafka/$instance"
if [[ $mode == single ]]; then
  nodes=(1)
  single_port=${KAFKA_PORT:-9092}
  broker_port() { echo "$single_port"; }
  controller_port() { echo $((single_port + 1)); }
else
  nodes=(1 2 3)
  broker_port() { echo $((9191 + $1)); }
  controller_port() { echo $((9291 + $1)); }
fi

log() { echo "[kafka] $*" >&2; }

ensure_java() {
  command -v java >/dev/null || { log "java is required (Java 17)"; exit 1; }
}

ensure_jars() {
  [[ -f "$libs/.complete" ]] && return
  command -v mvn >/dev/null || { log "mvn is required to fetch the Kafka jars"; exit 1; }
  log "resolving Apache Kafka $version jars from Maven Central into $libs"
  mkdir -p "$libs"
  (cd "$conf" && mvn -q -B -f "$pom" dependency:copy-dependencies \
    -Dkafka.version="$version" -DoutputDirectory="$libs") >&2
  touch "$libs/.complete"
}

classpath() { echo "$libs/*"; }

run_tool() {
  ensure_java
  ensure_jars
  java -Xmx256m "$tools_logging" -cp "$(classpath)" "$@"
}

voters() {
  local v=() n
  for n in "${nodes[@]}"; do v+=("$n@127.0.0.1:$(controller_port "$n")"); done
  (IFS=,; echo "${v[*]}")
}

write_props() {
  local n=$1 dir="$data/node$n" rf=1
  [[ $mode == cluster ]] && rf=3
  mkdir -p "$dir"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$(voters)
listeners=PLAINTEXT://127.0.0.1:$(broker_port "$n"),CONTROLLER://127.0.0.1:$(controller_port "$n")
advertised.listeners=PLAINTEXT://127.0.0.1:$(broker_port "$n")
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/logs
num.partitions=1
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.segment.bytes=67108864
log.retention.hours=168
message.max.bytes=1048588
PROPS
  [[ $version == 4.* ]] && cat >>"$dir/server.properties" <<PROPS
# Share groups (KIP-932) are on in 4.4: the format finalizes share.version=2, which is what enables them ("share" in
# group.coordinator.rebalance.protocols is deprecated and not needed). But their state topic asks for 3 replicas and
# min.isr 2 by default: a single node could create no __share_group_state, and every share consumer waited for ever.
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=1
# KIP-848 and share groups take their session and heartbeat timings from the broker (45 s, 5 s) or from a group's
# dynamic config, which must stay within these bounds: lowered so tests can make a group fast, the defaults kept.
group.consumer.min.session.timeout.ms=6000
group.consumer.min.heartbeat.interval.ms=500
group.share.min.session.timeout.ms=6000
group.share.min.heartbeat.interval.ms=500
group.share.min.record.lock.duration.ms=1000
PROPS
  return 0
}

pid_of() {
  local f="$data/node$1.pid"
  [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The version that formatted $data: its record, or for a directory from before the record, the format's trace
# (3.x writes bootstrap.checkpoint; 4.x writes the bootstrap into __cluster_metadata-0), as a major "3.x"/"4.x".
data_version() {
  if [[ -f $data/version ]]; then cat "$data/version"; return; fi
  local m
  for m in "$data"/node*/logs/meta.properties; do
    [[ -f $m ]] || continue
    if [[ -f ${m%/meta.properties}/bootstrap.checkpoint ]]; then echo 3.x; else echo 4.x; fi
    return
  done
}

# Refuses (or with KAFKA_REFORMAT=1 wipes) a data directory another Kafka version formatted: a newer broker
# silently upgrades the metadata, which the older one then cannot read.
check_data_version() {
  local had
  had=$(data_version)
  [[ -z $had || $had == "$version" ]] && return 0
  if [[ $had == "${version%%.*}.x" ]]; then
    log "$data has no version record; taking it as Kafka $version (formatted by a $had)"
    echo "$version" >"$data/version"
    return 0
  fi
  local again="KAFKA_VERSION=$version${KAFKA_INSTANCE:+ KAFKA_INSTANCE=$KAFKA_INSTANCE}${KAFKA_PORT:+ KAFKA_PORT=$KAFKA_PORT}"
  local flag=""
  [[ $mode == cluster ]] && flag=" --cluster"
  if [[ ${KAFKA_REFORMAT:-} == 1 ]]; then
    log "$data holds Kafka $had data; KAFKA_REFORMAT=1: wiping it for Kafka $version"
    for n in "${nodes[@]}"; do stop_node "$n"; done
    rm -rf "$data"
    mkdir -p "$data"
    return 0
  fi
  log "$data was formatted by Kafka $had, not $version: a data directory is only started by the version that formatted it."
  local keep=$had
  case "$had" in 3.x) keep=3.9.1 ;; 4.x) keep=4.4.0 ;; esac
  log "  keep its data:  KAFKA_VERSION=$keep${KAFKA_INSTANCE:+ KAFKA_INSTANCE=$KAFKA_INSTANCE}${KAFKA_PORT:+ KAFKA_PORT=$KAFKA_PORT} scripts/kafka.sh start$flag"
  log "  or wipe it:     $again KAFKA_REFORMAT=1 scripts/kafka.sh start$flag   (or: ${KAFKA_INSTANCE:+KAFKA_INSTANCE=$KAFKA_INSTANCE }scripts/kafka.sh reset$flag)"
  log "  or use another: KAFKA_INSTANCE=<name> KAFKA_PORT=<port> for a separate $version node"
  exit 1
}

start_node() {
  local n=$1 dir="$data/node$n"
  if pid_of "$n" >/dev/null; then return; fi
  if port_open "$(broker_port "$n")"; then
    log "port $(broker_port "$n") is already taken by another process; assuming a Kafka broker runs there"
    return
  fi
  write_props "$n"
  if [[ ! -f "$dir/logs/meta.properties" ]]; then
    local cid
    cid=$(cat "$data/cluster.id" 2>/dev/null || true)
    if [[ -z $cid ]]; then
      cid=$(run_tool kafka.tools.StorageTool random-uuid | tail -n1)
      echo "$cid" >"$data/cluster.id"
    fi
    run_tool kafka.tools.StorageTool format -t "$cid" -c "$dir/server.properties" --ignore-formatted >/dev/null
    echo "$version" >"$data/version"
  fi
  : >"$data/node$n.log"
  # Every partition keeps a file open: allow the broker as many as this machine lets us (the hard limit).
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  # setsid: the broker outlives the shell that started it (the demo or the test run stops it explicitly).
  setsid nohup java -Xms128m -Xmx"$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true \
    "$broker_logging" \
    -cp "$(classpath)" kafka.Kafka "$dir/server.properties" >>"$data/node$n.log" 2>&1 </dev/null &
  echo $! >"$data/node$n.pid"
}

# A node holding a big estate (the benchmark's ~18,500 partitions) loads its logs for minutes before it serves.
start_timeout=${KAFKA_START_TIMEOUT:-60}

wait_node() {
  local n=$1 i
  for ((i = 0; i < start_timeout * 2; i++)); do
    if grep -q "Kafka Server started" "$data/node$n.log" 2>/dev/null && port_open "$(broker_port "$n")"; then
      return 0
    fi
    if ! pid_of "$n" >/dev/null && ! port_open "$(broker_port "$n")"; then
      log "node $n exited; last lines of $data/node$n.log:"
      tail -n 30 "$data/node$n.log" >&2 || true
      return 1
    fi
    sleep 0.5
  done
  log "node $n did not start within $start_timeout s; see $data/node$n.log"
  return 1
}

selected() { if [[ -n $node_only ]]; then echo "$node_only"; else echo "${nodes[@]}"; fi; }

stop_node() {
  local n=$1 pid i
  pid=$(pid_of "$n") || return 0
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$data/node$n.pid"
}

bootstrap() {
  local b=() n
  for n in "${nodes[@]}"; do b+=("127.0.0.1:$(broker_port "$n")"); done
  (IFS=,; echo "${b[*]}")
}

# Where the tools connect: a test run under vitest names its broker in WHARF_TEST_KAFKA (the Kafka 3.9 project
# points it at its own node), so `scripts/kafka.sh topics ...` from a test reaches the broker that test is testing.
tool_bootstrap() {
  if [[ -n ${KAFKA_BOOTSTRAP:-} ]]; then echo "$KAFKA_BOOTSTRAP"
  elif [[ $mode == cluster || -n ${KAFKA_PORT:-} || -z ${WHARF_TEST_KAFKA:-} ]]; then bootstrap
  else echo "$WHARF_TEST_KAFKA"; fi
}

# Main class of a CLI tool in this version's jars (3.x still has some in the Scala core).
tool_class() {
  case "$1:$version" in
    topics:*) echo org.apache.kafka.tools.TopicCommand ;;
    groups:*) echo org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
    share-groups:4.*) echo org.apache.kafka.tools.consumer.group.ShareGroupCommand ;;
    console-consumer:*) echo org.apache.kafka.tools.consumer.ConsoleConsumer ;;
    console-share-consumer:4.*) echo org.apache.kafka.tools.consumer.ConsoleShareConsumer ;;
    console-producer:3.*) echo kafka.tools.ConsoleProducer ;;
    console-producer:*) echo org.apache.kafka.tools.ConsoleProducer ;;
    transactions:*) echo org.apache.kafka.tools.TransactionsCommand ;;
    features:*) echo org.apache.kafka.tools.FeatureCommand ;;
    configs:3.*) echo kafka.admin.ConfigCommand ;;
    configs:*) echo org.apache.kafka.tools.ConfigCommand ;;
    *) return 1 ;;
  esac
}

run_cli() {
  local name=$1 main a
  shift
  main=$(tool_class "$name") || { log "$name needs the Kafka 4.x tools (KAFKA_VERSION=$version)"; exit 2; }
  # An explicit --bootstrap-server wins over the preset one.
  for a in "$@"; do [[ $a == --bootstrap-server ]] && { run_tool "$main" "$@"; return; }; done
  run_tool "$main" --bootstrap-server "$(tool_bootstrap)" "$@"
}

case "$cmd" in
  start)
    check_data_version
    ensure_java
    ensure_jars
    mkdir -p "$data"
    for n in $(selected); do start_node "$n"; done
    for n in $(selected); do wait_node "$n"; done
    log "$instance up on $(bootstrap) (Kafka $version)"
    ;;
  stop)
    for n in $(selected); do stop_node "$n"; done
    ;;
  status)
    rc=0
    for n in $(selected); do
      if port_open "$(broker_port "$n")"; then echo "node $n up on 127.0.0.1:$(broker_port "$n")"
      else echo "node $n down"; rc=3; fi
    done
    had=$(data_version)
    [[ -n $had ]] && echo "data $data: Kafka $had"
    exit $rc
    ;;
  reset)
    for n in "${nodes[@]}"; do stop_node "$n"; done
    rm -rf "$data"
    ;;
  bootstrap) tool_bootstrap ;;
  topics | groups | share-groups | console-consumer | console-share-consumer | console-producer | transactions | features | configs)
    run_cli "$cmd" "${args[@]}" ;;
  class) run_tool "${args[@]}" ;;
  *) echo "usage: $0 start|stop|status|reset|bootstrap|topics|groups|share-groups|console-consumer|console-share-consumer|console-producer|transactions|features|configs|class [--cluster] [--node N]" >&2; exit 2 ;;
esac
