#!/usr/bin/env python3
"""Generate models/tiny-gpt-oss/ and models/tiny-gpt-oss-fp16/: tiny decoders with gpt-oss's architecture and
the onnxruntime-genai model builder's I/O, deterministic from SEED, plus reference.json with greedy outputs
from a Python onnxruntime decode loop (one row at a time) that the Java engine must reproduce token for token,
alone and batched.

What is the same as the builder's gpt-oss export (onnxruntime/gpt-oss-20b-onnx):
- inputs input_ids [batch, seq] int64, attention_mask [batch, total] int64, past_key_values.N.key|value
  [batch, kv_heads, past, head_dim]; outputs logits [batch, seq, 201088], present.N.key|value; no position_ids;
- one com.microsoft GroupQueryAttention per layer, rotary inside (do_rotary=1, cos/sin caches), a head_sink
  input (attention sinks), local_window_size on even layers (-1 on odd ones); seqlens_k = sum(mask) - 1 and
  total_sequence_length = mask width, computed in the graph as the builder does, so each row's tokens must sit
  at [0, seqlens_k) (prefix-aligned; left padding gives wrong positions and wrong attention);
- q/k/v/o projections with biases, RMSNorm, a router with top-k routing and softmax over the chosen experts,
  experts with gpt-oss's clamped SwiGLU (alpha 1.702, limit 7, (up + 1) * glu), biases on every expert.
What differs, to keep the committed file small (the vocabulary alone would be 201,088 x hidden weights):
- the embedding and the LM head are factorised: token v's vector is A[v % 1024] + B[v // 1024] and its logit
  h.A2[v % 1024] + h.B2[v // 1024], computed in the graph; every id in the real vocabulary has its own logit;
- the experts run as plain ONNX ops (all experts computed, weighted by the scattered top-k weights) instead of
  the contrib MoE/QMoE op with MatMulNBits int4 weights, which the CPU provider runs differently per version;
- no YaRN rope scaling: plain rope with theta 150000.
The fp16 variant has fp16 weights, activations, KV cache and logits (CPU GQA takes fp32 or fp16); the bf16-logits
variant is the fp32 model whose logits are cast to bfloat16, so the Java side proves it reads bf16 logits.

Usage: pip install onnx onnxruntime numpy && python make_tiny_gpt_oss.py
"""
import json, os, sys
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "models")
SEED = 20261201
VOCAB, LOW = 201088, 1024
HIGH = (VOCAB + LOW - 1) // LOW
HIDDEN, LAYERS, HEADS, KV_HEADS, HEAD_DIM = 48, 4, 4, 2, 16   # CPU GQA needs head_dim % 16 == 0
EXPERTS, TOP_K, INTER, WINDOW, MAX_POS = 4, 2, 32, 16, 4096   # 4k: the GPU bench decodes at 1k and 4k
THETA, EPS, ALPHA, LIMIT = 150000.0, 1e-5, 1.702, 7.0
RETURN, CALL, END = 200002, 200012, 199999           # <|return|>, <|call|>, <|endoftext|>


def weights():
    rng = np.random.default_rng(SEED)
    w = lambda *s, scale=0.3: (rng.standard_normal(s) * scale).astype(np.float32)
    p = {"A": w(LOW, HIDDEN, scale=1.0), "B": w(HIGH, HIDDEN, scale=1.0), "A2": w(LOW, HIDDEN), "B2": w(HIGH, HIDDEN),
         "norm": (1 + 0.1 * rng.standard_normal(HIDDEN)).astype(np.float32)}
    for i in range(LAYERS):
        p[f"{i}.n1"] = (1 + 0.1 * rng.standard_normal(HIDDEN)).astype(np.float32)
        p[f"{i}.n2"] = (1 + 0.1 * rng.standard_normal(HIDDEN)).astype(np.float32)
        p[f"{i}.q"], p[f"{i}.qb"] = w(HIDDEN, HEADS * HEAD_DIM), w(HEADS * HEAD_DIM, scale=0.1)
        p[f"{i}.k"], p[f"{i}.kb"] = w(HIDDEN, KV_HEADS * HEAD_DIM), w(KV_HEADS * HEAD_DIM, scale=0.1)
        p[f"{i}.v"], p[f"{i}.vb"] = w(HIDDEN, KV_HEADS * HEAD_DIM), w(KV_HEADS * HEAD_DIM, scale=0.1)
        p[f"{i}.o"], p[f"{i}.ob"] = w(HEADS * HEAD_DIM, HIDDEN), w(HIDDEN, scale=0.1)
        p[f"{i}.sink"] = w(HEADS, scale=1.0)
        p[f"{i}.r"], p[f"{i}.rb"] = w(HIDDEN, EXPERTS, scale=1.0), w(EXPERTS, scale=0.1)
        p[f"{i}.g"], p[f"{i}.gb"] = w(HIDDEN, EXPERTS * INTER), w(EXPERTS * INTER, scale=0.1)
        p[f"{i}.u"], p[f"{i}.ub"] = w(HIDDEN, EXPERTS * INTER), w(EXPERTS * INTER, scale=0.1)
        p[f"{i}.d"], p[f"{i}.db"] = w(EXPERTS, INTER, HIDDEN), w(EXPERTS, HIDDEN, scale=0.1)
    return p


def build(p, fp16, bf16_logits, windowed=False):
    dt = TensorProto.FLOAT16 if fp16 else TensorProto.FLOAT
    npdt = np.float16 if fp16 else np.float32
    nodes, inits, count = [], [], [0]

    def const(arr, name=None):
        count[0] += 1
        name = name or f"c{count[0]}"
        arr = np.asarray(arr)
        if arr.dtype == np.float32:
            arr = arr.astype(npdt)
        inits.append(numpy_helper.from_array(arr, name))
        return name

    def op(kind, inputs, outputs=1, domain="", **attrs):
        count[0] += 1
        outs = [f"t{count[0]}_{k}" for k in range(outputs)]
        nodes.append(helper.make_node(kind, inputs, outs, domain=domain, **attrs))
        return outs[0] if outputs == 1 else outs

    def rms(x, wname):
        var = op("ReduceMean", [op("Mul", [x, x])], axes=[-1], keepdims=1)
        return op("Mul", [op("Mul", [x, op("Reciprocal", [op("Sqrt", [op("Add", [var, const(np.array(EPS, np.float32))])])])]),
                          const(p[wname])])

    def linear(x, wname, bname):
        return op("Add", [op("MatMul", [x, const(p[wname])]), const(p[bname])])

    # what the builder derives from the mask: each row's last position and the total length
    seqlens = op("Cast", [op("Sub", [op("ReduceSum", ["attention_mask", const(np.array([1], np.int64))], keepdims=0),
                                     const(np.array(1, np.int64))])], to=TensorProto.INT32)
    total = op("Cast", [op("Gather", [op("Shape", ["attention_mask"]), const(np.array(1, np.int64))], axis=0)],
               to=TensorProto.INT32)
    inv = 1.0 / (THETA ** (np.arange(0, HEAD_DIM, 2, dtype=np.float64) / HEAD_DIM))
    freqs = np.outer(np.arange(MAX_POS, dtype=np.float64), inv)
    cos, sin = const(np.cos(freqs).astype(np.float32), "cos_cache"), const(np.sin(freqs).astype(np.float32), "sin_cache")

    def i64(v): return const(np.array(v, np.int64))

    def rotate(t, heads, pos):
        """Rope at explicit positions [b, s] (non-interleaved halves), as GroupQueryAttention's do_rotary does."""
        t4 = op("Reshape", [t, const(np.array([0, 0, heads, HEAD_DIM], np.int64))])
        c = op("Unsqueeze", [op("Gather", [cos, pos], axis=0), i64([2])])                      # [b, s, 1, D/2]
        s_ = op("Unsqueeze", [op("Gather", [sin, pos], axis=0), i64([2])])
        a = op("Slice", [t4, i64([0]), i64([HEAD_DIM // 2]), i64([3])])
        b = op("Slice", [t4, i64([HEAD_DIM // 2]), i64([HEAD_DIM]), i64([3])])
        out = op("Concat", [op("Sub", [op("Mul", [a, c]), op("Mul", [b, s_])]),
                            op("Add", [op("Mul", [a, s_]), op("Mul", [b, c])])], axis=3)
        return op("Reshape", [out, const(np.array([0, 0, heads * HEAD_DIM], np.int64))])

    def window_attention(i, h):
        """A sliding layer whose cache holds at most WINDOW positions per row, at [0, count): the past input is that
        window (P = its length), so seqlens_k and the rope positions no longer follow from the mask alone. Each row's
        count is min(tokens so far, P); GroupQueryAttention runs on the window with the row's own seqlens and the
        rope is applied before it at the row's true positions; the present keeps each row's last min(P + seq, WINDOW)
        positions, moved to the front."""
        past_len = op("Gather", [op("Shape", [f"past_key_values.{i}.key"]), i64(2)], axis=0)          # P
        seq = op("Gather", [op("Shape", ["input_ids"]), i64(1)], axis=0)
        sums = op("ReduceSum", ["attention_mask", i64([1])], keepdims=0)                               # [b]
        before = op("Sub", [sums, seq])                                           # tokens before this run (<0: padding)
        dropped = op("Max", [op("Sub", [before, past_len]), i64(0)])             # positions the window no longer holds
        last = op("Sub", [op("Sub", [sums, i64(1)]), dropped])                   # each row's last slot in the window
        total_w = op("Add", [past_len, seq])
        start = op("Max", [before, i64(0)])
        pos = op("Add", [op("Unsqueeze", [start, i64([1])]),
                         op("Unsqueeze", [op("Range", [i64(0), seq, i64(1)]), i64([0])])])           # [b, s]
        q = rotate(linear(h, f"{i}.q", f"{i}.qb"), HEADS, pos)
        k = rotate(linear(h, f"{i}.k", f"{i}.kb"), KV_HEADS, pos)
        attn = op("GroupQueryAttention", [q, k, linear(h, f"{i}.v", f"{i}.vb"), f"past_key_values.{i}.key",
                                          f"past_key_values.{i}.value", op("Cast", [last], to=TensorProto.INT32),
                                          op("Cast", [total_w], to=TensorProto.INT32), "", "", "", "",
                                          const(p[f"{i}.sink"])], outputs=3, domain="com.microsoft",
                  num_heads=HEADS, kv_num_heads=KV_HEADS, do_rotary=0, local_window_size=WINDOW)
        keep = op("Min", [total_w, i64(WINDOW)])
        first = op("Max", [op("Sub", [op("Add", [last, i64(1)]), keep]), i64(0)])                 # [b]
        idx = op("Add", [op("Unsqueeze", [first, i64([1])]),
                         op("Unsqueeze", [op("Range", [i64(0), keep, i64(1)]), i64([0])])])          # [b, keep]
        idx = op("Min", [idx, op("Sub", [total_w, i64(1)])])
        idx = op("Expand", [op("Unsqueeze", [idx, i64([1, 3])]), i64([1, KV_HEADS, 1, HEAD_DIM])])
        for j, kind in ((1, "key"), (2, "value")):
            nodes.append(helper.make_node("GatherElements", [attn[j], idx], [f"present.{i}.{kind}"], axis=2))
        return attn

    low = op("Gather", [const(p["A"]), op("Mod", ["input_ids", const(np.array(LOW, np.int64))])], axis=0)
    high = op("Gather", [const(p["B"]), op("Div", ["input_ids", const(np.array(LOW, np.int64))])], axis=0)
    x = op("Add", [low, high])
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"])]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.BFLOAT16 if bf16_logits else dt,
                                             ["batch_size", "sequence_length", VOCAB])]
    for i in range(LAYERS):
        for kind in ("key", "value"):
            win = windowed and i % 2 == 0
            inputs.append(helper.make_tensor_value_info(f"past_key_values.{i}.{kind}", dt,
                                                        ["batch_size", KV_HEADS, "past_window_length" if win
                                                         else "past_sequence_length", HEAD_DIM]))
            outputs.append(helper.make_tensor_value_info(f"present.{i}.{kind}", dt,
                                                         ["batch_size", KV_HEADS, "present_window_length" if win
                                                          else "total_sequence_length", HEAD_DIM]))
        h = rms(x, f"{i}.n1")
        if windowed and i % 2 == 0:
            attn = window_attention(i, h)
        else:
            attn = op("GroupQueryAttention", [linear(h, f"{i}.q", f"{i}.qb"), linear(h, f"{i}.k", f"{i}.kb"),
                                              linear(h, f"{i}.v", f"{i}.vb"), f"past_key_values.{i}.key",
                                              f"past_key_values.{i}.value", seqlens, total, cos, sin, "", "",
                                              const(p[f"{i}.sink"])], outputs=3, domain="com.microsoft",
                      num_heads=HEADS, kv_num_heads=KV_HEADS, do_rotary=1, rotary_interleaved=0,
                      local_window_size=WINDOW if i % 2 == 0 else -1)
            nodes[-1].output[1] = f"present.{i}.key"
            nodes[-1].output[2] = f"present.{i}.value"
        x = op("Add", [x, linear(attn[0], f"{i}.o", f"{i}.ob")])
        h = rms(x, f"{i}.n2")
        router = linear(h, f"{i}.r", f"{i}.rb")
        top_v, top_i = op("TopK", [router, const(np.array([TOP_K], np.int64))], outputs=2, axis=-1)
        route = op("ScatterElements", [op("Mul", [router, const(np.array(0, np.float32))]), top_i,
                                       op("Softmax", [top_v], axis=-1)], axis=-1)            # [b, s, E]
        shape = const(np.array([0, 0, EXPERTS, INTER], np.int64))
        gate = op("Reshape", [linear(h, f"{i}.g", f"{i}.gb"), shape])
        up = op("Reshape", [linear(h, f"{i}.u", f"{i}.ub"), shape])
        gate = op("Min", [gate, const(np.array(LIMIT, np.float32))])
        up = op("Clip", [up, const(np.array(-LIMIT, np.float32)), const(np.array(LIMIT, np.float32))])
        glu = op("Mul", [gate, op("Sigmoid", [op("Mul", [gate, const(np.array(ALPHA, np.float32))])])])
        act = op("Mul", [op("Add", [up, const(np.array(1, np.float32))]), glu])                  # [b, s, E, I]
        down = op("Squeeze", [op("MatMul", [op("Unsqueeze", [act, const(np.array([3], np.int64))]), const(p[f"{i}.d"])]),
                              const(np.array([3], np.int64))])                                     # [b, s, E, H]
        down = op("Add", [down, const(p[f"{i}.db"])])
        weighted = op("Mul", [down, op("Unsqueeze", [route, const(np.array([3], np.int64))])])
        x = op("Add", [x, op("ReduceSum", [weighted, const(np.array([2], np.int64))], keepdims=0)])
    h = rms(x, "norm")
    la = op("MatMul", [h, const(p["A2"].T.copy())])                                               # [b, s, LOW]
    lb = op("MatMul", [h, const(p["B2"].T.copy())])                                               # [b, s, HIGH]
    full = op("Add", [op("Unsqueeze", [lb, const(np.array([3], np.int64))]), op("Unsqueeze", [la, const(np.array([2], np.int64))])])
    flat = op("Reshape", [full, const(np.array([0, 0, HIGH * LOW], np.int64))])
    logits = op("Slice", [flat, const(np.array([0], np.int64)), const(np.array([VOCAB], np.int64)),
                          const(np.array([2], np.int64))])
    nodes.append(helper.make_node("Cast", [logits], ["logits"], to=TensorProto.BFLOAT16) if bf16_logits
                 else helper.make_node("Identity", [logits], ["logits"]))
    graph = helper.make_graph(nodes, "tiny_gpt_oss", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
                              producer_name="make_tiny_gpt_oss.py")
    model.ir_version = 8
    return model


def np_rms(x, w): return x / np.sqrt((x*x).mean(-1, keepdims=True) + EPS) * w
def rope(x, pos):  # x [T, H, D], non-interleaved halves
    d = HEAD_DIM; inv = 1.0 / (THETA ** (np.arange(0, d, 2) / d)); f = np.outer(pos, inv)
    c, s = np.cos(f)[:, None, :], np.sin(f)[:, None, :]
    a, b = x[..., :d//2], x[..., d//2:]
    return np.concatenate([a*c - b*s, a*s + b*c], -1)
def numpy_forward(p, ids):
    """An independent gpt-oss forward pass (HF GptOss semantics: a sliding window of WINDOW tokens including the
    current one, sinks as an extra softmax logit per head, top-k softmax routing, clamped SwiGLU)."""
    ids = np.array(ids); T = len(ids)
    x = p["A"][ids % 1024] + p["B"][ids // 1024]
    for i in range(LAYERS):
        h = np_rms(x, p[f"{i}.n1"])
        q = (h @ p[f"{i}.q"] + p[f"{i}.qb"]).reshape(T, HEADS, HEAD_DIM)
        k = (h @ p[f"{i}.k"] + p[f"{i}.kb"]).reshape(T, KV_HEADS, HEAD_DIM)
        v = (h @ p[f"{i}.v"] + p[f"{i}.vb"]).reshape(T, KV_HEADS, HEAD_DIM)
        q, k = rope(q, np.arange(T)), rope(k, np.arange(T))
        rep = HEADS // KV_HEADS
        k, v = np.repeat(k, rep, 1), np.repeat(v, rep, 1)
        s = np.einsum("thd,shd->hts", q, k) / np.sqrt(HEAD_DIM)
        ii, jj = np.meshgrid(np.arange(T), np.arange(T), indexing="ij")
        allowed = jj <= ii
        if i % 2 == 0: allowed &= (ii - jj) < WINDOW
        s = np.where(allowed[None], s, -np.inf)
        sink = p[f"{i}.sink"][:, None, None] * np.ones((1, T, 1))
        full = np.concatenate([s, sink], -1); full = np.exp(full - full.max(-1, keepdims=True)); full /= full.sum(-1, keepdims=True)
        o = np.einsum("hts,shd->thd", full[..., :T], v).reshape(T, -1)
        x = x + o @ p[f"{i}.o"] + p[f"{i}.ob"]
        h = np_rms(x, p[f"{i}.n2"])
        r = h @ p[f"{i}.r"] + p[f"{i}.rb"]
        top = np.argsort(-r, -1)[:, :TOP_K]
        tv = np.take_along_axis(r, top, -1); w = np.exp(tv - tv.max(-1, keepdims=True)); w /= w.sum(-1, keepdims=True)
        g = (h @ p[f"{i}.g"] + p[f"{i}.gb"]).reshape(T, EXPERTS, INTER)
        u = (h @ p[f"{i}.u"] + p[f"{i}.ub"]).reshape(T, EXPERTS, INTER)
        g = np.minimum(g, LIMIT); u = np.clip(u, -LIMIT, LIMIT)
        act = (u + 1) * g / (1 + np.exp(-ALPHA * g))
        down = np.einsum("tei,eih->teh", act, p[f"{i}.d"]) + p[f"{i}.db"]
        route = np.zeros((T, EXPERTS)); np.put_along_axis(route, top, w, -1)
        x = x + (down * route[..., None]).sum(1)
    h = np_rms(x, p["norm"])
    la, lb = h @ p["A2"].T, h @ p["B2"].T
    return (lb[:, :, None] + la[:, None, :]).reshape(T, -1)[:, :VOCAB]


def greedy(sess, prompt, new, kv_dtype):
    """One row, prefill then one token per step: the semantics every batched run must reproduce."""
    past = {f"past_key_values.{i}.{k}": np.zeros((1, KV_HEADS, 0, HEAD_DIM), kv_dtype)
            for i in range(LAYERS) for k in ("key", "value")}
    ids, out = list(prompt), []
    feed = {"input_ids": np.array([ids], np.int64), "attention_mask": np.ones((1, len(ids)), np.int64), **past}
    for _ in range(new):
        res = sess.run(None, feed)
        logits = res[0][0, -1].astype(np.float32)
        nxt = int(np.argmax(logits))
        out.append(nxt)
        feed = {"input_ids": np.array([[nxt]], np.int64), "attention_mask": np.ones((1, len(ids) + len(out)), np.int64)}
        for j, (i, k) in enumerate((i, k) for i in range(LAYERS) for k in ("key", "value")):
            feed[f"past_key_values.{i}.{k}"] = res[1 + j]
    return out


def batched(sess, prompts, new, kv_dtype):
    """The prefix-aligned batch the Java engine runs: right-padded prefill, then all rows decoded together."""
    rows, longest = len(prompts), max(len(p) for p in prompts)
    ids = np.zeros((rows, longest), np.int64)
    mask = np.zeros((rows, longest), np.int64)
    for r, p in enumerate(prompts):
        ids[r, :len(p)], mask[r, :len(p)] = p, 1
    feed = {"input_ids": ids, "attention_mask": mask}
    feed.update({f"past_key_values.{i}.{k}": np.zeros((rows, KV_HEADS, 0, HEAD_DIM), kv_dtype)
                 for i in range(LAYERS) for k in ("key", "value")})
    res = sess.run(None, feed)
    lengths = [len(p) for p in prompts]
    outs = [[int(np.argmax(res[0][r, lengths[r] - 1].astype(np.float32)))] for r in range(rows)]
    for _ in range(new - 1):
        width = max(lengths) + 1
        mask = np.zeros((rows, width), np.int64)
        for r in range(rows):
            mask[r, :lengths[r] + 1] = 1
        feed = {"input_ids": np.array([[o[-1]] for o in outs], np.int64), "attention_mask": mask}
        for j, (i, k) in enumerate((i, k) for i in range(LAYERS) for k in ("key", "value")):
            present = res[1 + j]
            if present.shape[2] < max(lengths):
                feed[f"past_key_values.{i}.{k}"] = present   # a window-sized cache: rows already at [0, count)
                continue
            past = np.zeros((rows, KV_HEADS, max(lengths), HEAD_DIM), kv_dtype)
            past[:, :, :present.shape[2]] = present[:, :, :max(lengths)]
            feed[f"past_key_values.{i}.{k}"] = past
        res = sess.run(None, feed)
        lengths = [n + 1 for n in lengths]
        for r in range(rows):
            outs[r].append(int(np.argmax(res[0][r, -1].astype(np.float32))))
    return outs


def write(name, fp16, bf16_logits, p, cases_spec, new, windowed=False, same_as=None):
    out = os.path.join(MODELS, name)
    os.makedirs(out, exist_ok=True)
    model = build(p, fp16, bf16_logits, windowed)
    onnx.checker.check_model(model)
    path = os.path.join(out, "model.onnx")
    onnx.save(model, path)
    kv = np.float16 if fp16 else np.float32
    if bf16_logits:
        # numpy has no bfloat16: the reference session reads the same logits through an exact cast to fp32
        ref = onnx.load(path)
        ref.graph.node.append(helper.make_node("Cast", ["logits"], ["logits_fp32"], to=TensorProto.FLOAT))
        ref.graph.output.insert(0, helper.make_tensor_value_info("logits_fp32", TensorProto.FLOAT,
                                                                 ["batch_size", "sequence_length", VOCAB]))
        del ref.graph.output[1]
        sess = ort.InferenceSession(ref.SerializeToString(), providers=["CPUExecutionProvider"])
    else:
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    cases = []
    for prompt in cases_spec:
        cases.append({"prompt_ids": prompt, "output_ids": greedy(sess, prompt, new, kv)})
    if windowed:
        # the window-sized caches really are window-sized, and give the full-cache model's tokens
        feed = {"input_ids": np.array([spec_ids := cases_spec[-1]], np.int64),
                "attention_mask": np.ones((1, len(spec_ids)), np.int64)}
        feed.update({f"past_key_values.{i}.{k}": np.zeros((1, KV_HEADS, 0, HEAD_DIM), kv)
                     for i in range(LAYERS) for k in ("key", "value")})
        shapes = [o.shape[2] for o in sess.run(None, feed)[1:]]
        assert shapes == [min(len(spec_ids), WINDOW) if i % 2 == 0 else len(spec_ids)
                          for i in range(LAYERS) for _ in (0, 1)], shapes
        if same_as is not None:
            assert [c["output_ids"] for c in cases] == same_as, "windowed caches changed the tokens"
    numpy_diff = None
    if not fp16 and not bf16_logits:
        # the graph computes what gpt-oss computes: checked against the independent numpy forward pass
        for c in cases:
            ids = c["prompt_ids"] + c["output_ids"]
            feed = {"input_ids": np.array([ids], np.int64), "attention_mask": np.ones((1, len(ids)), np.int64)}
            feed.update({f"past_key_values.{i}.{k}": np.zeros((1, KV_HEADS, 0, HEAD_DIM), np.float32)
                         for i in range(LAYERS) for k in ("key", "value")})
            diff = float(np.abs(numpy_forward(p, ids) - sess.run(None, feed)[0][0]).max())
            assert diff < 1e-3, ("ONNX graph and numpy forward disagree", diff)
            numpy_diff = max(diff, numpy_diff or 0.0)
    # the batched prefix-aligned scheme must agree with one row at a time (else the reference proves nothing)
    for size in (2, 4):
        group = cases_spec[:size]
        got = batched(sess, group, new, kv)
        want = [c["output_ids"] for c in cases[:size]]
        assert got == want, (name, size, got, want)
    cfg = {"architectures": ["GptOssForCausalLM"], "model_type": "gpt_oss", "vocab_size": VOCAB,
           "hidden_size": HIDDEN, "intermediate_size": INTER, "num_hidden_layers": LAYERS,
           "num_attention_heads": HEADS, "num_key_value_heads": KV_HEADS, "head_dim": HEAD_DIM,
           "num_local_experts": EXPERTS, "num_experts_per_tok": TOP_K, "sliding_window": WINDOW,
           "layer_types": ["sliding_attention" if i % 2 == 0 else "full_attention" for i in range(LAYERS)],
           "max_position_embeddings": MAX_POS, "rope_theta": THETA, "rms_norm_eps": EPS,
           "eos_token_id": RETURN, "pad_token_id": END, "torch_dtype": "float16" if fp16 else "float32"}
    json.dump(cfg, open(os.path.join(out, "config.json"), "w"), indent=2)
    json.dump({"eos_token_id": [RETURN, CALL, END], "do_sample": False},
              open(os.path.join(out, "generation_config.json"), "w"), indent=2)
    json.dump({"generator": f"Python onnxruntime {ort.__version__}, greedy, one row at a time; batched runs "
                            f"(2 and 4 rows, prefix-aligned) checked equal in the generator"
                            + ("; window-sized caches on the even (sliding) layers, same tokens as tiny-gpt-oss"
                               if windowed else ""),
               "numpy_max_abs_logit_diff": numpy_diff, "seed": SEED, "window": WINDOW, "max_new_tokens": new, "cases": cases},
              open(os.path.join(out, "reference.json"), "w"), indent=1)
    print("wrote", out, os.path.getsize(path), "bytes")
    return [c["output_ids"] for c in cases]


def main():
    p = weights()
    rng = np.random.default_rng(SEED + 1)
    # mixed lengths, two longer than the window (16): the windowed layers must drop the oldest positions
    lengths = [5, 23, 11, 40]
    spec = [[int(t) for t in rng.integers(0, 199998, n)] for n in lengths]
    full = write("tiny-gpt-oss", False, False, p, spec, 12)
    # the same weights with window-sized caches on the sliding layers: the same tokens, a smaller cache
    write("tiny-gpt-oss-window", False, False, p, spec, 12, windowed=True, same_as=full)
    write("tiny-gpt-oss-fp16", True, False, p, spec, 12)
    # bf16 logits: 201,088 of them at bf16's 8-bit precision tie often, so only an fp32 body (the same numbers in
    # every onnxruntime version) gives references another version reproduces; the ties resolve to the lowest id
    write("tiny-gpt-oss-bf16-logits", False, True, p, spec, 12)


if __name__ == "__main__":
    main()
