#!/usr/bin/env bash
# End-to-end benchmark through HTTP: starts the server on the tiny model (1 ORT thread), drives it with the
# openai Python client (pip install openai), stops it. Usage: bench/local-inference/http_bench.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-18080}
java -Xss16m -jar local-inference/target/local-inference.jar --model-dir local-inference/models/tiny-llama \
  --served-model-name gpt-oss-20b --host 127.0.0.1 --port "$PORT" --threads 1 --max-concurrent-sequences 16 \
  > /tmp/local-inference-http-bench.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
python3 bench/local-inference/bench_http.py "http://127.0.0.1:$PORT/v1" 3 >/dev/null   # warm-up
python3 bench/local-inference/bench_http.py "http://127.0.0.1:$PORT/v1" "${1:-5}"
echo "{\"impl\":\"java-http\",\"bench\":\"rss\",\"rss_mb\":$(awk '/VmRSS/ {print $2/1024}' /proc/$PID/status)}"
