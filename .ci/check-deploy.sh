#!/usr/bin/env bash
# Deployment check (no container engine, no cluster here, so: what can be proven without them).
#  1. kubectl kustomize renders the base and every overlay with the default load restrictor (as
#     `kubectl apply -k` and GitOps tools do: policies/ and dashboards/ are kustomizations of their own);
#  2. the rendered objects validate against the Kubernetes OpenAPI schemas (npm kubernetes-models),
#     unknown fields included;
#  3. docker-compose.yml and compose/*.yml validate against the Compose Specification schema (vendored);
#  4. images, ports, env names, paths and arguments agree with the Contracts across compose,
#     Dockerfiles, Prometheus configs and the overlays;
#  5. each jar starts with the exact arguments/env compose gives it (host names and host paths mapped
#     to this machine) and answers its health and metrics endpoints.
#
#   .ci/check-deploy.sh            # all of it; the jars must be built (mvn -B package) first
#   .ci/check-deploy.sh --no-jars  # 1-4 only, says so loudly
#
# Needs (installed here if missing): kubectl (with kustomize), node + npm (kubernetes-models from the
# npm registry), Python 3 with PyYAML and jsonschema, Java 17, redis-server (Debian) for step 5.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
lib="$repo/.ci/lib"
jars=1
[[ "${1:-}" == "--no-jars" ]] && jars=0

step() { printf '\n== %s\n' "$*"; }
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

step "tools"
python3 -c 'import yaml, jsonschema' 2>/dev/null || pip install -q pyyaml jsonschema
if ! command -v kubectl >/dev/null; then
  # Debian 12 has no kubectl package and no registry reachable here ships one; the java-maven machine
  # image has it (google-cloud-sdk's kubectl, with kustomize built in).
  echo "FAIL kubectl not found: install kubectl (>= 1.27, with built-in kustomize)" >&2
  exit 1
fi
kubectl version --client 2>/dev/null | head -2
validator="${XDG_CACHE_HOME:-$HOME/.cache}/sovereign-ci/k8s-validate"
mkdir -p "$validator"
cp "$lib/k8s-validate/package.json" "$lib/k8s-validate/package-lock.json" "$lib/k8s-validate/validate.mjs" "$validator/"
if ! (cd "$validator" && npm ls kubernetes-models >/dev/null 2>&1); then
  (cd "$validator" && npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v EBADENGINE || true)
fi
(cd "$validator" && npm ls kubernetes-models 2>/dev/null | grep kubernetes-models)

step "kustomize: render base and overlays (default load restrictor, as kubectl apply -k)"
mkdir -p "$work/rendered"
for dir in "$repo"/k8s/base "$repo"/k8s/overlays/*/; do
  name=$(basename "$dir")
  kubectl kustomize "$dir" > "$work/$name.yaml"
  python3 -c 'import sys, yaml, json; json.dump([d for d in yaml.safe_load_all(open(sys.argv[1])) if d], open(sys.argv[2], "w"))' \
    "$work/$name.yaml" "$work/rendered/$name.json"
  echo "$name: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/rendered/$name.json") objects"
done

step "kubernetes schemas (kubernetes-models, strict fields)"
for f in "$work"/rendered/*.json; do
  printf '%s: ' "$(basename "$f" .json)"
  node "$validator/validate.mjs" < "$f"
done
# the validator must refuse a typo'd field and a wrong type
python3 - "$work/rendered/prod.json" "$work/broken.json" <<'PY'
import json, sys
objs = json.load(open(sys.argv[1]))
dep = next(o for o in objs if o["kind"] == "Deployment" and o["metadata"]["name"] == "gateway")
c = dep["spec"]["template"]["spec"]["containers"][0]
c["readinesProbe"] = c.pop("readinessProbe")
dep["spec"]["replicas"] = "3"
json.dump([dep], open(sys.argv[2], "w"))
PY
if out=$(node "$validator/validate.mjs" < "$work/broken.json"); then
  echo "FAIL the schema validator accepted a broken Deployment"; exit 1
fi
if ! grep -q "readinesProbe: unknown field" <<<"$out" || ! grep -q "replicas must be integer" <<<"$out"; then
  echo "FAIL the schema validator missed a problem:"; echo "$out"; exit 1
fi
echo "a broken Deployment is refused as expected (unknown field readinesProbe; replicas must be integer)"

step "compose specification schema"
python3 "$lib/deploy_check.py" compose "$repo"

step "contracts: compose, Dockerfiles, Prometheus configs, overlays"
rm -f "$work/rendered/base.json"   # the base is checked through its overlays
python3 "$lib/deploy_check.py" contracts "$repo" --rendered "$work/rendered"

step "the checkers catch what they claim to (mutated copies)"
RENDERED="$work/rendered" python3 "$lib/test_checks.py" "$repo" Compose K8sContracts

if (( jars == 0 )); then
  echo
  echo "check-deploy: OK WITHOUT THE JAR STEP (--no-jars): the jars were not started"
  exit 0
fi

step "jars start with the arguments compose gives them"
if ! command -v redis-server >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
python3 "$lib/jar_check.py" "$repo" --work "$work" --rendered "$work/rendered"
echo
echo "check-deploy: OK"
