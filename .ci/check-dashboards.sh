#!/usr/bin/env bash
# Observability assets check: Prometheus config and rules, alert unit tests, Alertmanager config,
# Grafana dashboard structure, then a real Prometheus scraping live targets while every panel,
# recording-rule and alert expression is evaluated through its HTTP API; finally the spend PNG.
#
#   .ci/check-dashboards.sh                      # scrapes synthetic exporters (.ci/lib/synthetic_exporter.py)
#   .ci/check-dashboards.sh --gateway HOST:MGMT_PORT [--gateway ...] --local-inference HOST:PORT [--local-inference-key KEY]
#                                                # scrapes the running services instead (traffic must flow):
#                                                # a gateway's MANAGEMENT port (its API port has no metrics),
#                                                # local-inference with its bearer key when it has one
#   --png PATH    where to render the spend PNG (default: a temp dir; docs/img/spend.png to update the README's)
#   --timeout S   how long to wait for every expression to return series (default 120)
#   --hold S      keep scraping S seconds before evaluating (e.g. 330 so that the 5m rate windows are
#                 full when rendering the README's PNG; CI needs none)
#
# Needs (installed here if missing): Debian packages prometheus (promtool), prometheus-alertmanager
# (amtool); Python 3 with PyYAML and matplotlib.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
lib="$repo/.ci/lib"
gateways=()
local_inference=""
local_inference_key=""
png=""
timeout=120
hold=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --gateway) gateways+=("$2"); shift 2 ;;
    --local-inference) local_inference="$2"; shift 2 ;;
    --local-inference-key) local_inference_key="$2"; shift 2 ;;
    --png) png="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --hold) hold="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

step() { printf '\n== %s\n' "$*"; }

step "tools"
missing=()
command -v promtool >/dev/null || missing+=(prometheus)
command -v amtool >/dev/null || missing+=(prometheus-alertmanager)
if [[ ${#missing[@]} -gt 0 ]]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
python3 -c 'import yaml, matplotlib' 2>/dev/null || pip install -q pyyaml matplotlib
promtool --version 2>&1 | head -1
amtool --version 2>&1 | head -1

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

step "promtool check config / rules / test rules"
# the compose config reads local-inference's key from a compose secret file: check a copy that points
# at a stand-in file, so that promtool can verify every file the config names
mkdir -p "$work/promcheck"
cp -r "$repo/dashboards/prometheus/." "$work/promcheck/"
echo stand-in-key >"$work/promcheck/onprem_api_key"
grep -q 'credentials_file: /run/secrets/onprem_api_key' "$work/promcheck/prometheus.yml" \
  || { echo "FAIL dashboards/prometheus/prometheus.yml: local-inference must be scraped with credentials_file /run/secrets/onprem_api_key"; exit 1; }
sed -i "s#/run/secrets/onprem_api_key#$work/promcheck/onprem_api_key#" "$work/promcheck/prometheus.yml"
promtool check config "$work/promcheck/prometheus.yml"
promtool check config --syntax-only "$repo/k8s/base/monitoring/prometheus.yml"   # its rules live in a ConfigMap
promtool check rules "$repo"/dashboards/prometheus/rules/*.yml
promtool test rules "$repo/dashboards/prometheus/tests/alerts_test.yml"

step "alertmanager: render the template with .env.example values, amtool check-config, routing"
(
  set -a
  # shellcheck disable=SC1091
  . "$repo/.env.example"
  set +a
  sh "$repo/dashboards/alertmanager/render-config.sh" "$repo/dashboards/alertmanager/alertmanager.yml" "$work/alertmanager.yml"
)
amtool check-config "$work/alertmanager.yml"
route() { amtool config routes test --config.file="$work/alertmanager.yml" "$@" 2>/dev/null; }
expect_route() {
  local want=$1; shift
  local got; got=$(route "$@")
  if [[ "$got" != "$want" ]]; then echo "FAIL route for $*: got '$got', want '$want'"; exit 1; fi
  echo "route $* -> $got"
}
expect_route "oncall-webhook,ops-email" severity=critical audience=operations alertname=GatewayHighErrorRate
expect_route "oncall-webhook,finance-email" severity=critical audience=finance alertname=GatewayBudgetExhausted
expect_route "finance-email" severity=warning audience=finance alertname=GatewayBudgetSoftThresholdCrossed
expect_route "ops-email" severity=warning audience=admins alertname=GatewayPolicyReloadFailed

step "grafana dashboards: structure"
python3 "$lib/dashboards_check.py" static "$repo"

step "the checkers catch what they claim to (mutated copies)"
python3 "$lib/test_checks.py" "$repo" StripThresholds DashboardStatic

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() {   # URL SECONDS
  local deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null "$1" 2>/dev/null; do
    if (( SECONDS > deadline )); then echo "FAIL $1 did not answer within $2 s"; return 1; fi
    sleep 0.5
  done
}

data_source="live services"
if [[ ${#gateways[@]} -eq 0 && -z "$local_inference" ]]; then
  data_source="synthetic exporter (.ci/lib/synthetic_exporter.py)"
  step "synthetic exporters (two gateway replicas, one local-inference)"
  for seed in 1 2; do
    port=$(free_port)
    python3 "$lib/synthetic_exporter.py" --role gateway --port "$port" --instance-seed "$seed" &
    pids+=($!)
    gateways+=("127.0.0.1:$port")
    wait_http "http://127.0.0.1:$port/actuator/prometheus" 20
  done
  port=$(free_port)
  python3 "$lib/synthetic_exporter.py" --role local-inference --port "$port" &
  pids+=($!)
  local_inference="127.0.0.1:$port"
  wait_http "http://127.0.0.1:$port/metrics" 20
elif [[ ${#gateways[@]} -eq 0 || -z "$local_inference" ]]; then
  echo "give both --gateway and --local-inference, or neither" >&2; exit 2
fi

step "prometheus scraping ${gateways[*]} and $local_inference"
prom_port=$(free_port)
mkdir -p "$work/prom/rules" "$work/data"
cp "$repo"/dashboards/prometheus/rules/*.yml "$work/prom/rules/"
gw_list=$(printf '"%s",' "${gateways[@]}")
# Same job names and rule files as dashboards/prometheus/prometheus.yml; static targets and a fast
# scrape/evaluation so that rate() and the recording rules have data within seconds.
cat > "$work/prom/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - rules/*.yml
scrape_configs:
  - job_name: gateway
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: [${gw_list%,}]
  - job_name: local-inference
    metrics_path: /metrics
$(if [[ -n "$local_inference_key" ]]; then printf '    authorization:\n      type: Bearer\n      credentials: "%s"\n' "$local_inference_key"; fi)
    static_configs:
      - targets: ["$local_inference"]
EOF
promtool check config "$work/prom/prometheus.yml" >/dev/null
prometheus --config.file="$work/prom/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$prom_port/-/ready" 60 || { cat "$work/prometheus.log"; exit 1; }
prometheus --version 2>&1 | head -1

if (( hold > 0 )); then echo "holding ${hold}s so that rate windows fill"; sleep "$hold"; fi

step "evaluate every panel, recording-rule and alert expression"
python3 "$lib/dashboards_check.py" live "$repo" --prometheus "http://127.0.0.1:$prom_port" --timeout "$timeout"

step "spend PNG"
out_png=${png:-$work/spend.png}
python3 "$lib/render_spend.py" --prometheus "http://127.0.0.1:$prom_port" --out "$out_png" --source "$data_source"
python3 - "$out_png" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
assert len(data) > 20000, f"suspiciously small PNG: {len(data)} bytes"
print(f"{sys.argv[1]}: {len(data)} bytes")
EOF
echo
echo "check-dashboards: OK"
