# Summarises `jfr print --stack-depth 64 --events jdk.ExecutionSample` output as Markdown:
# threads sampled, top self frames, and inclusive shares of the gateway's classes and of libraries.
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function frame(s) { s = trim(s); sub(/[ \t]+line:.*$/, "", s); sub(/\(.*$/, "", s); return s }
function cls(f) { sub(/\.[^.]+$/, "", f); return f }
function lib(f,   g) {
  if (f ~ /^io\.sovereign\./) return "gateway code (io.sovereign.*)"
  if (f ~ /^tools\.jackson\.|^com\.fasterxml\.jackson\./) return "Jackson"
  if (f ~ /^io\.netty\./) return "Netty"
  if (f ~ /^reactor\.netty\./) return "Reactor Netty"
  if (f ~ /^reactor\./) return "Reactor core"
  if (f ~ /^org\.springframework\.security\./) return "Spring Security"
  if (f ~ /^org\.springframework\.cloud\.gateway\./) return "Spring Cloud Gateway"
  if (f ~ /^org\.springframework\.web\.|^org\.springframework\.http\./) return "Spring Web(Flux)"
  if (f ~ /^io\.micrometer\./) return "Micrometer"
  if (f ~ /^ch\.qos\.logback\.|^org\.slf4j\.|^org\.apache\.logging\./) return "logging"
  if (f ~ /^java\.util\.regex\./) return "java.util.regex"
  if (f ~ /^sun\.security\.|^java\.security\./) return "JDK security (digests)"
  if (f ~ /^java\.|^jdk\.|^sun\./) return "other JDK"
  if (f ~ /^org\.springframework\./) return "other Spring"
  return "other"
}
/^jdk\.ExecutionSample/ { thread = "" }
/sampledThread = / { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); gsub(/[0-9]+$/, "N", t); thread = t }
/stackTrace = \[/ { instack = 1; depth = 0; total++; threads[thread]++; delete seen; delete seenc; delete seenl; attributed = 0; next }
instack && /^[ \t]*\]/ { instack = 0; next }
instack {
  if ($0 ~ /^[ \t]*\.\.\.[ \t]*$/) next
  f = frame($0)
  if (depth == 0) { self[f]++; selflib[lib(f)]++ }
  if (!attributed && f !~ /^(java|jdk|sun)\./) { attributed = 1; caller[f]++ }
  if (!(f in seen)) { seen[f] = 1; incl[f]++ }
  c = cls(f)
  if (c ~ /^io\.sovereign\./ && !(c in seenc)) { seenc[c] = 1; ours[c]++ }
  l = lib(f)
  if (!(l in seenl)) { seenl[l] = 1; libincl[l]++ }
  depth++
}
function top(arr, n, title, head,   k, i, j, keys, m, tmp) {
  m = 0
  for (k in arr) keys[++m] = k
  for (i = 2; i <= m; i++) { tmp = keys[i]; j = i - 1; while (j > 0 && arr[keys[j]] < arr[tmp]) { keys[j + 1] = keys[j]; j-- } keys[j + 1] = tmp }
  printf "%s\n\n| %s | samples | share |\n|---|---|---|\n", title, head
  for (i = 1; i <= m && i <= n; i++) printf "| `%s` | %d | %.1f%% |\n", keys[i], arr[keys[i]], 100 * arr[keys[i]] / total
  print ""
}
END {
  if (total == 0) { print "No execution samples recorded."; exit }
  printf "%d execution samples.\n\n", total
  top(threads, 10, "Samples by thread (digits replaced by N):", "thread")
  top(selflib, 20, "Self time (top frame) by library:", "library")
  top(libincl, 20, "Inclusive: share of samples with a frame of the library anywhere on the stack:", "library")
  top(ours, 25, "Inclusive: share of samples with the gateway class on the stack:", "class")
  top(self, 30, "Top 30 self frames (the method running when sampled):", "frame")
  top(caller, 30, "Top 30 frames by self time with JDK frames charged to their nearest non-JDK caller:", "frame")
}
