#!/usr/bin/env bash
# Fails when a Java source of either module is not formatted as the root pom's Spotless configuration says
# (palantir-java-format). Fix with:  mvn spotless:apply
# Offline first (the ~/.m2 cache is warm on a developer's machine); online once when the formatter is not cached.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q spotless:check || {
  status=$?
  # an offline miss (plugin or formatter not in ~/.m2) and a formatting failure both exit non-zero:
  # retry online, where a formatting failure fails again with the files it names
  echo "offline spotless:check failed (status $status); retrying online" >&2
  mvn -B -q spotless:check
}
