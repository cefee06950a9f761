#!/usr/bin/env bash
# Makes sure a local RabbitMQ runs on 127.0.0.1:5672 with the plugins Wharf uses:
# management (:15672), shovel and federation (+ their management UIs) and prometheus (:15692).
#
#   scripts/rabbitmq.sh start    install (Debian, as root) if missing, start if down, enable plugins, wait
#   scripts/rabbitmq.sh stop
#   scripts/rabbitmq.sh status
set -euo pipefail

plugins=(rabbitmq_management rabbitmq_shovel rabbitmq_shovel_management rabbitmq_federation rabbitmq_federation_management rabbitmq_prometheus)
mgmt=${RABBITMQ_MANAGEMENT_URL:-http://127.0.0.1:15672}
log() { echo "[rabbitmq] $*" >&2; }

ensure_installed() {
  command -v rabbitmq-server >/dev/null && return
  if [[ $(id -u) -ne 0 ]]; then
    log "rabbitmq-server is not installed; install Debian's rabbitmq-server package (needs root)"
    exit 1
  fi
  log "installing Debian's rabbitmq-server"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
}

running() { rabbitmqctl -q status >/dev/null 2>&1; }

wait_running() {
  local i
  for ((i = 0; i < 120; i++)); do
    running && return 0
    sleep 1
  done
  log "RabbitMQ did not start within 120 s"
  return 1
}

mgmt_up() { curl -fsS -o /dev/null -u guest:guest "$mgmt/api/overview" 2>/dev/null; }

case "${1:-status}" in
  start)
    ensure_installed
    # Enabling offline first means a freshly started node comes up with the plugins already running.
    rabbitmq-plugins -q enable --offline "${plugins[@]}" >/dev/null
    if ! running; then
      log "starting rabbitmq-server"
      rabbitmq-server -detached >/dev/null 2>&1 || true
      wait_running
    fi
    rabbitmq-plugins -q enable "${plugins[@]}" >/dev/null
    for ((i = 0; i < 60; i++)); do mgmt_up && break; sleep 1; done
    mgmt_up || { log "management API did not answer on $mgmt"; exit 1; }
    log "up on amqp://127.0.0.1:5672, management on $mgmt"
    ;;
  stop)
    running && rabbitmqctl -q stop >/dev/null 2>&1 || true
    ;;
  status)
    if running && mgmt_up; then echo "up"; else echo "down"; exit 3; fi
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
