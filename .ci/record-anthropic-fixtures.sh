#!/usr/bin/env bash
# Re-records the real-client fixtures under gateway-service/src/test/resources/messages/ (offline: the clients
# talk to .ci/lib/anthropic_recorder.py on loopback). Run by hand when a client version changes; the tests only
# read the committed files. Scenarios:
#   claude-code/   `claude -p ... --output-format json`: a plain turn, a turn with a Read tool call and its
#                  tool_result, and a turn whose streams fail with an error event (the non-streaming retry)
#   python-sdk/    anthropic (pip) messages.create plain, stream, tools + tool_result, thinking, image/document,
#                  count_tokens
#   node-sdk/      @anthropic-ai/sdk messages.stream
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/gateway-service/src/test/resources/messages"
source <("$ROOT/.ci/install-anthropic-clients.sh" --env)
TMP="$(mktemp -d)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"' EXIT

start_recorder() {  # DIR [recorder args]; sets PORT
  local dir=$1; shift
  mkdir -p "$dir"
  python3 "$ROOT/.ci/lib/anthropic_recorder.py" --out "$dir/req" "$@" > "$dir/server.out" &
  PIDS+=($!)
  for _ in $(seq 100); do grep -q PORT "$dir/server.out" 2>/dev/null && break; sleep 0.05; done
  PORT=$(awk '/PORT/{print $2}' "$dir/server.out")
}

claude_turn() {  # DIR PROMPT: one print-mode turn in a temp HOME, only the documented settings
  local dir=$1 prompt=$2
  mkdir -p "$dir/home" "$dir/work"
  echo "hello-file-content" > "$dir/work/hello.txt"
  (cd "$dir/work" && env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$dir/home" \
      ANTHROPIC_BASE_URL="http://127.0.0.1:$PORT" ANTHROPIC_AUTH_TOKEN=x CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
      timeout 300 "$CLAUDE_BIN" -p "$prompt" --output-format json > "$dir/out.json" 2> "$dir/err.txt")
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("  claude:", r["subtype"], "is_error=%s" % r["is_error"], repr(r["result"]))' "$dir/out.json"
}

redact() {  # SRC_DIR DEST_SUBDIR NAMES...
  local src=$1 dest=$2; shift 2
  REDACT_PATHS="$TMP" python3 "$ROOT/.ci/lib/redact_anthropic_fixtures.py" "$src" "$OUT/$dest" "$@"
}

echo "Claude Code $("$CLAUDE_BIN" --version)"
start_recorder "$TMP/cc-plain"
claude_turn "$TMP/cc-plain" "Say hello"
redact "$TMP/cc-plain/req" claude-code plain-turn

start_recorder "$TMP/cc-tool" --tool Read --tool-input "{\"file_path\": \"$TMP/cc-tool/work/hello.txt\"}"
claude_turn "$TMP/cc-tool" "Read hello.txt"
redact "$TMP/cc-tool/req" claude-code - tool-result-turn

# every stream answers an `error` event: Claude Code retries the stream, then falls back to stream:false
start_recorder "$TMP/cc-fallback" --stream-failure error-event
claude_turn "$TMP/cc-fallback" "Say hello"
n=$(ls "$TMP/cc-fallback/req" | wc -l)
python3 - "$TMP/cc-fallback/req" <<'PY'
import json, os, sys
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    b = json.load(open(os.path.join(d, f)))["body"]
    print("  fallback request", f, "stream=%s" % b.get("stream"), "max_tokens=%s" % b.get("max_tokens"))
PY
names=(); for ((i = 1; i < n; i++)); do names+=(-); done
redact "$TMP/cc-fallback/req" claude-code "${names[@]}" non-streaming-retry

echo "anthropic (pip) $("$ANTHROPIC_PYTHON" -c 'import anthropic; print(anthropic.__version__)')"
start_recorder "$TMP/py" --tool get_weather --tool-input '{"city": "Paris"}'
ANTHROPIC_BASE_URL="http://127.0.0.1:$PORT" "$ANTHROPIC_PYTHON" -W ignore "$ROOT/.ci/lib/anthropic_sdk_calls.py" | sed 's/^/  /'
redact "$TMP/py/req" python-sdk plain stream tools tool-result thinking multimodal count-tokens

echo "@anthropic-ai/sdk $(node -p 'require(process.argv[1]).version' "$ANTHROPIC_NODE_MODULES/@anthropic-ai/sdk/package.json")"
start_recorder "$TMP/node"
ANTHROPIC_BASE_URL="http://127.0.0.1:$PORT" NODE_PATH="$ANTHROPIC_NODE_MODULES" node "$ROOT/.ci/lib/anthropic_sdk_stream.mjs" | sed 's/^/  /'
redact "$TMP/node/req" node-sdk stream
