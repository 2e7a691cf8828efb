#!/usr/bin/env bash
# Installs the real Anthropic-speaking clients the Messages tests and fixture recorder drive: Claude Code
# and @anthropic-ai/sdk from npm, the `anthropic` pip package into a venv. Cached under
# ~/.cache/sovereign-clients in folders of their own (the Responses clients share the cache root but not
# these folders, so two installs never race on one npm prefix); idempotent: a second run only checks the
# stamps and returns.
# Prints the cache dir; `source <(.ci/install-anthropic-clients.sh --env)` exports CLAUDE_BIN,
# ANTHROPIC_NODE_MODULES and ANTHROPIC_PYTHON.
set -euo pipefail
CACHE="${SOVEREIGN_CLIENTS_CACHE:-$HOME/.cache/sovereign-clients}"
CLAUDE_CODE_VERSION=2.1.328
NPM_PACKAGES=("@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION" "@anthropic-ai/sdk")
PIP_PACKAGES=(anthropic)
NPM_DIR="$CACHE/anthropic-npm"
VENV="$CACHE/anthropic-venv"
mkdir -p "$CACHE"

npm_stamp="$NPM_DIR/.stamp-$(printf '%s\n' "${NPM_PACKAGES[@]}" | sha256sum | cut -c1-12)"
if [[ ! -f "$npm_stamp" ]]; then
  echo "installing ${NPM_PACKAGES[*]} into $NPM_DIR" >&2
  mkdir -p "$NPM_DIR"
  npm install --silent --no-audit --no-fund --prefix "$NPM_DIR" "${NPM_PACKAGES[@]}" >&2
  "$NPM_DIR/node_modules/.bin/claude" --version >&2
  node -e 'require(process.argv[1]); console.error("@anthropic-ai/sdk", require(process.argv[2]).version)' \
    "$NPM_DIR/node_modules/@anthropic-ai/sdk" "$NPM_DIR/node_modules/@anthropic-ai/sdk/package.json" >&2
  touch "$npm_stamp"
fi

venv_stamp="$VENV/.stamp-$(printf '%s\n' "${PIP_PACKAGES[@]}" | sha256sum | cut -c1-12)"
if [[ ! -f "$venv_stamp" ]]; then
  echo "installing ${PIP_PACKAGES[*]} into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "${PIP_PACKAGES[@]}" >&2
  "$VENV/bin/python" -c 'import anthropic; print("anthropic", anthropic.__version__)' >&2
  touch "$venv_stamp"
fi

if [[ "${1:-}" == "--env" ]]; then
  echo "export CLAUDE_BIN='$NPM_DIR/node_modules/.bin/claude'"
  echo "export ANTHROPIC_NODE_MODULES='$NPM_DIR/node_modules'"
  echo "export ANTHROPIC_PYTHON='$VENV/bin/python'"
else
  echo "$CACHE"
fi
