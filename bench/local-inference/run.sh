#!/usr/bin/env bash
# Benchmark local-inference's engine against the same loop in Python onnxruntime, on the same models, in one run.
# Java and Python alternate for ROUNDS rounds (the machine is shared: alternating spreads the noise evenly);
# summarize.py prints the medians as a Markdown table.
# Needs: the built jar (mvn -B -pl local-inference -am package) and Python with onnxruntime, tokenizers, numpy
# (pip install onnxruntime tokenizers numpy).  Usage: bench/local-inference/run.sh [THREADS] [NEW_TOKENS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=${1:-1}
NEW_TOKENS=${2:-128}
ROUNDS=${3:-5}
MODEL=local-inference/models/tiny-llama
EMB=local-inference/target/models/all-minilm-l6-v2
JAR=local-inference/target/local-inference.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -pl local-inference -am package" >&2; exit 2; }
OUT=bench/local-inference/results.jsonl
: > "$OUT"
echo "# $(date -u +%FT%TZ) threads=$THREADS new_tokens=$NEW_TOKENS rounds=$ROUNDS cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT" >&2
for round in $(seq 1 "$ROUNDS"); do
  ORT_DISABLE_TELEMETRY=1 java -Xss16m -Xmx256m -Dloader.main=io.sovereign.inference.bench.EngineBenchmark -jar "$JAR" \
    "$MODEL" "$EMB" "$THREADS" "$NEW_TOKENS" 2>/dev/null | grep '^{' | tee -a "$OUT"
  python3 bench/local-inference/bench_python.py "$MODEL" "$EMB" "$THREADS" "$NEW_TOKENS" | tee -a "$OUT"
done
echo "# end $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT" >&2
python3 bench/local-inference/summarize.py "$OUT"
