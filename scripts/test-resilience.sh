#!/usr/bin/env bash
# `npm run test:resilience`: starts the 3-node Kafka cluster, runs the broker-failure tests against it, stops it.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node.sh
# The cluster is scratch for these tests: data left by another Kafka version is formatted again, not refused.
KAFKA_REFORMAT=1 bash scripts/kafka.sh start --cluster || exit 1
npx vitest run --project resilience
rc=$?
bash scripts/kafka.sh stop --cluster
exit $rc
