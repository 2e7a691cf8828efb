#!/usr/bin/env bash
# Installs what the test suite needs and a fresh machine lacks (idempotent; needs root for apt).
set -euo pipefail
need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v promtool >/dev/null || need+=(prometheus)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# the services those packages start on install are not wanted: tests start their own on free ports
systemctl stop redis-server prometheus 2>/dev/null || service redis-server stop 2>/dev/null || true
