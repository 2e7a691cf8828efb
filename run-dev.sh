#!/usr/bin/env bash
# Builds and runs the gateway on embedded defaults: in-memory stores, policies/default.yaml, dev mode
# (gateway.dev-mode=true: one all-roles API key minted and printed at start; never for a shared host), and
# local-inference on 127.0.0.1 serving the committed tiny test model as the on-prem target.
# No external service is needed. Ctrl-C stops both. Set OPENAI_API_KEY to enable the hosted target.
set -euo pipefail
cd "$(dirname "$0")"
export ORT_DISABLE_TELEMETRY=1
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q package -DskipTests
fi
LI_PORT="${LOCAL_INFERENCE_PORT:-8000}"
mkdir -p logs
java -XX:+UseSerialGC -Xmx512m -jar local-inference/target/local-inference.jar \
  --model-dir local-inference/models/tiny-llama --served-model-name gpt-oss-20b \
  --embedding-model-dir local-inference/target/models/all-minilm-l6-v2 --port "$LI_PORT" \
  > logs/local-inference.log 2>&1 &
LI_PID=$!
trap 'kill $LI_PID 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$LI_PORT/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 $LI_PID 2>/dev/null; then echo "local-inference failed to start; see logs/local-inference.log" >&2; tail -5 logs/local-inference.log >&2; exit 1; fi
  sleep 0.5
done
echo "local-inference ready on :$LI_PORT (log: logs/local-inference.log)"
export ONPREM_BASE_URL="http://127.0.0.1:$LI_PORT/v1"
# the tiny test model reads 512 tokens in all, so the output cap the gateway sends on-prem (4096 by default) would
# not fit: the dev policy is policies/default.yaml with the on-prem target capped at 256 output tokens
sed 's|^    price: { input_per_million_usd: 0.05, output_per_million_usd: 0.20 }|    max_output_tokens: 256           # run-dev.sh: the tiny test model reads 512 tokens\n&|' \
  policies/default.yaml > logs/dev-policy.yaml
grep -q 'max_output_tokens: 256' logs/dev-policy.yaml || { echo "run-dev.sh: could not cap the on-prem target in logs/dev-policy.yaml" >&2; exit 1; }
# the API on :8080, Prometheus and health details on the management port :9080 (both loopback-only here)
java -Xmx256m -jar gateway-service/target/gateway-service.jar --gateway.dev-mode=true \
  --gateway.policies.file=logs/dev-policy.yaml \
  --server.address=127.0.0.1 --management.server.address=127.0.0.1 "$@"
