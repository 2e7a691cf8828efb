#!/usr/bin/env python3
"""The Python onnxruntime loop the Java engine is compared with: same models, same prompts, same work.

Decode: each sequence is prefilled alone, then all N decode together in one batch with left padding and an
attention mask (what the Java engine does), greedy, EOS ignored, NEW_TOKENS per sequence. Embeddings: MiniLM,
mean pooling + L2 norm, batches of 1 and 16.  Usage: bench_python.py MODEL_DIR EMBEDDING_DIR THREADS NEW_TOKENS
"""
import json, os, resource, sys, time
import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

model_dir, emb_dir, threads, new_tokens = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
opts = ort.SessionOptions()
opts.intra_op_num_threads = threads
opts.inter_op_num_threads = 1
opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
sess = ort.InferenceSession(os.path.join(model_dir, "model.onnx"), opts, providers=["CPUExecutionProvider"])
tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
past_names = [i.name for i in sess.get_inputs() if i.name.startswith("past_key_values.")]
kv_heads, head_dim = sess.get_inputs()[3].shape[1], sess.get_inputs()[3].shape[3]
prompts = ["<s><|user|>\nHello, how are you today?<|end|>\n<|assistant|>\n", "The gateway keeps",
           "Translate to German: good morning.", "Budgets and quotas are enforced per team."]


def prefill(ids):
    feed = {"input_ids": np.array([ids], np.int64), "attention_mask": np.ones((1, len(ids)), np.int64),
            "position_ids": np.arange(len(ids), dtype=np.int64)[None]}
    for n in past_names:
        feed[n] = np.zeros((1, kv_heads, 0, head_dim), np.float32)
    out = sess.run(None, feed)
    return int(np.argmax(out[0][0, -1])), out[1:]


def run(n):
    start = time.perf_counter()
    seqs, ttft = [], []
    for i in range(n):
        ids = tok.encode(prompts[i % len(prompts)]).ids
        first, cache = prefill(ids)
        ttft.append(time.perf_counter() - start)
        seqs.append({"len": len(ids), "last": first, "cache": cache})
    # pack the caches right-aligned into one batch (left padding), then decode together
    total = max(s["len"] for s in seqs)
    past = []
    for k in range(len(past_names)):
        batch = np.zeros((n, kv_heads, total, head_dim), np.float32)
        for r, s in enumerate(seqs):
            batch[r, :, total - s["len"]:, :] = s["cache"][k][0]
        past.append(batch)
    valid = np.array([s["len"] for s in seqs], np.int64)
    last = np.array([[s["last"]] for s in seqs], np.int64)
    tokens = n
    steps = 0
    for _ in range(new_tokens - 1):
        length = past[0].shape[2]
        mask = np.zeros((n, length + 1), np.int64)
        for r in range(n):
            mask[r, length - valid[r]:] = 1
        feed = {"input_ids": last, "attention_mask": mask, "position_ids": valid[:, None].copy()}
        feed.update(zip(past_names, past))
        out = sess.run(None, feed)
        last = np.argmax(out[0][:, -1, :], axis=-1).astype(np.int64)[:, None]
        past = out[1:]
        valid += 1
        tokens += n
        steps += 1
    wall = time.perf_counter() - start
    return {"impl": "python", "bench": "decode", "sequences": n, "new_tokens": new_tokens,
            "tokens_per_s": tokens / wall, "mean_ttft_ms": 1000 * sum(ttft) / n, "mean_batch": n, "wall_s": wall}


def repeat(n, seconds):
    runs = []
    while sum(r["wall_s"] for r in runs) < seconds:
        runs.append(run(n))
    wall = sum(r["wall_s"] for r in runs)
    tokens = sum(r["tokens_per_s"] * r["wall_s"] for r in runs)
    return {**runs[0], "tokens_per_s": round(tokens / wall, 1), "wall_s": round(wall, 3),
            "mean_ttft_ms": round(sum(r["mean_ttft_ms"] for r in runs) / len(runs), 2), "runs": len(runs)}


for n in (1, 4, 16):
    repeat(n, 1.0)
    print(json.dumps(repeat(n, 2.0)), flush=True)

etok = Tokenizer.from_file(os.path.join(emb_dir, "all-minilm-l6-v2-tokenizer.json"))
etok.no_truncation()
esess = ort.InferenceSession(os.path.join(emb_dir, "all-minilm-l6-v2.onnx"), opts, providers=["CPUExecutionProvider"])
texts = ["The cat sits on the mat.", "Quarterly revenue grew by ten percent.", "The merger terms are confidential.",
         "Employees must not share customer data outside the company."]
for batch in (1, 16):
    inputs = [texts[i % len(texts)] for i in range(batch)]
    etok.enable_padding()
    def embed():
        enc = etok.encode_batch(inputs)
        ids = np.array([e.ids for e in enc], np.int64)
        mask = np.array([e.attention_mask for e in enc], np.int64)
        h = esess.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        m = mask[:, :, None].astype(np.float32)
        v = (h * m).sum(1) / m.sum(1)
        return v / np.linalg.norm(v, axis=1, keepdims=True)
    for _ in range(20):
        embed()
    start, done = time.perf_counter(), 0
    while time.perf_counter() - start < 2.0:
        embed()
        done += batch
    print(json.dumps({"impl": "python", "bench": "embeddings", "batch": batch,
                      "embeddings_per_s": round(done / (time.perf_counter() - start), 1)}), flush=True)
print(json.dumps({"impl": "python", "bench": "rss",
                  "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
