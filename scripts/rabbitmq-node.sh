#!/usr/bin/env bash
# A scratch RabbitMQ node of its own (Debian's rabbitmq-server), beside the shared one on 5672/15672, for tests
# that stop, freeze (SIGSTOP) or kill their broker without disturbing anyone else's.
#
#   scripts/rabbitmq-node.sh start  <name>   start if down, wait until AMQP and the management API answer
#   scripts/rabbitmq-node.sh stop   <name>   stop (resumed first if frozen: a stopped process cannot shut down)
#   scripts/rabbitmq-node.sh pid    <name>   the node's OS pid (of beam.smp), e.g. for kill -STOP
#   scripts/rabbitmq-node.sh status <name>   "up" or "down" (exit 3)
#   scripts/rabbitmq-node.sh reset  <name>   stop and wipe its data
#
# The node is <name>@localhost; RABBITMQ_NODE_PORT (default 5673) is its AMQP port, and the others follow from it:
# management on +10000 (15673), prometheus on +10020 (15693), Erlang distribution on +20000 (25673). Its config,
# enabled plugins (management and prometheus), mnesia and logs live in .data/rabbitmq/<name>: the shared node's
# /etc/rabbitmq files are not read (their listeners are 5672's) and not changed. Users: guest/guest, loopback only.
# Run as root (the node then runs as the rabbitmq user, as Debian's wrappers do, with its Erlang cookie) or as the
# rabbitmq user; another user runs the node as itself, with its own ~/.erlang.cookie.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}
name=${2:-}
if [[ -z $cmd || ! $name =~ ^[a-z][a-z0-9-]*$ ]]; then
  echo "usage: $0 start|stop|pid|status|reset <name>   (name: lower-case letters, digits, dashes)" >&2
  exit 2
fi
[[ $name == rabbit ]] && { echo "[rabbitmq-node] \"rabbit\" is the shared node's name" >&2; exit 2; }

port=${RABBITMQ_NODE_PORT:-5673}
[[ $port == 5672 ]] && { echo "[rabbitmq-node] 5672 is the shared node's port" >&2; exit 2; }
mgmt_port=$((port + 10000))
prom_port=$((port + 10020))
dist_port=$((port + 20000))
node="$name@localhost"
data="$root/.data/rabbitmq/$name"
log() { echo "[rabbitmq-node $name] $*" >&2; }

# Every tool run of this script sees the node's own files, never /etc/rabbitmq's.
export RABBITMQ_NODENAME=$node
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$port
export RABBITMQ_DIST_PORT=$dist_port
export RABBITMQ_CONFIG_FILE="$data/rabbitmq.conf"
export RABBITMQ_ADVANCED_CONFIG_FILE="$data/advanced.config"
export RABBITMQ_CONF_ENV_FILE="$data/rabbitmq-env.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$data/enabled_plugins"
export RABBITMQ_MNESIA_BASE="$data/mnesia"
export RABBITMQ_LOG_BASE="$data/log"
export RABBITMQ_PID_FILE="$data/pid"

# Debian's wrappers (/usr/sbin) switch root to the rabbitmq user and refuse anyone else; the scripts behind them
# run as whoever calls them.
as_rabbitmq() { [[ $(id -u) -eq 0 || $(id -un) == rabbitmq ]]; }
tool() { if as_rabbitmq; then echo "/usr/sbin/$1"; else echo "/usr/lib/rabbitmq/bin/$1"; fi; }
# A frozen or half-started node can keep the CLI waiting: every call is bounded.
ctl() { timeout "${CTL_TIMEOUT:-20}" "$(tool rabbitmqctl)" -q -n "$node" "$@"; }

ensure_installed() {
  [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] && return
  log "rabbitmq-server is not installed: install Debian's rabbitmq-server package (scripts/rabbitmq.sh start does, as root)"
  exit 1
}

write_files() {
  mkdir -p "$data/mnesia" "$data/log"
  cat >"$data/rabbitmq.conf" <<CONF
listeners.tcp.local = 127.0.0.1:$port
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt_port
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $prom_port
loopback_users.guest = true
CONF
  echo '[rabbitmq_management,rabbitmq_prometheus].' >"$data/enabled_plugins"
  cat >"$data/rabbitmq-env.conf" <<CONF
# Written by scripts/rabbitmq-node.sh: like /etc/rabbitmq/rabbitmq-env.conf, loopback only.
ERL_EPMD_ADDRESS=127.0.0.1
export ERL_FLAGS="-kernel inet_dist_use_interface {127,0,0,1}"
CONF
  if as_rabbitmq && [[ $(id -u) -eq 0 ]]; then chown -R rabbitmq:rabbitmq "$data"; fi
}

pid_of() {
  local pid
  pid=$(cat "$data/pid" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && { echo "$pid"; return 0; }
  return 1
}

running() { ctl status >/dev/null 2>&1; }
mgmt_up() { curl -fsS -m 2 -o /dev/null -u guest:guest "http://127.0.0.1:$mgmt_port/api/overview" 2>/dev/null; }

start() {
  ensure_installed
  if pid_of >/dev/null; then
    # A node left frozen by a test that died cannot answer anything: resume it first.
    kill -CONT "$(pid_of)" 2>/dev/null || true
  fi
  if ! running; then
    write_files
    log "starting on amqp://127.0.0.1:$port (management :$mgmt_port)"
    "$(tool rabbitmq-server)" -detached >/dev/null 2>&1 || true
  fi
  local i
  for ((i = 0; i < 120; i++)); do
    CTL_TIMEOUT=15 ctl await_startup --timeout 10 >/dev/null 2>&1 && break
    sleep 1
  done
  ((i < 120)) || { log "did not start within 2 minutes; see $data/log"; exit 1; }
  for ((i = 0; i < 60; i++)); do mgmt_up && break; sleep 1; done
  mgmt_up || { log "management API did not answer on :$mgmt_port"; exit 1; }
  pid_of >/dev/null || { log "started, but no pid in $data/pid"; exit 1; }
  log "up (pid $(pid_of))"
}

stop() {
  local pid
  pid=$(pid_of) || return 0
  kill -CONT "$pid" 2>/dev/null || true
  CTL_TIMEOUT=60 ctl stop >/dev/null 2>&1 || true
  local i
  for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then
    log "did not stop within 30 s: killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$data/pid"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  reset)
    stop
    rm -rf "$data"
    ;;
  pid) pid_of || { log "not running"; exit 3; } ;;
  status) if pid_of >/dev/null && running && mgmt_up; then echo up; else echo down; exit 3; fi ;;
  *) echo "usage: $0 start|stop|pid|status|reset <name>" >&2; exit 2 ;;
esac
