#!/usr/bin/env bash
# Added latency of quota + budget on a local redis-server (started by the benchmark itself on a free
# port). Needs redis-server on PATH (apt-get install -y redis-server). Writes bench/budget/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$PWD/bench/budget/results.md"
mvn -B -q ${MVN_OFFLINE:-} -pl gateway-service test -Dtest=BudgetLatencyBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false -Dbench.out="$out"
cat "$out"
