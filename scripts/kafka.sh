#!/usr/bin/env bash
# Real Apache Kafka (KRaft) from the official jars on Maven Central, for the demo and the tests.
#
#   scripts/kafka.sh start [--cluster]        single node on 127.0.0.1:9092, or 3 nodes on :9192-9194
#   scripts/kafka.sh stop  [--cluster] [--node N]
#   scripts/kafka.sh status [--cluster]
#   scripts/kafka.sh reset [--cluster]        stop and wipe the data
#   scripts/kafka.sh topics ...               kafka-topics (org.apache.kafka.tools.TopicCommand)
#   scripts/kafka.sh groups ...               kafka-consumer-groups
#   scripts/kafka.sh class <main class> ...   any other tool from the same jars
#
# KAFKA_INSTANCE=name KAFKA_PORT=port runs a separate single node (data in .data/kafka/name), e.g. for tests
# that stop and start their own broker without disturbing the shared one.
# KAFKA_VERSION=4.1.2 runs a Kafka 4.x instead of the default 3.9.1 (give it its own KAFKA_INSTANCE: a data
# directory formatted by one version is not meant to be started by another).
#
# Starting is idempotent and returns once every node has logged "Kafka Server started".
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=${KAFKA_VERSION:-3.9.1}
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
}

pid_of() {
  local f="$data/node$1.pid"
  [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

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

case "$cmd" in
  start)
    ensure_java
    ensure_jars
    mkdir -p "$data"
    for n in $(selected); do start_node "$n"; done
    for n in $(selected); do wait_node "$n"; done
    log "$instance up on $(bootstrap)"
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
    exit $rc
    ;;
  reset)
    for n in "${nodes[@]}"; do stop_node "$n"; done
    rm -rf "$data"
    ;;
  bootstrap) bootstrap ;;
  topics) run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$(bootstrap)" "${args[@]}" ;;
  groups) run_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$(bootstrap)" "${args[@]}" ;;
  class) run_tool "${args[@]}" ;;
  *) echo "usage: $0 start|stop|status|reset|bootstrap|topics|groups|class [--cluster] [--node N]" >&2; exit 2 ;;
esac
