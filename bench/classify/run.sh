#!/usr/bin/env bash
# JMH benchmark of the classification core. Usage: bench/classify/run.sh [JMH args...]
#   bench/classify/run.sh                       # cheap detectors (short prompt, 4k-token conversation)
#   SEMANTIC=1 bench/classify/run.sh            # also the semantic detector (loads all-MiniLM-L6-v2)
#   SEMANTIC=1 MODEL=all-minilm-l6-v2-q bench/classify/run.sh -t 2   # int8 model, 2 benchmark threads
# Figures and machine notes go to bench/CLASSIFY.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl gateway-service test-compile
mvn -B -q -pl gateway-service dependency:build-classpath -Dmdep.outputFile="$PWD/gateway-service/target/classify-bench.cp" -Dmdep.includeScope=test
CP="gateway-service/target/test-classes:gateway-service/target/classes:$(cat gateway-service/target/classify-bench.cp)"
export ORT_DISABLE_TELEMETRY=1
if [[ "${SEMANTIC:-0}" == "1" ]]; then
  exec java -cp "$CP" org.openjdk.jmh.Main 'ClassifyBenchmark.(semantic|embed)' \
    -jvmArgsAppend "-Dbench.semantic=true -Dbench.model=${MODEL:-all-minilm-l6-v2}" "$@"
else
  exec java -cp "$CP" org.openjdk.jmh.Main 'ClassifyBenchmark.(cheap|extract)' "$@"
fi
