#!/usr/bin/env bash
# Runs every test, each once: unit and integration tests of both services (real redis-server, real Keycloak,
# real HTTP stubs, the committed tiny models), the policy test cases, the dashboard/deployment checks, and the
# real clients (Codex CLI, Claude Code, the OpenAI and Anthropic SDKs, installed once and cached under
# ~/.cache/sovereign-clients).
set -euo pipefail
cd "$(dirname "$0")"
export ORT_DISABLE_TELEMETRY=1

.ci/install-deps.sh                            # apt: redis-server, prometheus/promtool, curl
.ci/install-clients.sh >/dev/null              # npm: Codex CLI; pip: openai
.ci/install-anthropic-clients.sh >/dev/null    # npm: Claude Code, @anthropic-ai/sdk; pip: anthropic

mvn -B verify

checks=(
  check-format            # every Java source formatted as the root pom says (Spotless, palantir-java-format)
  check-policies          # policies/tests through the real classifier and policy (policy test)
  check-dashboards        # promtool rules/tests, amtool, dashboards' expressions
  check-deploy            # compose and kustomize render and validate; jars started with their exact arguments
  check-live              # two real gateway replicas + local-inference under traffic; every dashboard expression
  check-inference-tools   # tool-call round trip: openai-python -> gateway -> local-inference (tiny gpt-oss)
  check-anthropic-bridge  # Claude Code and the Anthropic SDKs against the Messages translators
)
for check in "${checks[@]}"; do
  echo "== .ci/$check.sh"
  ".ci/$check.sh"
done
