#!/usr/bin/env bash
# `npm run test:resilience`: starts the 3-node Kafka cluster, runs the broker-failure tests against it, stops it.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node.sh
bash scripts/kafka.sh start --cluster || exit 1
npx vitest run --project resilience
rc=$?
bash scripts/kafka.sh stop --cluster
exit $rc
