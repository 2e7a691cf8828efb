#!/usr/bin/env bash
# Installs the real API clients the Responses tests and fixture recorder drive: Codex CLI from npm and
# openai + openai-agents into a venv. Cached under ~/.cache/sovereign-clients (Codex alone is hundreds
# of MB), idempotent: a second run only checks the stamps and returns.
# Prints the cache dir; `source <(.ci/install-clients.sh --env)` exports CODEX_BIN and CLIENTS_PYTHON.
set -euo pipefail
CACHE="${SOVEREIGN_CLIENTS_CACHE:-$HOME/.cache/sovereign-clients}"
CODEX_VERSION=0.169.0
PIP_PACKAGES=(openai openai-agents)
mkdir -p "$CACHE"

codex_stamp="$CACHE/npm/.codex-$CODEX_VERSION"
if [[ ! -f "$codex_stamp" ]]; then
  echo "installing @openai/codex@$CODEX_VERSION into $CACHE/npm" >&2
  mkdir -p "$CACHE/npm"
  npm install --silent --no-audit --no-fund --prefix "$CACHE/npm" "@openai/codex@$CODEX_VERSION" >&2
  "$CACHE/npm/node_modules/.bin/codex" --version >&2
  touch "$codex_stamp"
fi

# openai is required; openai-agents is installed when the package index has it (the local index on this
# machine kind lacks it; then the Agents SDK checks are skipped with a message, see --env's AGENTS_SDK).
venv_stamp="$CACHE/venv/.pip-$(printf '%s\n' "${PIP_PACKAGES[@]}" | sha256sum | cut -c1-12)"
if [[ ! -f "$venv_stamp" ]]; then
  echo "installing ${PIP_PACKAGES[*]} into $CACHE/venv" >&2
  [[ -x "$CACHE/venv/bin/python" ]] || python3 -m venv "$CACHE/venv"
  pip=("$CACHE/venv/bin/pip" install -q --retries 0 --timeout 10)
  "${pip[@]}" "${PIP_PACKAGES[0]}" >&2
  if "${pip[@]}" "${PIP_PACKAGES[1]}" >&2 2>"$CACHE/venv/agents-install.log"; then
    echo yes > "$CACHE/venv/.agents"
  else
    echo "openai-agents is not in the package index here; the Agents SDK checks will be skipped" >&2
    echo no > "$CACHE/venv/.agents"
  fi
  "$CACHE/venv/bin/python" -c 'import openai; print("openai", openai.__version__)' >&2
  touch "$venv_stamp"
fi

if [[ "${1:-}" == "--env" ]]; then
  echo "export CODEX_BIN='$CACHE/npm/node_modules/.bin/codex'"
  echo "export CLIENTS_PYTHON='$CACHE/venv/bin/python'"
  echo "export AGENTS_SDK='$(cat "$CACHE/venv/.agents")'"
else
  echo "$CACHE"
fi
