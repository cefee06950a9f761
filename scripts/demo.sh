#!/usr/bin/env bash
# `npm run demo`: installs what is missing, starts local Kafka and RabbitMQ, seeds live demo traffic, builds and
# starts Wharf on http://127.0.0.1:3000. Ctrl-C stops what it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/lib/node.sh
export NEXT_TELEMETRY_DISABLED=1
port=${PORT:-3000}

WHARF_NEEDS_CHROMIUM=0 bash scripts/bootstrap.sh
kafka_was_up=0
bash scripts/kafka.sh status >/dev/null 2>&1 && kafka_was_up=1
rabbit_was_up=0
bash scripts/rabbitmq.sh status >/dev/null 2>&1 && rabbit_was_up=1
bash scripts/brokers.sh start

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "[demo] stopping"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  ((kafka_was_up)) || bash scripts/kafka.sh stop
  ((rabbit_was_up)) || bash scripts/rabbitmq.sh stop
}
trap cleanup INT TERM EXIT

if [[ -z ${WHARF_DEMO_SKIP_BUILD:-} ]]; then
  echo "[demo] building Wharf"
  npx next build >/tmp/wharf-demo-build.log 2>&1 || { tail -n 40 /tmp/wharf-demo-build.log; exit 1; }
fi

node scripts/demo/traffic.mjs &
pids+=($!)
node scripts/start.mjs --port "$port" &
pids+=($!)

for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/api/health" 2>/dev/null && break
  sleep 0.5
done
echo
echo "  Wharf is running on http://127.0.0.1:$port  (Ctrl-C stops it)"
echo
if [[ -n ${DISPLAY:-} ]] && command -v xdg-open >/dev/null; then xdg-open "http://127.0.0.1:$port" >/dev/null 2>&1 || true; fi
wait -n "${pids[@]}"
