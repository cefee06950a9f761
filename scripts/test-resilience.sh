#!/usr/bin/env bash
# `npm run test:resilience`: starts the 3-node Kafka cluster, runs the broker-failure tests against it (brokers
# stopped, one hung with SIGSTOP) and against a scratch RabbitMQ node they start and freeze themselves
# (scripts/rabbitmq-node.sh, wharf-hung on 5673/15673), then stops both.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node.sh
# The cluster is scratch for these tests: data left by another Kafka version is formatted again, not refused.
KAFKA_REFORMAT=1 bash scripts/kafka.sh start --cluster || exit 1
npx vitest run --project resilience
rc=$?
# A test that died mid-way may have left a broker frozen, which cannot stop: resume it first (rabbitmq-node.sh stop
# resumes its node itself).
for n in 1 2 3; do
  pid=$(cat ".data/kafka/cluster/node$n.pid" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] && kill -CONT "$pid" 2>/dev/null
done
bash scripts/rabbitmq-node.sh stop wharf-hung
bash scripts/kafka.sh stop --cluster
exit $rc
