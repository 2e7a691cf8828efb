#!/usr/bin/env bash
# Issue 17: a tool-call round trip through the REAL gateway with the official openai-python client, against
# local-inference serving the scripted tiny gpt-oss tool model (models/tiny-gpt-oss-tools) with the real
# o200k_harmony tokenizer and the official gpt-oss chat template (../shared/models/gpt-oss-20b, read in place).
# The client sends tools, gets tool_calls back (whole and streamed), runs the tool, sends the result, and gets
# the answer with reasoning_content; no harmony markup reaches it.
# Needs: Java 17+, Maven (only if the jars are missing), Python 3 with openai (installed here if missing), curl.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
started=$SECONDS
template="$repo/../shared/models/gpt-oss-20b/chat_template.jinja"
if [[ ! -f "$template" ]]; then
  # CI has shared/ beside the clone: a check that cannot run is a failure, not a pass
  echo "check-inference-tools: FAILED: the official gpt-oss template is absent at $template" \
    "(clone the project beside shared/, as CI does)"
  exit 1
fi
python3 -c 'import openai' 2>/dev/null || timeout 300 pip install -q --retries 0 openai >/dev/null 2>&1 || {
  echo "check-inference-tools: FAILED: cannot install the openai Python package"; exit 1; }

gw_jar="$repo/gateway-service/target/gateway-service.jar"
li_jar="$repo/local-inference/target/local-inference.jar"
if [[ ! -f "$gw_jar" || ! -f "$li_jar" ]]; then
  (cd "$repo" && { mvn -B -q -o package -DskipTests || mvn -B -q package -DskipTests; })
fi
work=$(mktemp -d)
pids=()
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((rc != 0)); then tail -30 "$work"/*.log 2>/dev/null || true; fi
  rm -rf "$work"
  if ((rc == 0)); then echo "check-inference-tools: OK in $((SECONDS - started)) s"
  else echo "check-inference-tools: FAILED (exit $rc) after $((SECONDS - started)) s"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() {   # URL SECONDS PID
  local deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null -m 5 "$1" 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || { echo "process for $1 exited"; return 1; }
    (( SECONDS < deadline )) || { echo "$1 did not answer within $2 s"; return 1; }
    sleep 1
  done
}

# the model dir: committed graph + config, the generated tokenizer, the official template (copied to a temp dir only)
model="$work/tiny-gpt-oss-tools"
cp -r "$repo/local-inference/models/tiny-gpt-oss-tools" "$model"
cp "$template" "$model/chat_template.jinja"
ORT_DISABLE_TELEMETRY=1 java -Dloader.main=io.sovereign.inference.model.HarmonyTokenizerFile -jar "$li_jar" "$model" \
  >"$work/tokenizer.log" 2>&1

li_port=$(free_port)
ORT_DISABLE_TELEMETRY=1 java -Xss16m -jar "$li_jar" --model-dir "$model" --served-model-name gpt-oss-20b \
  --port "$li_port" --threads 1 >"$work/local-inference.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$li_port/health" 120 "$!"

# the default policy with on-prem pointed at it; no hosted key, so every chat goes on-prem
python3 - "$repo/policies/default.yaml" "$work/policy.yaml" "http://127.0.0.1:$li_port/v1" <<'PY'
import sys
src, dst, onprem = sys.argv[1:]
text = open(src).read()
old = "${ONPREM_BASE_URL:http://localhost:8000/v1}"
assert old in text, f"{old} not in {src}"
text = text.replace(old, onprem)
# the gateway caps an uncapped request at the target's max_output_tokens (4096 by default, sized for the real
# model's 128k context); the tiny tool model reads 4096 tokens in all, so its target gets a cap that fits
price = "    price: { input_per_million_usd: 0.05, output_per_million_usd: 0.20 }"
assert price in text, f"{price} not in {src}"
open(dst, "w").write(text.replace(price, "    max_output_tokens: 512\n" + price, 1))
PY
key="sk-tools-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
sha=$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)
printf 'keys:\n  - { id: tools-check, sha256: %s, user: tools-ann, team: engineering, roles: [gateway-user] }\n' "$sha" \
  >"$work/keys.yaml"
gw_port=$(free_port)
ORT_DISABLE_TELEMETRY=1 OPENAI_API_KEY= java -jar "$gw_jar" --server.port="$gw_port" \
  --management.server.port="$(free_port)" --gateway.policies.file="$work/policy.yaml" --gateway.auth.api-keys-file="$work/keys.yaml" \
  --gateway.audit.file="$work/audit.jsonl" >"$work/gateway.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$gw_port/readyz" 240 "$!"   # the API port's readiness probe

GATEWAY="http://127.0.0.1:$gw_port/v1" KEY="$key" REFERENCE="$model/reference.json" python3 - <<'PY'
import json, os
from openai import OpenAI
ref = json.load(open(os.environ["REFERENCE"]))
client = OpenAI(base_url=os.environ["GATEWAY"], api_key=os.environ["KEY"], max_retries=0, timeout=60)
messages = list(ref["turns"][0]["messages"])
first = client.chat.completions.create(model="gpt-oss-20b", messages=messages, tools=ref["tools"])
choice = first.choices[0]
assert choice.finish_reason == "tool_calls", choice
call = choice.message.tool_calls[0]
assert call.function.name == "get_weather", call
assert json.loads(call.function.arguments) == json.loads(ref["tool_call"]["arguments"]), call.function.arguments
assert "<|" not in first.model_dump_json()
print("tool call:", call.id, call.function.name, call.function.arguments)

# the same, streamed: the SDK's deltas add up to the same call
name, args, finish = None, "", None
for chunk in client.chat.completions.create(model="gpt-oss-20b", messages=messages, tools=ref["tools"], stream=True):
    if not chunk.choices:
        continue
    delta = chunk.choices[0].delta
    for tc in delta.tool_calls or []:
        name = tc.function.name or name
        args += tc.function.arguments or ""
    finish = chunk.choices[0].finish_reason or finish
assert (name, finish) == ("get_weather", "tool_calls") and json.loads(args) == json.loads(call.function.arguments), (name, args, finish)
print("streamed tool call:", name, args)

# run the "tool" and send its result back, with the assistant message as the SDK returned it
messages.append(choice.message.model_dump(exclude_none=True))
messages.append({"role": "tool", "tool_call_id": call.id, "content": ref["tool_result"]})
answer = client.chat.completions.create(model="gpt-oss-20b", messages=messages, tools=ref["tools"])
message = answer.choices[0].message
assert answer.choices[0].finish_reason == "stop", answer
assert message.content == ref["content_2"], message.content
extra = message.model_extra or {}
assert extra.get("reasoning_content") == ref["reasoning_2"], extra
assert not message.tool_calls
print("answer:", message.content)
PY
grep -q '"target":"onprem"' "$work/audit.jsonl" || { echo "the audit shows no on-prem request"; exit 1; }
