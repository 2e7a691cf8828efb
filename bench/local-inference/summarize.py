#!/usr/bin/env python3
"""Bench results (JSON lines from run.sh) as a Markdown table: Java engine vs Python loop, best of the rounds
(the least-disturbed run on a shared machine) and the median."""
import json, statistics, sys
from collections import defaultdict

rows = defaultdict(list)
for line in open(sys.argv[1] if len(sys.argv) > 1 else "bench/local-inference/results.jsonl"):
    if line.startswith("{"):
        r = json.loads(line)
        rows[(r["bench"], r.get("sequences", r.get("batch", 0)), r["impl"])].append(r)

def stat(impl, bench, n, field, best):
    vals = [r[field] for r in rows.get((bench, n, impl), [])]
    if not vals:
        return float("nan")
    return best(vals) if best else statistics.median(vals)

print("| measure | Java best | Python best | Java/Python (best) | Java median | Python median |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
def line(label, bench, n, field, best, fmt):
    jb, pb = stat("java", bench, n, field, best), stat("python", bench, n, field, best)
    jm, pm = stat("java", bench, n, field, None), stat("python", bench, n, field, None)
    print(f"| {label} | {jb:{fmt}} | {pb:{fmt}} | {jb / pb:.2f} | {jm:{fmt}} | {pm:{fmt}} |")
for n in (1, 4, 16):
    line(f"decode tokens/s, {n} sequence{'s' if n > 1 else ''}", "decode", n, "tokens_per_s", max, ".0f")
for n in (1, 4, 16):
    line(f"mean time to first token, {n} concurrent (ms)", "decode", n, "mean_ttft_ms", min, ".2f")
for b in (1, 16):
    line(f"MiniLM embeddings/s, batch {b}", "embeddings", b, "embeddings_per_s", max, ".0f")
line("process RSS at the end (MB)", "rss", 0, "rss_mb", min, ".0f")
for impl in ("java", "python"):
    one = stat(impl, "decode", 1, "tokens_per_s", max)
    print(f"\n{impl}: batched decode vs 1 sequence (best): "
          + ", ".join(f"{n} seqs x{stat(impl, 'decode', n, 'tokens_per_s', max) / one:.1f}" for n in (4, 16)))
