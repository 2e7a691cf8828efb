#!/usr/bin/env bash
# Issue 8 proof against the REAL services: starts local-inference (tiny model), a hosted stub speaking
# the OpenAI wire format (.ci/lib/hosted_stub.py), two gateway replicas with a policy that points at
# them (small budgets and quotas so that refusals happen), drives traffic of several teams through both
# replicas (public, sensitive, streamed, embeddings, hosted failures that fall back on-prem, a user over
# quota, one policy reload that fails and one that succeeds), and while it flows runs
# .ci/check-dashboards.sh against the live targets: every panel, recording-rule and alert expression
# must return series.
#
#   .ci/check-live.sh [--timeout S] [--hold S] [--png PATH] [--dump DIR]
#   --timeout, --hold, --png   passed to check-dashboards.sh
#   --dump DIR                 save each target's exposition text, the traffic log, the audit and
#                              service logs into DIR at the end (pass or fail), to see what was exposed
#
# Needs: Java 17+, Maven (only if the jars are missing), Python 3, curl; check-dashboards.sh installs
# Prometheus/amtool/PyYAML/matplotlib if missing.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
lib="$repo/.ci/lib"
check_args=()
dump=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --timeout|--hold|--png) check_args+=("$1" "$2"); shift 2 ;;
    --dump) dump="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

step() { printf '\n== %s\n' "$*"; }
started=$SECONDS

gw_jar="$repo/gateway-service/target/gateway-service.jar"
li_jar="$repo/local-inference/target/local-inference.jar"
emb_dir="$repo/local-inference/target/models/all-minilm-l6-v2"
if [[ ! -f "$gw_jar" || ! -f "$li_jar" || ! -d "$emb_dir" ]]; then
  step "build (jars missing)"
  (cd "$repo" && { mvn -B -q -o package -DskipTests || mvn -B -q package -DskipTests; })
fi

work=$(mktemp -d)
mkdir -p "$work/policies" "$work/keys"
pids=()          # services, in start order
traffic_pids=()  # traffic loops
gw_ports=()       # API ports
gw_mgmt_ports=()  # management ports (Prometheus, health details)
li_port=""
# local-inference requires this bearer key on /v1 and /metrics; the gateways send it (ONPREM_API_KEY)
li_key="sk-li-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
dump_all() {
  [[ -n "$dump" ]] || return 0
  mkdir -p "$dump"
  local i=0 gw
  for gw in "${gw_mgmt_ports[@]}"; do
    i=$((i + 1))
    curl -s -m 10 "http://127.0.0.1:$gw/actuator/prometheus" >"$dump/gateway-$i.prom" 2>/dev/null || true
  done
  if [[ -n "$li_port" ]]; then
    curl -s -m 10 -H "Authorization: Bearer $li_key" "http://127.0.0.1:$li_port/metrics" >"$dump/local-inference.prom" 2>/dev/null || true
  fi
  cp "$work"/*.log "$work"/*.jsonl "$work/policies/policy.yaml" "$dump/" 2>/dev/null || true
  echo "dumped metrics and logs into $dump"
}
cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${traffic_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${traffic_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  dump_all || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
  if ((rc == 0)); then echo "check-live: OK in $((SECONDS - started)) s"
  else echo "check-live: FAILED (exit $rc) after $((SECONDS - started)) s"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() {   # URL SECONDS PID LOG
  local deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null -m 5 "$1" 2>/dev/null; do
    if ! kill -0 "$3" 2>/dev/null; then echo "FAIL process for $1 exited:"; tail -40 "$4"; return 1; fi
    if (( SECONDS > deadline )); then echo "FAIL $1 did not answer within $2 s:"; tail -40 "$4"; return 1; fi
    sleep 1
  done
  echo "$1 ready after $((SECONDS - started)) s"
}

step "local-inference"
li_port=$(free_port)
ORT_DISABLE_TELEMETRY=1 LOCAL_INFERENCE_API_KEY="$li_key" java -jar "$li_jar" --model-dir "$repo/local-inference/models/tiny-llama" \
  --served-model-name gpt-oss-20b --embedding-model-dir "$emb_dir" --port "$li_port" \
  >"$work/local-inference.log" 2>&1 &
pids+=($!)
li_pid=$!

step "hosted stub"
stub_port=$(free_port)
python3 "$lib/hosted_stub.py" --port "$stub_port" >"$work/hosted-stub.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$stub_port/health" 20 "$!" "$work/hosted-stub.log"

step "policy and API keys"
# The default policy with the upstreams pointed at the two services, plus small budgets and quotas so
# that refusals happen within a minute or two: engineering's budget (0.12 cent) denies when exhausted,
# legal's (0.1 cent) downgrades to on-prem; user quota-bob may send 3 requests a minute; team finance
# has a small token quota; other users get a per-user quota the traffic loops stay under. Everything
# else stays as in policies/default.yaml.
python3 - "$repo/policies/default.yaml" "$work/policies/policy.yaml" "http://127.0.0.1:$li_port/v1" \
  "http://127.0.0.1:$stub_port/v1" <<'EOF'
import sys
src, dst, onprem, hosted = sys.argv[1:]
text = open(src).read()
for old, new in (("${ONPREM_BASE_URL:http://localhost:8000/v1}", onprem),
                 ("${HOSTED_BASE_URL:https://api.openai.com/v1}", hosted),
                 ("${OPENAI_API_KEY:}", "sk-stub-not-a-real-key")):
    assert old in text, f"{old} not in {src}"
    text = text.replace(old, new)
for old, new in (
    # everyone else may send what the traffic loops send (the default's 60/min would refuse most of it)
    ("  - { who: user, requests_per_minute: 60 }\n",
     "  - { who: user, name: quota-bob, requests_per_minute: 3 }\n"
     "  - { who: user, requests_per_minute: 1200 }\n"),
    ("\nquotas:\n", "\nquotas:\n  - { who: team, name: finance, tokens_per_minute: 3000 }\n"),
    ("\nbudgets:\n", "\nbudgets:\n  - { team: engineering, monthly_usd: 0.0012, soft_at: 0.5, on_exhausted: deny }\n"
                     "  - { team: legal, monthly_usd: 0.001, soft_at: 0.5, on_exhausted: downgrade-to-onprem }\n"),
):
    assert text.count(old) == 1, f"{old!r} not once in {src}"
    text = text.replace(old, new)
open(dst, "w").write(text)
EOF
declare -A key_of team_of
echo "keys:" >"$work/keys/keys.yaml"
for spec in eng-alice:engineering eng-erin:engineering quota-bob:engineering legal-carol:legal \
            legal-lee:legal fin-dave:finance fin-fay:finance; do
  user=${spec%%:*} team=${spec#*:}
  key="sk-live-$user-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  sha=$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)
  echo "  - { id: $user, sha256: $sha, user: $user, team: $team, roles: [gateway-user, gateway-finance] }" \
    >>"$work/keys/keys.yaml"
  key_of[$user]=$key
  team_of[$user]=$team
done

step "two gateway replicas"
wait_http "http://127.0.0.1:$li_port/health" 180 "$li_pid" "$work/local-inference.log"
for n in 1 2; do
  port=$(free_port)
  mgmt=$(free_port)
  ORT_DISABLE_TELEMETRY=1 ONPREM_API_KEY="$li_key" java -jar "$gw_jar" --server.port="$port" \
    --management.server.port="$mgmt" \
    --gateway.policies.file="$work/policies/policy.yaml" --gateway.auth.api-keys-file="$work/keys/keys.yaml" \
    --gateway.audit.file="$work/audit-$n.jsonl" >"$work/gateway-$n.log" 2>&1 &
  pids+=($!)
  gw_ports+=("$port")
  gw_mgmt_ports+=("$mgmt")
  # one at a time: two JVMs starting together on a small machine only slow each other down
  wait_http "http://127.0.0.1:$port/readyz" 240 "$!" "$work/gateway-$n.log"
done

step "traffic (runs until the check ends)"
post() {   # PORT USER KIND PATH BODY [curl args...]
  local port=$1 user=$2 kind=$3 path=$4 body=$5 code; shift 5
  code=$(curl -s -o /dev/null -m 60 -w '%{http_code}' "$@" \
    -H "Authorization: Bearer ${key_of[$user]}" -H 'Content-Type: application/json' \
    --data-binary "$body" "http://127.0.0.1:$port$path" 2>/dev/null) || true
  echo "$port ${team_of[$user]} $user $kind ${code:-000}" >>"$work/traffic.log"
  sleep 0.1   # a steady flow, not a load test: the machine may be small and shared
}
chat() {   # CONTENT [stream]
  printf '{"model":"auto","messages":[{"role":"user","content":"%s"}],"max_tokens":16%s}' "$1" \
    "${2:+,\"stream\":true}"
}
drive() {   # PORT: one loop per replica, every team, every kind of request, until killed
  local port=$1 i=0 user
  while :; do
    i=$((i + 1))
    for user in eng-alice eng-erin legal-carol legal-lee fin-dave fin-fay; do
      post "$port" "$user" public /v1/chat/completions "$(chat "Name three rivers")"
      post "$port" "$user" card /v1/chat/completions "$(chat "Refund card 4111 1111 1111 1111 please")"
      post "$port" "$user" email /v1/chat/completions "$(chat "Write to jane.doe@acme-corp.com about NIGHTJAR")"
      post "$port" "$user" stream-public /v1/chat/completions "$(chat "Name three mountains" stream)" -N
      post "$port" "$user" stream-sensitive /v1/chat/completions \
        "$(chat "Summarise IBAN DE89 3704 0044 0532 0130 00" stream)" -N
      post "$port" "$user" embeddings /v1/embeddings '{"model":"auto","input":["a","b"]}'
      # the Responses API: native to hosted (apis: [chat, responses]), bridged to on-prem when sensitive
      post "$port" "$user" responses /v1/responses '{"model":"auto","input":"Name three rivers","stream":true}' -N
      post "$port" "$user" responses-sensitive /v1/responses '{"model":"auto","input":"Refund card 4111 1111 1111 1111"}'
      if (( i % 2 == 0 )); then   # the hosted stub answers 500: upstream error, fallback on-prem
        post "$port" "$user" fail-fallback /v1/chat/completions "$(chat "FAIL: name three lakes")"
      fi
    done
    for _ in 1 2 3 4 5; do   # one user over the per-user request quota
      post "$port" quota-bob quota /v1/chat/completions "$(chat "Name three rivers")"
    done
    sleep 0.5
  done
}
for port in "${gw_ports[@]}"; do
  drive "$port" &
  traffic_pids+=($!)
done
# A policy reload that fails (a broken file) and one that succeeds (the good file back), so that the
# reload counters by result are live; the gateways watch the policy file's directory.
reload_failure_then_success() {
  sleep 5
  cp "$work/policies/policy.yaml" "$work/policy.good"
  printf 'version: 1\nrules: [ this is not a policy\n' >"$work/policies/policy.yaml"
  sleep 5
  cp "$work/policy.good" "$work/policies/policy.yaml"
}
reload_failure_then_success &
traffic_pids+=($!)
sleep 20   # some traffic before Prometheus starts, so that the counters exist at its first scrape

step "check-dashboards.sh against the live services"
rc=0
"$repo/.ci/check-dashboards.sh" --gateway "127.0.0.1:${gw_mgmt_ports[0]}" --gateway "127.0.0.1:${gw_mgmt_ports[1]}" \
  --local-inference "127.0.0.1:$li_port" --local-inference-key "$li_key" "${check_args[@]}" || rc=$?

step "traffic summary (kind status: requests)"
awk '{c[$4" "$5]++} END {for (k in c) print k ": " c[k]}' "$work/traffic.log" | sort
exit "$rc"
