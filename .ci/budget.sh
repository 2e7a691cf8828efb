#!/usr/bin/env bash
# Needs of the quota/budget tests (called by .ci/run): a real redis-server binary (Debian package).
# The tests start their own redis-server processes on free ports; they FAIL (never skip) without it.
set -euo pipefail
if ! command -v redis-server >/dev/null 2>&1; then
    apt-get install -y redis-server || { apt-get update && apt-get install -y redis-server; }
fi
redis-server --version
