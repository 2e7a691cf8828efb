#!/usr/bin/env python3
"""End-to-end figures through the HTTP server with the official openai client: N concurrent streamed chat
requests (N = 1, 4, 16), time to first streamed token and aggregate completion tokens/s.
Usage: bench_http.py BASE_URL [SECONDS_PER_LEVEL]"""
import json, sys, threading, time
from openai import OpenAI

base = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
client = OpenAI(base_url=base, api_key="unused", max_retries=0)
prompts = ["Hello, how are you today?", "Write a short poem about the sea.", "What is the capital of France?",
           "Summarise the quarterly report for the legal team."]


def one(i, out):
    start = time.perf_counter()
    first = None
    tokens = 0
    stream = client.chat.completions.create(model="gpt-oss-20b", max_tokens=128, stream=True,
                                            stream_options={"include_usage": True}, temperature=0,
                                            messages=[{"role": "user", "content": prompts[i % len(prompts)]}])
    for chunk in stream:
        if first is None and chunk.choices and chunk.choices[0].delta.content:
            first = time.perf_counter() - start
        if chunk.usage:
            tokens = chunk.usage.completion_tokens
    out.append((first if first is not None else time.perf_counter() - start, tokens))


for n in (1, 4, 16):
    results, wall, rounds = [], 0.0, 0
    while wall < seconds:
        batch = []
        threads = [threading.Thread(target=one, args=(i, batch)) for i in range(n)]
        t = time.perf_counter()
        for th in threads: th.start()
        for th in threads: th.join()
        wall += time.perf_counter() - t
        results += batch
        rounds += 1
    print(json.dumps({"impl": "java-http", "bench": "http", "sequences": n, "requests": len(results),
                      "tokens_per_s": round(sum(r[1] for r in results) / wall, 1),
                      "mean_ttft_ms": round(1000 * sum(r[0] for r in results) / len(results), 2),
                      "mean_completion_tokens": round(sum(r[1] for r in results) / len(results), 1)}), flush=True)
