#!/usr/bin/env bash
# Starts (or stops) the local brokers Wharf uses by default: Kafka 4.4.0 on :9092 and RabbitMQ on :5672/:15672.
# --kafka39 also starts (stop/status: also covers) the Kafka 3.9.1 node on :9592 that `npm test` runs the Kafka
# integration tests on a second time (vitest project int-kafka39). :9392 is taken by the serial tests' own node.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kafka39() { KAFKA_VERSION=3.9.1 KAFKA_INSTANCE=k39 KAFKA_PORT=9592 "$here/kafka.sh" "$@"; }
cmd=${1:-start}
with39=0
[[ ${2:-} == --kafka39 ]] && with39=1
case "$cmd" in
  start)
    "$here/rabbitmq.sh" start
    "$here/kafka.sh" start
    ((with39)) && kafka39 start
    ;;
  stop)
    "$here/kafka.sh" stop
    ((with39)) && kafka39 stop
    ;;
  status)
    "$here/rabbitmq.sh" status || true
    "$here/kafka.sh" status || true
    ((with39)) && { kafka39 status || true; }
    ;;
  *) echo "usage: $0 start|stop|status [--kafka39]" >&2; exit 2 ;;
esac
exit 0
