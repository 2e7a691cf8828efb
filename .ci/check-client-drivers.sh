#!/usr/bin/env bash
# Runs the real-client drivers in gateway-service/src/test/resources/clients (openai-python and openai-node on the
# Responses API, the Vercel AI SDK, the OpenAI Agents SDK, the anthropic Python SDK, @anthropic-ai/sdk).
# Without GATEWAY_URL: against the translator stand-ins (responses/ResponsesStandIn, messages/BridgeStandIn in the
# test classes), offline on loopback, which proves the drivers themselves. With GATEWAY_URL (the gateway, no /v1)
# and GATEWAY_KEY: against that gateway; EXPECT_TEXT, MODEL, ANTHROPIC_MODEL and ERROR_CHECKS pass through.
# CLIENT_APIS=responses runs only the Responses drivers (responses/ResponsesClientsIT runs them against the real gateway).
# Prints one line per check and "N passed, N failed".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DRIVERS="$ROOT/gateway-service/src/test/resources/clients"
source <("$ROOT/.ci/install-clients.sh" --env)
source <("$ROOT/.ci/install-anthropic-clients.sh" --env)
export ORT_DISABLE_TELEMETRY=1
TMP="$(mktemp -d)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"' EXIT
passed=0; failed=0

stand_in() {  # CLASS LOG [ARGS...]: starts a stand-in, prints its port
  local class=$1 log=$2; shift 2
  java -cp "$CP" "$class" "$@" > "$log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 400); do grep -q '^PORT' "$log" 2>/dev/null && break; sleep 0.05; done
  awk '/^PORT/{print $2}' "$log"
}

run() {  # LABEL URL EXPECT ENV... -- COMMAND...: runs one driver, counts its ok/FAIL lines
  local label=$1 url=$2 expect=$3; shift 3
  local envs=()
  while [[ $1 != -- ]]; do envs+=("$1"); shift; done; shift
  local out rc=0
  out=$(cd "$DRIVERS" && env GATEWAY_URL="$url" GATEWAY_KEY="${GATEWAY_KEY:-sk-test}" EXPECT_TEXT="$expect" "${envs[@]}" \
      timeout 180 "$@" 2>&1) || rc=$?
  local ok fail
  ok=$(grep -c '^ok ' <<<"$out" || true); fail=$(grep -c '^FAIL ' <<<"$out" || true)
  if [[ $rc != 0 && $fail == 0 ]]; then fail=1; out+=$'\n'"FAIL $label: exit $rc"; fi
  passed=$((passed + ok)); failed=$((failed + fail))
  sed "s/^/[$label] /" <<<"$out"
}

if [[ -z "${GATEWAY_URL:-}" ]]; then
  (cd "$ROOT" && mvn -B -o -q -pl gateway-service test-compile dependency:build-classpath \
      -Dmdep.outputFile="$TMP/cp.txt" -Dmdep.includeScope=test >&2)
  CP="$ROOT/gateway-service/target/test-classes:$ROOT/gateway-service/target/classes:$(cat "$TMP/cp.txt")"
  RESPONSES_URL="http://127.0.0.1:$(stand_in io.sovereign.gateway.responses.ResponsesStandIn "$TMP/responses.log")"
  MESSAGES_URL="http://127.0.0.1:$(stand_in io.sovereign.gateway.messages.BridgeStandIn "$TMP/messages.log" \
      --tool 'Weather:get_weather={"city":"Paris"}')"
  RESPONSES_TEXT="Done through the bridge."; MESSAGES_TEXT="Hello from the bridge."; ERRORS=invalid
else
  RESPONSES_URL=$GATEWAY_URL; MESSAGES_URL=$GATEWAY_URL
  RESPONSES_TEXT=${EXPECT_TEXT:-}; MESSAGES_TEXT=${EXPECT_TEXT:-}; ERRORS=${ERROR_CHECKS:-invalid,auth,model,too_large}
fi
NODE_ENV_R=(NODE_PATH="$RESPONSES_NODE_MODULES" MODEL="${MODEL:-auto}")
NODE_ENV_A=(NODE_PATH="$ANTHROPIC_NODE_MODULES" MODEL="${ANTHROPIC_MODEL:-claude-sonnet-4-5}")

run openai-python "$RESPONSES_URL" "$RESPONSES_TEXT" MODEL="${MODEL:-auto}" -- "$CLIENTS_PYTHON" -W ignore responses_openai_python.py
run openai-node "$RESPONSES_URL" "$RESPONSES_TEXT" "${NODE_ENV_R[@]}" -- "$RESPONSES_NODE" responses_openai_node.mjs
run ai-sdk "$RESPONSES_URL" "$RESPONSES_TEXT" "${NODE_ENV_R[@]}" -- "$RESPONSES_NODE" ai_sdk.mjs
run agents-sdk "$RESPONSES_URL" "$RESPONSES_TEXT" "${NODE_ENV_R[@]}" -- "$RESPONSES_NODE" agents_sdk.mjs
if [[ "${CLIENT_APIS:-all}" != responses ]]; then   # CLIENT_APIS=responses: the Responses drivers only
run anthropic-python "$MESSAGES_URL" "$MESSAGES_TEXT" MODEL="${ANTHROPIC_MODEL:-claude-sonnet-4-5}" ERROR_CHECKS="$ERRORS" \
    -- "$ANTHROPIC_PYTHON" -W ignore anthropic_python.py
run anthropic-node "$MESSAGES_URL" "$MESSAGES_TEXT" "${NODE_ENV_A[@]}" -- "$RESPONSES_NODE" anthropic_node.mjs
fi

if [[ -z "${GATEWAY_URL:-}" ]]; then
  echo "requests the stand-ins saw:"; sed 's/^/  responses: /' "$TMP/responses.log"; sed 's/^/  messages: /' "$TMP/messages.log"
fi
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
