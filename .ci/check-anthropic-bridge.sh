#!/usr/bin/env bash
# Runs the real Anthropic clients (Claude Code, the Python and Node SDKs) against the Messages translators alone
# (BridgeStandIn in gateway-service's test classes: MessagesToChat -> canned local-inference-shaped chat answer ->
# ChatToMessages / ChatToMessagesStream), offline on loopback. Claude Code silently retries a failed stream with
# stream:false, so its turns pass only if every request it sent was streamed.
# Needs: .ci/install-anthropic-clients.sh (run here), `mvn -o` with a warm ~/.m2.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source <("$ROOT/.ci/install-anthropic-clients.sh" --env)
export ORT_DISABLE_TELEMETRY=1
TMP="$(mktemp -d)"
BRIDGE_PID=
trap '[[ -n "$BRIDGE_PID" ]] && kill "$BRIDGE_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
passed=0; failed=0
result() {  # NAME OK DETAIL
  if [[ $2 == 0 ]]; then passed=$((passed + 1)); echo "ok   $1: $3"; else failed=$((failed + 1)); echo "FAIL $1: $3"; fi
}

(cd "$ROOT" && mvn -B -o -q -pl gateway-service test-compile dependency:build-classpath \
    -Dmdep.outputFile="$TMP/cp.txt" -Dmdep.includeScope=test >&2)
CP="$ROOT/gateway-service/target/test-classes:$ROOT/gateway-service/target/classes:$(cat "$TMP/cp.txt")"
mkdir -p "$TMP/home" "$TMP/work"
echo "hello-file-content" > "$TMP/work/hello.txt"
java -cp "$CP" io.sovereign.gateway.messages.BridgeStandIn \
    --tool "hello.txt:Read={\"file_path\":\"$TMP/work/hello.txt\"}" --tool 'Weather:get_weather={"city":"Paris"}' > "$TMP/bridge.log" 2>&1 &
BRIDGE_PID=$!
for _ in $(seq 200); do grep -q '^PORT' "$TMP/bridge.log" 2>/dev/null && break; sleep 0.05; done
PORT=$(awk '/^PORT/{print $2}' "$TMP/bridge.log")
export ANTHROPIC_BASE_URL="http://127.0.0.1:$PORT"

claude_turn() {  # NAME PROMPT EXPECTED_REQUESTS
  local before after out
  before=$(grep -c '^REQ /v1/messages ' "$TMP/bridge.log" || true)
  out=$(cd "$TMP/work" && env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$TMP/home" ANTHROPIC_BASE_URL="$ANTHROPIC_BASE_URL" \
      ANTHROPIC_AUTH_TOKEN=x CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 timeout 120 "$CLAUDE_BIN" -p "$2" --output-format json || true)
  after=$(grep -c '^REQ /v1/messages ' "$TMP/bridge.log" || true)
  local reqs; reqs=$(grep '^REQ /v1/messages ' "$TMP/bridge.log" | tail -n $((after - before)))
  local ok=0
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if not r["is_error"] and r["result"]=="Hello from the bridge." and r["num_turns"]==int(sys.argv[2]) else 1)' "$out" "$3" || ok=1
  [[ $((after - before)) == "$3" ]] || ok=1
  grep -q 'stream=false' <<<"$reqs" && ok=1
  result "claude-code $1" $ok "$((after - before)) requests ($(grep -o 'stream=[a-z]*' <<<"$reqs" | tr '\n' ' ')), result $(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print(repr(r.get("result")), "turns", r.get("num_turns"))' "$out" 2>/dev/null || echo "$out" | head -c 300)"
}
claude_turn "plain turn" "Say hello" 1   # num_turns counts model calls: 1 here, 2 with one tool call
claude_turn "tool turn (Read, tool_result)" "Read hello.txt" 2

while IFS= read -r line; do
  case "$line" in ok*) result "python-sdk ${line#ok   }" 0 "";; FAIL*) result "python-sdk ${line#FAIL }" 1 "";; esac
done < <("$ANTHROPIC_PYTHON" -W ignore "$ROOT/.ci/lib/anthropic_bridge_check.py" 2>&1 || true)
line=$(NODE_PATH="$ANTHROPIC_NODE_MODULES" node "$ROOT/.ci/lib/anthropic_bridge_check.mjs" 2>&1 || true)
case "$line" in ok*) result "node-sdk" 0 "${line#ok   }";; *) result "node-sdk" 1 "$line";; esac

echo "bridge log:"; sed 's/^/  /' "$TMP/bridge.log"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
