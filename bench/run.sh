#!/usr/bin/env bash
# Foundation benchmark: wrk against a canned-completion nginx stub directly, through a bare Spring Cloud
# Gateway route (bench/bare-scg) and through the gateway with its default policy, in one run, after JIT
# warm-up. Writes bench/RESULTS.md (saturated throughput, added latency p50/p99 at concurrency 1, RSS, CPU
# per request, a JFR profile of the gateway under load).
#
#   bench/run.sh                       # from anywhere; needs root (or wrk + nginx already installed)
#
# Knobs (environment): ROUNDS=3 DURATION=20s WARMUP=30s THREADS=2 CONNECTIONS=32 PROFILE=1
#   PROFILE_SECONDS=30                 length of the JFR recording under load
#   QUIET_PSI=25 QUIET_WAIT=300        before each round, wait up to QUIET_WAIT s for the machine's CPU
#                                      pressure (/proc/pressure/cpu "some avg10", %) to drop below QUIET_PSI
#   JVM_OPTS="-Xmx256m -XX:+UseG1GC"   same flags for both JVMs
#   SKIP_BUILD=1                       use the jars already built
#   GATEWAY_SOURCE=head                build the gateway from the last commit (git archive into a scratch
#                                      folder) instead of the working tree (default: tree)
#   STUB_PORT=18081 BARE_PORT=18082 GATEWAY_PORT=18083
#   RESULTS_FILE=bench/RESULTS.md       where the report goes (a hand-written part below its marker is kept)
#   SHADOW=1                           also run a second gateway with a candidate policy in shadow
#                                      (gateway.policies.candidate-file: the same policy without the hosted
#                                      fallback, so every request is compared and differs) as target "shadow",
#                                      measured like "gateway"; the summary adds shadow minus gateway
#   SHADOW_PORT=18084 SHADOW_MGMT_PORT=19084
#
# Everything it starts (nginx, two JVMs) is stopped on exit, by PID. Scratch files: bench/target/run/.
set -euo pipefail
{   # the whole script is one block, read before it runs

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PROFILE=${PROFILE:-1}
PROFILE_SECONDS=${PROFILE_SECONDS:-30}
QUIET_PSI=${QUIET_PSI:-25}
QUIET_WAIT=${QUIET_WAIT:-300}
JVM_OPTS=${JVM_OPTS:--Xmx256m -XX:+UseG1GC}
SKIP_BUILD=${SKIP_BUILD:-0}
GATEWAY_SOURCE=${GATEWAY_SOURCE:-tree}
STUB_PORT=${STUB_PORT:-18081}
BARE_PORT=${BARE_PORT:-18082}
GATEWAY_PORT=${GATEWAY_PORT:-18083}
SHADOW=${SHADOW:-0}
SHADOW_PORT=${SHADOW_PORT:-18084}
SHADOW_MGMT_PORT=${SHADOW_MGMT_PORT:-19084}

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
RUN=$BENCH/target/run
RESULTS=${RESULTS_FILE:-$BENCH/RESULTS.md}
GATEWAY_JAR=$ROOT/gateway-service/target/gateway-service.jar
BARE_JAR=$BENCH/bare-scg/target/bare-scg.jar
export BENCH_KEY=sk-bench-not-a-secret
PATH_CHAT=/v1/chat/completions
BODY='{"model":"auto","messages":[{"role":"user","content":"Name three rivers in Europe."}]}'

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ---------------------------------------------------------------- processes we own, stopped on exit
NGINX_PID= BARE_PID= GATEWAY_PID= SHADOW_PID= WRK_PID=
stop() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  stop "$WRK_PID"; stop "$SHADOW_PID"; stop "$GATEWAY_PID"; stop "$BARE_PID"; stop "$NGINX_PID"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- tools
need_pkg() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "$1 is missing: apt-get install $2 (as root)"
  log "installing $2"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; } \
    || die "could not install $2"
  # Debian starts the packaged nginx service on install where it can; we run our own instance only.
  if [ "$2" = nginx-light ] && [ -f /run/nginx.pid ]; then nginx -s stop 2>/dev/null || true; fi
}
need_pkg wrk wrk
need_pkg nginx nginx-light
for c in java jcmd jfr curl mvn awk; do command -v $c >/dev/null || die "$c is missing"; done

rm -rf "$RUN"; mkdir -p "$RUN"

# ---------------------------------------------------------------- build
if [ "$SKIP_BUILD" != 1 ]; then
  if [ "$GATEWAY_SOURCE" = head ]; then
    # the committed state, built in a scratch copy: neither the working tree nor its target/ is touched
    log "building gateway-service from HEAD ($(cd "$ROOT" && git rev-parse --short HEAD)) in $RUN/src"
    mkdir -p "$RUN/src" && (cd "$ROOT" && git archive HEAD) | tar -x -C "$RUN/src" || die "git archive"
    (cd "$RUN/src" && mvn -B -q -o -pl gateway-service package -DskipTests) || die "gateway build (HEAD)"
    GATEWAY_JAR=$RUN/src/gateway-service/target/gateway-service.jar
  else
    log "building gateway-service (working tree)"
    (cd "$ROOT" && mvn -B -q -o -pl gateway-service package -DskipTests) || die "gateway build"
  fi
  log "building bench/bare-scg"
  (cd "$ROOT" && mvn -B -q -f bench/bare-scg/pom.xml package) \
    || (cd "$ROOT" && mvn -B -q -o -f bench/bare-scg/pom.xml package) || die "bare-scg build"
fi
[ -f "$GATEWAY_JAR" ] || die "no $GATEWAY_JAR"
[ -f "$BARE_JAR" ] || die "no $BARE_JAR"
# run copies: a rebuild in the working tree during the run must not pull the jar from under a JVM
cp "$GATEWAY_JAR" "$RUN/gateway-service.jar"; cp "$BARE_JAR" "$RUN/bare-scg.jar"
GATEWAY_JAR=$RUN/gateway-service.jar BARE_JAR=$RUN/bare-scg.jar

# ---------------------------------------------------------------- stub upstream
stub_body=$(tr -d '\n' < "$BENCH/stub/chat-completion.json")
esc=$(printf '%s' "$stub_body" | sed -e 's/[\\&|]/\\&/g')
sed -e "s|@RUN@|$RUN|g" -e "s|@PORT@|$STUB_PORT|g" -e "s|@BODY@|$esc|" "$BENCH/stub/nginx.conf.in" > "$RUN/nginx.conf"
nginx -t -q -c "$RUN/nginx.conf" -p "$RUN" || die "nginx config"
STUB_RESTARTS=0
start_stub() {
  nginx -c "$RUN/nginx.conf" -p "$RUN" >>"$RUN/nginx.out" 2>&1 &
  NGINX_PID=$!
}
start_stub
STUB=http://127.0.0.1:$STUB_PORT

post() { # url -> http status
  curl -s -o "$RUN/last-response.json" -w '%{http_code}' -X POST "$1" \
    -H 'Content-Type: application/json' -H "Authorization: Bearer $BENCH_KEY" --data "$BODY" 2>/dev/null || true
}
wait_ready() { # name url pid seconds
  local deadline=$((SECONDS + $4))
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$3" 2>/dev/null || die "$1 exited during start (see $RUN/$1.log)"
    [ "$(post "$2")" = 200 ] && grep -q chat.completion "$RUN/last-response.json" && return 0
    sleep 0.5
  done
  die "$1 not ready after $4 s (last status $(post "$2"); see $RUN/$1.log)"
}
wait_ready nginx "$STUB$PATH_CHAT" "$NGINX_PID" 20

# ---------------------------------------------------------------- bare Spring Cloud Gateway route
started=$SECONDS
# shellcheck disable=SC2086
(cd "$RUN" && exec java $JVM_OPTS -jar "$BARE_JAR" --server.port="$BARE_PORT" --bench.stub-url="$STUB") >"$RUN/bare.log" 2>&1 &
BARE_PID=$!
wait_ready bare "http://127.0.0.1:$BARE_PORT$PATH_CHAT" "$BARE_PID" 180
log "bare route up in $((SECONDS - started)) s (pid $BARE_PID)"

# ---------------------------------------------------------------- the gateway, default policy
policy=$(cat "$ROOT/policies/default.yaml")
policy=${policy//'${ONPREM_BASE_URL:http://localhost:8000/v1}'/$STUB/v1}
policy=${policy//'${HOSTED_BASE_URL:https://api.openai.com/v1}'/$STUB/v1}
policy=${policy//'${OPENAI_API_KEY:}'/sk-upstream-bench}
# Quotas and budgets stay in the policy (their checks run on every request) but with limits a benchmark
# cannot reach: 60 requests/minute or a $50 budget would turn a saturated run into 429s within a second.
# (1e9/minute is the most a quota takes: QuotaRequest.MAX_LIMIT_PER_MINUTE.)
policy=$(printf '%s\n' "$policy" | sed -E \
  -e 's/(requests_per_minute: )[0-9]+/\11000000000/' \
  -e 's/(tokens_per_minute: )[0-9]+/\11000000000/' \
  -e 's/(monthly_usd: )[0-9.]+/\11000000000/')
printf '%s\n' "$policy" > "$RUN/policy.yaml"
grep -q '\${' "$RUN/policy.yaml" && log "note: policy copy still has \${...} placeholders: $(grep -o '\${[^}]*}' "$RUN/policy.yaml" | tr '\n' ' ')"
key_sha=$(printf '%s' "$BENCH_KEY" | sha256sum | cut -d' ' -f1)
printf 'keys:\n  - { id: bench, sha256: %s, user: bench, team: engineering, roles: [gateway-user] }\n' "$key_sha" > "$RUN/keys.yaml"

started=$SECONDS
# shellcheck disable=SC2086
(cd "$RUN" && exec java $JVM_OPTS -jar "$GATEWAY_JAR" --server.port="$GATEWAY_PORT" --gateway.policies.file="$RUN/policy.yaml" \
  --gateway.auth.api-keys-file="$RUN/keys.yaml" --gateway.audit.file="$RUN/audit.jsonl" \
  --logging.level.gateway.request=WARN) >"$RUN/gateway.log" 2>&1 &
GATEWAY_PID=$!
wait_ready gateway "http://127.0.0.1:$GATEWAY_PORT$PATH_CHAT" "$GATEWAY_PID" 180
log "gateway up in $((SECONDS - started)) s (pid $GATEWAY_PID)"
curl -s -D "$RUN/gateway-headers.txt" -o "$RUN/gateway-response.json" -X POST "http://127.0.0.1:$GATEWAY_PORT$PATH_CHAT" \
  -H 'Content-Type: application/json' -H "Authorization: Bearer $BENCH_KEY" --data "$BODY" >/dev/null

declare -gA URL=([direct]="$STUB$PATH_CHAT" [bare]="http://127.0.0.1:$BARE_PORT$PATH_CHAT"
                [gateway]="http://127.0.0.1:$GATEWAY_PORT$PATH_CHAT")
declare -gA PID=([direct]=$NGINX_PID [bare]=$BARE_PID [gateway]=$GATEWAY_PID)
TARGETS="direct bare gateway"

# ---------------------------------------------------------------- SHADOW=1: the same gateway, with a candidate in shadow
if [ "$SHADOW" = 1 ]; then
  mkdir -p "$RUN/candidate"
  # the candidate drops the hosted fallback: same detectors (the live classification is reused), every request differs
  grep -v '^    fallback: onprem' "$RUN/policy.yaml" > "$RUN/candidate/candidate.yaml"
  cmp -s "$RUN/policy.yaml" "$RUN/candidate/candidate.yaml" && die "the candidate policy is the same as the live one"
  started=$SECONDS
  # shellcheck disable=SC2086
  (cd "$RUN" && exec java $JVM_OPTS -jar "$GATEWAY_JAR" --server.port="$SHADOW_PORT" --management.server.port="$SHADOW_MGMT_PORT" \
    --gateway.policies.file="$RUN/policy.yaml" --gateway.policies.candidate-file="$RUN/candidate/candidate.yaml" \
    --gateway.auth.api-keys-file="$RUN/keys.yaml" --gateway.audit.file="$RUN/audit-shadow.jsonl" \
    --gateway.store.settlement-journal="$RUN/settlements-shadow.journal" \
    --logging.level.gateway.request=WARN) >"$RUN/shadow.log" 2>&1 &
  SHADOW_PID=$!
  wait_ready shadow "http://127.0.0.1:$SHADOW_PORT$PATH_CHAT" "$SHADOW_PID" 180
  log "gateway with a candidate in shadow up in $((SECONDS - started)) s (pid $SHADOW_PID)"
  URL[shadow]="http://127.0.0.1:$SHADOW_PORT$PATH_CHAT"; PID[shadow]=$SHADOW_PID
  TARGETS="direct bare gateway shadow"
fi

# ---------------------------------------------------------------- wrk
HZ=$(getconf CLK_TCK); NCPU=$(nproc)
pid_ticks() { local p t=0; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
children_ticks() { # user+sys CPU of this shell's waited-for children (wrk), in ticks, into CHILD_TICKS
  times > "$RUN/times.txt"   # in this shell: `times` in a $(...) subshell would report the subshell's own children
  CHILD_TICKS=$(tail -1 "$RUN/times.txt" | awk -v hz="$HZ" '{n = 0; for (i = 1; i <= 2; i++) {split($i, a, /[ms]/); n += a[1] * 60 + a[2]} printf "%d\n", n * hz}')
}
thread_ticks() { # pid -> "thread-name ticks" per thread name (digits folded to N), summed
  local t
  for t in /proc/"$1"/task/*; do
    awk '{n = $0; sub(/^[0-9]+ \(/, "", n); sub(/\) [A-Z] .*$/, "", n); gsub(/[0-9]+/, "N", n); gsub(/ /, "_", n);
          r = $0; sub(/^.*\) /, "", r); split(r, f, " "); print n, f[12] + f[13]}' "$t/stat" 2>/dev/null || true
  done | awk '{s[$1] += $2} END {for (k in s) print k, s[k]}'
}
jit_ticks() { thread_ticks "$1" | awk '$1 ~ /Compiler/ {s += $2} END {print s + 0}'; }
cpu_pressure() { awk '/^some/ {split($2, a, "="); print a[2]; exit}' /proc/pressure/cpu 2>/dev/null || echo n/a; }
wait_quiet() {
  [ -r /proc/pressure/cpu ] || return 0
  local deadline=$((SECONDS + QUIET_WAIT)) p
  while :; do
    p=$(cpu_pressure)
    awk -v p="$p" -v q="$QUIET_PSI" 'BEGIN {exit !(p < q)}' && return 0
    [ $SECONDS -ge $deadline ] && { log "machine still busy (CPU pressure ${p}%), measuring anyway"; return 0; }
    sleep 5
  done
}
NGINX_WORKERS=$(ps -o pid= --ppid "$NGINX_PID" | tr -d ' ' | tr '\n' ' ')
PID[direct]=$NGINX_WORKERS
TSV=$RUN/measurements.tsv
printf 'round\ttarget\tmode\trps\tp50_us\tp99_us\tmax_us\trequests\tnon2xx\tsocket_errors\tcpu_ms_per_1k_req\tother_cpu_pct\tjit_pct\n' > "$TSV"

ensure_up() { # the stub has been stopped by something else on this shared machine once: restart it, count it
  local tg
  if ! kill -0 "$NGINX_PID" 2>/dev/null || [ "$(post "$STUB$PATH_CHAT")" != 200 ]; then
    log "WARNING: the nginx stub is gone (stopped from outside?); restarting it"
    stop "$NGINX_PID"; start_stub; STUB_RESTARTS=$((STUB_RESTARTS + 1))
    wait_ready nginx "$STUB$PATH_CHAT" "$NGINX_PID" 20
    NGINX_WORKERS=$(ps -o pid= --ppid "$NGINX_PID" | tr -d ' ' | tr '\n' ' '); PID[direct]=$NGINX_WORKERS
  fi
  for tg in $TARGETS; do [ "$tg" = direct ] && continue; kill -0 "${PID[$tg]}" 2>/dev/null || die "the $tg JVM is gone (see $RUN/$tg.log)"; done
}
wrk_run() { # round target mode(sat|c1|warm) duration
  local round=$1 target=$2 mode=$3 dur=$4 out t c extra=() before after b0 b1 w0 w1 u0 u1 t0 t1
  ensure_up
  out=$RUN/wrk-$round-$target-$mode.txt
  if [ "$mode" = c1 ]; then t=1 c=1 extra=(--latency); else t=$THREADS c=$CONNECTIONS; fi
  # shellcheck disable=SC2086
  before=$(pid_ticks ${PID[$target]}); u0=$(pid_ticks $NGINX_WORKERS ${PID[bare]} ${PID[gateway]} ${PID[shadow]:-})
  local j0=0 j1=0
  [ "$target" != direct ] && j0=$(jit_ticks "${PID[$target]}")
  children_ticks; w0=$CHILD_TICKS; b0=$(busy_ticks); t0=$(date +%s%N)
  wrk -t"$t" -c"$c" -d"$dur" --timeout 5s "${extra[@]}" -s "$BENCH/chat.lua" "${URL[$target]}" >"$out" 2>&1 &
  WRK_PID=$!; wait "$WRK_PID" || die "wrk failed: $(tail -3 "$out")"; WRK_PID=
  t1=$(date +%s%N); b1=$(busy_ticks); children_ticks; w1=$CHILD_TICKS
  # shellcheck disable=SC2086
  after=$(pid_ticks ${PID[$target]}); u1=$(pid_ticks $NGINX_WORKERS ${PID[bare]} ${PID[gateway]} ${PID[shadow]:-})
  [ "$target" != direct ] && j1=$(jit_ticks "${PID[$target]}")
  [ "$mode" = warm ] && { WARM_RPS=$(awk '/^BENCH / {for (i = 2; i <= NF; i++) if ($i ~ /^rps=/) {sub(/rps=/, "", $i); print int($i)}}' "$out"); return 0; }
  local line non2xx other
  line=$(grep '^BENCH ' "$out") || die "no BENCH line in $out"
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out"); non2xx=${non2xx:-0}
  # CPU used by everything else on the machine during the run, as a share of all cores
  other=$(awk -v b=$((b1 - b0)) -v o=$((u1 - u0 + w1 - w0)) -v ns=$((t1 - t0)) -v hz="$HZ" -v n="$NCPU" \
    'BEGIN {x = 100 * (b - o) / (ns / 1e9 * hz * n); if (x < 0) x = 0; printf "%.0f", x}')
  awk -v line="$line" -v r="$round" -v tg="$target" -v m="$mode" -v n2="$non2xx" -v oth="$other" \
      -v cpu=$((after - before)) -v jit=$((j1 - j0)) -v hz="$HZ" 'BEGIN {
    n = split(line, kv, " "); for (i = 2; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
    errs = v["err_connect"] + v["err_read"] + v["err_write"] + v["err_timeout"]
    cpk = v["requests"] > 0 ? cpu * 1000 / hz / v["requests"] * 1000 : 0
    jp = (tg != "direct" && cpu > 0) ? sprintf("%.0f", 100 * jit / cpu) : "-"
    printf "%s\t%s\t%s\t%.0f\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%s\t%s\n", r, tg, m, v["rps"], v["p50_us"], v["p99_us"],
      v["max_us"], v["requests"], n2, errs, cpk, oth, jp }' >> "$TSV"
  tail -1 "$TSV" | awk -F'\t' '{printf "  %-8s %-4s %7s req/s  p50 %5s us  p99 %6s us  cpu/1k %6s ms (JIT %s%%)  non2xx %s  errors %s  others %s%%\n", $2, $3, $4, $5, $6, $11, $13, $9, $10, $12}' >&2
  [ "$non2xx" = 0 ] || log "WARNING: $target answered $non2xx non-2xx responses in round $round ($mode)"
}
warm_up() { # target: WARMUP saturated, then 10 s chunks until throughput moves less than 10% (at most 6)
  local prev i
  wrk_run 0 "$1" warm "$WARMUP"; prev=$WARM_RPS
  for i in 1 2 3 4 5 6; do
    wrk_run 0 "$1" warm 10s
    log "  warm-up $1: $prev -> $WARM_RPS req/s"
    awk -v a="$prev" -v b="$WARM_RPS" 'BEGIN {exit !(a > 0 && b / a < 1.1 && b / a > 0.9)}' && break
    prev=$WARM_RPS
  done
  wrk_run 0 "$1" c1 5s
}

UPTIME_START=$(uptime)
log "load at start: $UPTIME_START"
log "warm-up: direct 5s, bare and gateway $WARMUP saturated (+10 s until stable) + 5s at concurrency 1"
wrk_run 0 direct warm 5s
for tg in $TARGETS; do [ "$tg" = direct ] || warm_up "$tg"; done
sed -i '/^0\t/d' "$TSV"

LOADS=()
for r in $(seq 1 "$ROUNDS"); do
  wait_quiet
  LOADS+=("round $r: load $(cut -d' ' -f1-3 /proc/loadavg), CPU pressure (avg10) $(cpu_pressure)%")
  log "round $r/$ROUNDS (load $(cut -d' ' -f1-3 /proc/loadavg), CPU pressure $(cpu_pressure)%)"
  for tg in $TARGETS; do wrk_run "$r" "$tg" sat "$DURATION"; done
  for tg in $TARGETS; do wrk_run "$r" "$tg" c1 "$DURATION"; done
done
UPTIME_END=$(uptime)

SHADOW_COUNTS=n/a
if [ "$SHADOW" = 1 ]; then
  SHADOW_COUNTS=$(curl -s "http://127.0.0.1:$SHADOW_MGMT_PORT/actuator/prometheus" | awk '
    /^gateway_shadow_decisions_total/ {n += $NF} /^gateway_shadow_dropped_total/ {d += $NF}
    END {printf "%d / %d", n, d}')
fi
rss_kb() { ps -o rss= -p "$1" | tr -d ' '; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
GW_RSS=$(rss_kb "$GATEWAY_PID"); GW_HWM=$(hwm_kb "$GATEWAY_PID")
BARE_RSS=$(rss_kb "$BARE_PID"); BARE_HWM=$(hwm_kb "$BARE_PID")
NGINX_RSS=$(ps -o rss= --ppid "$NGINX_PID" | awk '{s += $1} END {print s + 0}')
jcmd "$GATEWAY_PID" GC.heap_info > "$RUN/gateway-heap.txt" 2>&1 || true
case "$JVM_OPTS" in *NativeMemoryTracking*) jcmd "$GATEWAY_PID" VM.native_memory summary > "$RUN/gateway-nmt.txt" 2>&1 || true ;; esac
# after the RSS reading: a class histogram forces a full GC
jcmd "$GATEWAY_PID" GC.class_histogram > "$RUN/gateway-histogram.txt" 2>&1 || true

# ---------------------------------------------------------------- profile (after the measurements; JFR perturbs)
PROFILE_MD=
if [ "$PROFILE" = 1 ]; then
  log "profiling the gateway: JFR (settings=profile) over $PROFILE_SECONDS s of saturated load"
  # Starting JFR instruments JDK I/O classes, which deoptimises code that inlined them: load it for 20 s
  # first so that the recompilation is over, then keep only the last PROFILE_SECONDS.
  jcmd "$GATEWAY_PID" JFR.start name=bench settings=profile >"$RUN/jfr-start.txt" 2>&1 \
    || die "JFR.start: $(cat "$RUN/jfr-start.txt")"
  wrk_run P gateway warm 20s
  thread_ticks "$GATEWAY_PID" > "$RUN/threads-before.txt"
  wrk_run P gateway warm "${PROFILE_SECONDS}s"
  thread_ticks "$GATEWAY_PID" > "$RUN/threads-after.txt"
  jcmd "$GATEWAY_PID" JFR.dump name=bench begin=-$((PROFILE_SECONDS + 1))s filename="$RUN/gateway.jfr" >"$RUN/jfr-dump.txt" 2>&1 \
    && [ -s "$RUN/gateway.jfr" ] || { log "JFR.dump with begin= failed ($(tr '\n' ' ' < "$RUN/jfr-dump.txt")); dumping it all";
      jcmd "$GATEWAY_PID" JFR.dump name=bench filename="$RUN/gateway.jfr" >>"$RUN/jfr-dump.txt" 2>&1 || die "JFR.dump"; }
  jcmd "$GATEWAY_PID" JFR.stop name=bench >/dev/null 2>&1 || true
  jfr print --stack-depth 64 --events jdk.ExecutionSample "$RUN/gateway.jfr" > "$RUN/gateway-samples.txt"
  jfr summary "$RUN/gateway.jfr" > "$RUN/gateway-jfr-summary.txt" || true
  jfr print --events jdk.GarbageCollection "$RUN/gateway.jfr" > "$RUN/gateway-gc.txt" || true
  PROFILE_MD=$RUN/profile.md
  {
    echo "CPU time of the gateway's threads during the recording (from \`/proc/PID/task/*/stat\`; digits in names replaced by N):"
    echo
    echo "| thread | CPU s | share of the JVM's CPU |"
    echo "|---|---|---|"
    awk -v hz="$HZ" 'NR == FNR {b[$1] = $2; next} {d[$1] = $2 - b[$1]} END {for (k in d) t += d[k];
        for (k in d) if (d[k] > 0) printf "%d\t| `%s` | %.2f | %.1f%% |\n", d[k], k, d[k] / hz, 100 * d[k] / t}' \
      "$RUN/threads-before.txt" "$RUN/threads-after.txt" | sort -rn | cut -f2- | head -15
    echo
    awk -f "$BENCH/profile.awk" "$RUN/gateway-samples.txt"
  } > "$PROFILE_MD"
  awk '/sumOfPauses/ {n++; v = $3; u = $4; if (u ~ /^s/) v *= 1000; else if (u ~ /^us/) v /= 1000; s += v}
       END {printf "\nGC during the recording: %d collections, %.1f ms of pauses in total.\n", n, s}' \
       "$RUN/gateway-gc.txt" >> "$PROFILE_MD"
fi

# ---------------------------------------------------------------- RESULTS.md
median() { sort -n | awk '{a[NR] = $1} END {if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v t="$1" -v m="$2" -v c="$3" 'NR > 1 && $2 == t && $3 == m {print $c}' "$TSV"; }
# per-round derived figures: ratio gateway/bare, added latency (target minus direct) at concurrency 1
per_round() { # expr over rows of one round -> values
  awk -F'\t' -v what="$1" 'NR > 1 {k = $1 SUBSEP $2 SUBSEP $3; v4[k] = $4; v5[k] = $5; v6[k] = $6; r[$1] = 1}
    END {for (i in r) {
      if (what == "ratio") print v4[i SUBSEP "gateway" SUBSEP "sat"] / v4[i SUBSEP "bare" SUBSEP "sat"]
      if (what == "gw50") print v5[i SUBSEP "gateway" SUBSEP "c1"] - v5[i SUBSEP "direct" SUBSEP "c1"]
      if (what == "gw99") print v6[i SUBSEP "gateway" SUBSEP "c1"] - v6[i SUBSEP "direct" SUBSEP "c1"]
      if (what == "bare50") print v5[i SUBSEP "bare" SUBSEP "c1"] - v5[i SUBSEP "direct" SUBSEP "c1"]
      if (what == "bare99") print v6[i SUBSEP "bare" SUBSEP "c1"] - v6[i SUBSEP "direct" SUBSEP "c1"]
      if (what == "gwbare50") print v5[i SUBSEP "gateway" SUBSEP "c1"] - v5[i SUBSEP "bare" SUBSEP "c1"]
      if (what == "shadow50") print v5[i SUBSEP "shadow" SUBSEP "c1"] - v5[i SUBSEP "gateway" SUBSEP "c1"]
      if (what == "shadow99") print v6[i SUBSEP "shadow" SUBSEP "c1"] - v6[i SUBSEP "gateway" SUBSEP "c1"]
      if (what == "shadowsat") print v4[i SUBSEP "shadow" SUBSEP "sat"] / v4[i SUBSEP "gateway" SUBSEP "sat"]
    }}' "$TSV"
}
RATIO=$(per_round ratio | median); GW50=$(per_round gw50 | median); GW99=$(per_round gw99 | median)
BARE50=$(per_round bare50 | median); BARE99=$(per_round bare99 | median); GWBARE50=$(per_round gwbare50 | median)
RPS_DIRECT=$(col direct sat 4 | median); RPS_BARE=$(col bare sat 4 | median); RPS_GW=$(col gateway sat 4 | median)
CPU_BARE=$(col bare sat 11 | median); CPU_GW=$(col gateway sat 11 | median); CPU_NGINX=$(col direct sat 11 | median)
NON2XX=$(awk -F'\t' 'NR > 1 {s += $9 + $10} END {print s + 0}' "$TSV")
verdict() { awk -v v="$1" -v lim="$2" -v op="$3" 'BEGIN {ok = (op == "ge") ? v >= lim : v <= lim; print ok ? "met" : "**not met**"}'; }

MARK='<!-- Everything below this line is hand-written and kept when bench/run.sh rewrites the file. -->'
KEEP=
if [ -f "$RESULTS" ] && grep -qF "$MARK" "$RESULTS"; then KEEP=$(sed -n "/^${MARK//\//\\/}\$/,\$p" "$RESULTS" | tail -n +2); fi

{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); gateway built from $([ "$GATEWAY_SOURCE" = head ] && echo "HEAD," || echo "the working tree at") commit \`$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')\`$( [ "$GATEWAY_SOURCE" != head ] && (cd "$ROOT" && [ -n "$(git status --porcelain -- gateway-service 2>/dev/null)" ]) && echo ' (with uncommitted changes in gateway-service)')."
  echo
  echo "## Set-up"
  echo
  echo "- Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -m | awk '/Mem:/ {print $2}') MB RAM; $(java -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(nginx -v 2>&1 | cut -d' ' -f3)."
  echo "- Shared machine, other work running. Load (\`uptime\`) at start: \`$UPTIME_START\`; at end: \`$UPTIME_END\`. Before each round: $(IFS=';'; echo "${LOADS[*]}" | sed 's/;/; /g')."
  echo "- Stub upstream: nginx (1 worker) answering POST $PATH_CHAT with a canned chat completion (\`bench/stub/\`), keep-alive."
  echo "- Bare route: \`bench/bare-scg\` (Spring Boot 4.0.7, Spring Cloud 2025.1.4, \`spring-cloud-starter-gateway-server-webflux\`), one route \`Path=/v1/**\` to the stub, defaults otherwise."
  echo "- Gateway: \`gateway-service.jar\` with a copy of \`policies/default.yaml\` (both targets' URLs pointed at the stub, a dummy hosted API key; quota and budget limits raised out of reach so their checks run but never trip); one API key; \`--logging.level.gateway.request=WARN\`; the audit log (one JSON line per request, async appender) written to \`bench/target/run/audit.jsonl\`. The public prompt is routed to \`hosted\` and the body's model rewritten to o3-mini (first response's headers: \`$(grep -i '^x-' "$RUN/gateway-headers.txt" | tr -d '\r' | tr '\n' ' ' | sed 's/ $//')\`)."
  echo "- JVM flags, both JVMs: \`$JVM_OPTS\`. Only one load generator runs at a time; nginx, wrk and the JVM under test share the $(nproc) cores."
  echo "- Warm-up: each JVM ${WARMUP} saturated (then 10 s more at a time, up to 6 times, until throughput moved by less than 10%) + 5 s at concurrency 1 before any measurement. Then $ROUNDS rounds, each: saturated (\`wrk -t$THREADS -c$CONNECTIONS -d$DURATION\`) direct, bare, gateway; then concurrency 1 (\`wrk -t1 -c1 -d$DURATION --latency\`) direct, bare, gateway. Figures below are medians over rounds; added latency is computed per round (target minus direct nginx in the same round), then the median taken."
  echo "- Request: \`$BODY\` with \`Authorization: Bearer ...\` (\`bench/chat.lua\`)."
  echo
  echo "## Summary"
  echo
  echo "| Measure | Value | Goal | |"
  echo "|---|---|---|---|"
  echo "| Saturated throughput, direct nginx | $RPS_DIRECT req/s | | |"
  echo "| Saturated throughput, bare SCG route | $RPS_BARE req/s | | |"
  echo "| Saturated throughput, gateway | $RPS_GW req/s | | |"
  echo "| Gateway / bare route throughput | $(awk -v r="$RATIO" 'BEGIN {printf "%.0f%%", r * 100}') | >= 70% | $(verdict "$RATIO" 0.70 ge) |"
  echo "| Added latency p50 at concurrency 1, gateway | $(awk -v v="$GW50" 'BEGIN {printf "%.3f ms", v / 1000}') | <= 0.25 ms | $(verdict "$GW50" 250 le) |"
  echo "| Added latency p99 at concurrency 1, gateway | $(awk -v v="$GW99" 'BEGIN {printf "%.3f ms", v / 1000}') | <= 1.5 ms | $(verdict "$GW99" 1500 le) |"
  echo "| Gateway RSS after the run | $((GW_RSS / 1024)) MB (peak $((GW_HWM / 1024)) MB) | <= 300 MB | $(verdict "$((GW_RSS / 1024))" 300 le) |"
  echo "| For reference: bare route added p50 / p99 | $(awk -v a="$BARE50" -v b="$BARE99" 'BEGIN {printf "%.3f / %.3f ms", a / 1000, b / 1000}') | | |"
  echo "| For reference: gateway minus bare route, p50 | $(awk -v a="$GWBARE50" 'BEGIN {printf "%.3f ms", a / 1000}') | | |"
  echo "| For reference: bare route RSS after the run | $((BARE_RSS / 1024)) MB (peak $((BARE_HWM / 1024)) MB) | | |"
  echo "| JVM CPU per 1,000 requests, saturated: bare / gateway | $CPU_BARE / $CPU_GW ms (nginx: $CPU_NGINX ms) | | |"
  if [ "$SHADOW" = 1 ]; then
    echo "| Shadow: gateway with a candidate in shadow minus gateway, p50 / p99 at concurrency 1 | $(per_round shadow50 | median | awk '{printf "%.3f", $1 / 1000}') / $(per_round shadow99 | median | awk '{printf "%.3f", $1 / 1000}') ms | no measurable difference | |"
    echo "| Shadow: throughput with / without the candidate, saturated | $(per_round shadowsat | median | awk '{printf "%.0f%%", $1 * 100}') | | |"
    echo "| Shadow: JVM CPU per 1,000 requests, saturated | $(col shadow sat 11 | median) ms (gateway: $CPU_GW ms) | | |"
    echo "| Shadow: comparisons made / dropped (queue full) | $SHADOW_COUNTS | | |"
  fi
  echo
  if [ "$STUB_RESTARTS" != 0 ]; then echo "**The nginx stub was stopped from outside $STUB_RESTARTS time(s) during the run and restarted.**"; echo; fi
  if [ "$NON2XX" != 0 ]; then echo "**Warning: $NON2XX non-2xx responses or socket errors during measurements; see the table.**"; echo; fi
  echo "CPU per request is the JVM's own user+system CPU time (from \`/proc/PID/stat\`, all its threads, JIT and GC included) divided by requests served during the saturated runs; it is less sensitive to the other work on the machine than req/s. \"Other processes' CPU\" is the share of both cores used by anything but nginx, the two JVMs and wrk during a measurement (from \`/proc/stat\`): the higher it is, the less a figure says about the gateway. Before each round the script waited (up to ${QUIET_WAIT} s) for CPU pressure below ${QUIET_PSI}%."
  echo
  echo "## Every measurement"
  echo
  echo "| Round | Target | Mode | req/s | p50 µs | p99 µs | max µs | requests | non-2xx | socket errors | CPU ms per 1k req (JVM, or nginx worker) | of which JIT compiler threads | other processes' CPU % |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' 'NR > 1 {printf "| %s |\n", $1 " | " $2 " | " ($3 == "sat" ? "saturated" : "concurrency 1") " | " $4 " | " $5 " | " $6 " | " $7 " | " $8 " | " $9 " | " $10 " | " $11 " | " ($13 == "-" ? "-" : $13 "%") " | " $12}' "$TSV"
  echo
  echo "Gateway heap after the run (\`jcmd GC.heap_info\`):"
  echo
  echo '```'
  cat "$RUN/gateway-heap.txt"
  echo '```'
  echo
  echo "Largest classes on the gateway's heap after the run (\`jcmd GC.class_histogram\`, live objects after a full GC):"
  echo
  echo '```'
  head -18 "$RUN/gateway-histogram.txt" | tail -n +2
  echo '```'
  if [ -s "$RUN/gateway-nmt.txt" ]; then
    echo
    echo "Gateway native memory (\`jcmd VM.native_memory summary\`, committed):"
    echo
    echo '```'
    grep -E '^(Total|-  *[A-Za-z ]+ \()' "$RUN/gateway-nmt.txt" | sed -E 's/reserved=[0-9]+KB, //'
    echo '```'
  fi
  if [ -n "$PROFILE_MD" ]; then
    echo
    echo "## Profile of the gateway under saturated load (JFR)"
    echo
    echo "JFR \`settings=profile\`, the last $PROFILE_SECONDS s of $((PROFILE_SECONDS + 20)) s of \`wrk -t$THREADS -c$CONNECTIONS\` against the gateway, after the measurements above (the first 20 s let the JIT recompile what starting JFR deoptimised). \`jdk.ExecutionSample\` only samples threads running Java code (not time in the kernel or in nginx/wrk). Recording is not free: the JIT compiler threads, at 0-2% of the JVM's CPU in the measured runs (column above), take about a quarter of it while JFR records, so read the shares below as relative costs."
    echo
    cat "$PROFILE_MD"
  fi
  echo
  echo "$MARK"
  if [ -n "$KEEP" ]; then printf '%s\n' "$KEEP"; fi
} > "$RESULTS"
log "wrote $RESULTS"
awk '/^## Summary/,/^CPU per request/' "$RESULTS" >&2
exit 0
}
