#!/usr/bin/env bash
# Validates every policy file in policies/ against policies/policy.schema.json (the schema editors use too).
# The gateway's own strict loader and the policy test cases run in the Maven build (GatewayCommandTest).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.ci/.venv
[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import jsonschema, yaml" 2>/dev/null || "$VENV/bin/pip" install -q --retries 0 jsonschema pyyaml 2>&1 | grep -v "^WARNING" || true
"$VENV/bin/python" - <<'PY'
import glob, json, sys, yaml, jsonschema
schema = json.load(open("policies/policy.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failed = 0
for path in sorted(glob.glob("policies/*.yaml")):
    doc = yaml.safe_load(open(path))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors:
        print(f"{path}: {'.'.join(map(str, e.path)) or '(top)'}: {e.message}")
    failed += bool(errors)
    print(("ok   " if not errors else "FAIL ") + path)
# the schema must refuse what the loader refuses: a few known-bad shapes
bad = [{"version": 1, "targets": {}, "sovereignty": {"external_max_level": "secret"}, "rules": []},
       {"version": 1, "targets": {"x": {"location": "mars", "url": "u", "model": "m"}}, "sovereignty": {"external_max_level": "public"}, "rules": [{"name": "r", "route": "x"}], "extra": 1},
       {"version": 1, "targets": {"x": {"location": "onprem", "url": "u", "model": "m", "apis": ["responses"]}}, "sovereignty": {"external_max_level": "public"}, "rules": [{"name": "r", "route": "x"}]},
       {"version": 1, "targets": {"x": {"location": "onprem", "url": "u", "model": "m"}}, "sovereignty": {"external_max_level": "public"}, "rules": [{"name": "r", "route": "x"}], "models": {"aliases": {"claude opus[5]": "auto"}}},
       {"version": 1, "targets": {"x": {"location": "onprem", "url": "u", "model": "m"}}, "sovereignty": {"external_max_level": "public"}, "rules": [{"name": "r", "route": "x"}], "models": {"aliases": {"*": "auto"}}}]
for doc in bad:
    if validator.is_valid(doc):
        print("FAIL the schema accepts a policy it must refuse:", doc); failed += 1
sys.exit(1 if failed else 0)
PY
