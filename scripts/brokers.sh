#!/usr/bin/env bash
# Starts (or stops) the local brokers Wharf uses by default: Kafka on :9092 and RabbitMQ on :5672/:15672.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
case "${1:-start}" in
  start)
    "$here/rabbitmq.sh" start
    "$here/kafka.sh" start
    ;;
  stop)
    "$here/kafka.sh" stop
    ;;
  status)
    "$here/rabbitmq.sh" status || true
    "$here/kafka.sh" status || true
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
