#!/usr/bin/env bash
# `npm test`: installs what is missing, starts the real brokers, then runs typecheck, lint, unit and integration
# tests (vitest, against the real Kafka 4.4 and RabbitMQ), the Kafka integration tests again on Kafka 3.9.1, the
# serial broker-outage tests, a production build, replicas on one PostgreSQL, and the Playwright tests in Debian's Chromium. Ends with
# "N passed, N failed" over every suite.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/lib/node.sh
reports=.data/reports
rm -rf "$reports"
mkdir -p "$reports"
export NEXT_TELEMETRY_DISABLED=1

passed=0
failed=0
failures=()
started=$(date +%s)

section() { printf '\n=== %s (%ss) ===\n' "$1" $(($(date +%s) - started)); }
check() { # name, command...: a check counts as one test
  local name=$1
  shift
  section "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}
count_json() { # file kind -> adds its counts; a missing report counts as one failure
  local file=$1 kind=$2 name=$3 counts
  if [[ ! -s $file ]]; then
    failed=$((failed + 1)); failures+=("$name (no report)"); return
  fi
  counts=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    if (process.argv[2] === "vitest") {
      const suiteErrors = (r.testResults || []).filter((t) => t.status === "failed" && !(t.assertionResults || []).some((a) => a.status === "failed")).length;
      console.log(r.numPassedTests, r.numFailedTests + suiteErrors, r.numPendingTests + r.numTodoTests);
    } else {
      const s = r.stats; console.log(s.expected + s.flaky, s.unexpected, s.skipped);
    }' "$file" "$kind")
  read -r p f s <<<"$counts"
  passed=$((passed + p)); failed=$((failed + f))
  ((f > 0)) && failures+=("$name: $f failed")
  ((s > 0)) && { failed=$((failed + s)); failures+=("$name: $s skipped (a skipped test is not a pass)"); }
}

section "setup"
bash scripts/bootstrap.sh || { echo "bootstrap failed"; echo "0 passed, 1 failed"; exit 1; }
bash scripts/brokers.sh start --kafka39 || { echo "brokers did not start"; echo "0 passed, 1 failed"; exit 1; }

# The 3-node Kafka cluster (partition reassignment: a serial test and a browser test) starts beside the typecheck
# and lint; it is scratch, so data of another Kafka version is formatted again. Stopped at the end.
KAFKA_REFORMAT=1 bash scripts/kafka.sh start --cluster >"$reports/kafka-cluster.log" 2>&1 &
cluster_pid=$!

check typecheck npx tsc --noEmit
check lint npx eslint --max-warnings 0 .

section "unit + integration tests (vitest)"
# Three workers (vitest's default here is one: cores - 1): the tests mostly wait on brokers, and the 10-minute
# steady-traffic lag test, which mostly waits, runs beside two others instead of after them all (on two workers
# the whole run took 19 min, 2026-12-04).
npx vitest run --project unit --project int --maxWorkers=3 --reporter=default --reporter=json --outputFile="$reports/vitest.json"
count_json "$reports/vitest.json" vitest vitest

section "Kafka integration tests on Kafka 3.9.1 (vitest int-kafka39)"
# Two workers: the subset waits on brokers more than on this machine's two cores, and stays within a few minutes.
npx vitest run --project int-kafka39 --maxWorkers=2 --reporter=default --reporter=json --outputFile="$reports/vitest-kafka39.json"
count_json "$reports/vitest-kafka39.json" vitest vitest-kafka39

wait "$cluster_pid" || { echo "the 3-node Kafka cluster did not start:"; tail -20 "$reports/kafka-cluster.log"; }

section "serial tests: exact counts and broker outages (vitest)"
# The serial tests start and stop a scratch node of their own (KAFKA_INSTANCE=outage): one left by another Kafka
# version is formatted again rather than refused.
KAFKA_REFORMAT=1 npx vitest run --project serial --reporter=default --reporter=json --outputFile="$reports/vitest-serial.json"
count_json "$reports/vitest-serial.json" vitest vitest-serial

check build npx next build

section "replicas: three Wharf processes on one PostgreSQL behind nginx (vitest replicas)"
npx vitest run --project replicas --reporter=default --reporter=json --outputFile="$reports/vitest-replicas.json"
count_json "$reports/vitest-replicas.json" vitest vitest-replicas

section "browser tests (Playwright, Debian Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" npx playwright test --reporter=list,json
count_json "$reports/playwright.json" playwright playwright

bash scripts/kafka.sh stop --cluster >/dev/null 2>&1 || true

section "summary"
((${#failures[@]})) && printf 'failed: %s\n' "${failures[@]}"
echo "took $(($(date +%s) - started)) s"
echo "$passed passed, $failed failed"
((failed == 0))
