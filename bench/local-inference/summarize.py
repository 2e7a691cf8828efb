#!/usr/bin/env python3
"""Medians of bench results (JSON lines from run.sh) as a Markdown table: Java engine vs Python loop."""
import json, statistics, sys
from collections import defaultdict

rows = defaultdict(list)
for line in open(sys.argv[1] if len(sys.argv) > 1 else "bench/local-inference/results.jsonl"):
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    key = (r["bench"], r.get("sequences", r.get("batch", 0)))
    rows[(key, r["impl"])].append(r)

def med(impl, key, field):
    vals = [r[field] for r in rows.get((key, impl), [])]
    return statistics.median(vals) if vals else float("nan")

print("| measure | Java engine | Python loop | Java / Python |")
print("| --- | ---: | ---: | ---: |")
for n in (1, 4, 16):
    key = ("decode", n)
    j, p = med("java", key, "tokens_per_s"), med("python", key, "tokens_per_s")
    print(f"| decode tokens/s, {n} sequence{'s' if n > 1 else ''} | {j:.0f} | {p:.0f} | {j / p:.2f} |")
for n in (1, 4, 16):
    key = ("decode", n)
    j, p = med("java", key, "mean_ttft_ms"), med("python", key, "mean_ttft_ms")
    print(f"| mean time to first token, {n} concurrent (ms) | {j:.2f} | {p:.2f} | {j / p:.2f} |")
for b in (1, 16):
    key = ("embeddings", b)
    j, p = med("java", key, "embeddings_per_s"), med("python", key, "embeddings_per_s")
    print(f"| MiniLM embeddings/s, batch {b} | {j:.0f} | {p:.0f} | {j / p:.2f} |")
j, p = med("java", ("rss", 0), "rss_mb"), med("python", ("rss", 0), "rss_mb")
print(f"| process RSS at the end (MB) | {j:.0f} | {p:.0f} | {j / p:.2f} |")
for impl in ("java", "python"):
    one = med(impl, ("decode", 1), "tokens_per_s")
    print(f"\n{impl}: batching speed-up over 1 sequence: "
          + ", ".join(f"{n} seqs x{med(impl, ('decode', n), 'tokens_per_s') / one:.1f}" for n in (4, 16)))
