#!/bin/sh
# Fills the ${NAME} placeholders of an Alertmanager config template from the environment.
# POSIX sh + awk only, so it runs inside the busybox-based prom/alertmanager image.
# Usage: render-config.sh TEMPLATE OUTPUT   (fails, naming the variable, if one is unset or empty)
set -eu
template=$1
output=$2
awk '
  /^[ \t]*#/ { print; next }   # comments may mention ${NAME} freely
  {
    line = $0
    out = ""
    while (match(line, /\$\{[A-Za-z_][A-Za-z0-9_]*\}/)) {
      name = substr(line, RSTART + 2, RLENGTH - 3)
      if (!(name in ENVIRON) || ENVIRON[name] == "") {
        printf "render-config: %s is not set (line %d of %s)\n", name, NR, FILENAME > "/dev/stderr"
        failed = 1
      }
      value = ENVIRON[name]
      # a value must not break out of the single-quoted YAML scalar it lands in
      gsub(/\x27/, "\x27\x27", value)
      out = out substr(line, 1, RSTART - 1) value
      line = substr(line, RSTART + RLENGTH)
    }
    print out line
  }
  END { exit failed }
' "$template" > "$output.tmp"
mv "$output.tmp" "$output"
