#!/usr/bin/env bash
# Runs every test: unit and integration tests of both services (real redis-server, real Keycloak, real HTTP
# stubs, the committed tiny model), the policy test cases, and the dashboard/deployment checks.
set -euo pipefail
cd "$(dirname "$0")"
.ci/install-deps.sh
export ORT_DISABLE_TELEMETRY=1
mvn -B verify
for check in .ci/check-*.sh; do
  [[ -x "$check" ]] || continue
  echo "== $check"
  "$check"
done
