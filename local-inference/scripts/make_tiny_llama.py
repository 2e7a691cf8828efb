#!/usr/bin/env python3
"""Generate the tiny Llama-architecture test model that local-inference's tests and quickstart use.

Writes models/tiny-llama/: model.onnx (random weights, 2 layers, GQA, RoPE, RMSNorm, SwiGLU, KV-cache
inputs past_key_values.N.key|value -> present.N.key|value, the same I/O names as the onnx-community
exports), tokenizer.json (a byte-level BPE trained here), tokenizer_config.json (with a Jinja chat
template), config.json, generation_config.json, and reference.json: greedy outputs from a Python
onnxruntime decode loop (prefill + one token per step with the KV cache), which the Java tests must
reproduce token for token. The graph is built with the onnx helper API (no torch needed) and checked
against an independent numpy forward pass before it is written.

Usage: pip install onnx onnxruntime tokenizers jinja2 numpy && python make_tiny_llama.py [OUT_DIR]
"""
import json, math, os, sys
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper
import onnxruntime as ort
from tokenizers import Tokenizer, models, trainers, pre_tokenizers, decoders
import jinja2
import jinja2.sandbox

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "models", "tiny-llama")
SEED = 20261125
HIDDEN, LAYERS, HEADS, KV_HEADS, INTER, MAX_POS = 64, 2, 4, 2, 128, 512
HEAD_DIM = HIDDEN // HEADS
ROPE_THETA, EPS = 10000.0, 1e-5
SPECIALS = ["<pad>", "<s>", "</s>", "<|system|>", "<|user|>", "<|assistant|>", "<|end|>"]
CHAT_TEMPLATE = (
    "{{ bos_token }}"
    "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
    "{{ '<|system|>\\n' + messages[0]['content'] | trim + '<|end|>\\n' }}"
    "{% else %}{% set loop_messages = messages %}{% endif %}"
    "{% for message in loop_messages %}"
    "{% if message['role'] == 'user' %}{{ '<|user|>\\n' + message['content'] | trim + '<|end|>\\n' }}"
    "{% elif message['role'] == 'assistant' %}{{ '<|assistant|>\\n' + message['content'] | trim + '<|end|>\\n' }}"
    "{% else %}{{ raise_exception('Unknown role: ' + message['role']) }}{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}")

CORPUS = """The gateway keeps sensitive data inside the building. Every request is authenticated, classified
and routed by policy to the on-prem model or to a hosted model. Budgets and quotas are enforced per team.
Hello, how are you today? I am fine, thank you. What is the capital of France? Paris is the capital.
Write a short poem about the sea. The sea is wide and deep and blue, the waves come in and out anew.
Summarise the quarterly report for the legal team. Revenue grew, costs fell, and the outlook is stable.
Translate to German: good morning. Guten Morgen. Explain how a transformer model predicts the next token.
""" * 4


def train_tokenizer():
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=512, special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(CORPUS.splitlines(), trainer)
    return tok


def weights(vocab):
    rng = np.random.default_rng(SEED)
    w = lambda *shape: (rng.standard_normal(shape) * 0.25).astype(np.float32)
    p = {"embed": w(vocab, HIDDEN), "norm": (1 + 0.1 * rng.standard_normal(HIDDEN)).astype(np.float32),
         "lm_head": w(HIDDEN, vocab)}
    for i in range(LAYERS):
        p[f"l{i}.in_norm"] = (1 + 0.1 * rng.standard_normal(HIDDEN)).astype(np.float32)
        p[f"l{i}.post_norm"] = (1 + 0.1 * rng.standard_normal(HIDDEN)).astype(np.float32)
        p[f"l{i}.q"] = w(HIDDEN, HEADS * HEAD_DIM)
        p[f"l{i}.k"] = w(HIDDEN, KV_HEADS * HEAD_DIM)
        p[f"l{i}.v"] = w(HIDDEN, KV_HEADS * HEAD_DIM)
        p[f"l{i}.o"] = w(HEADS * HEAD_DIM, HIDDEN)
        p[f"l{i}.gate"] = w(HIDDEN, INTER)
        p[f"l{i}.up"] = w(HIDDEN, INTER)
        p[f"l{i}.down"] = w(INTER, HIDDEN)
    return p


def rope_tables():
    inv = 1.0 / (ROPE_THETA ** (np.arange(0, HEAD_DIM, 2, dtype=np.float64) / HEAD_DIM))
    freqs = np.outer(np.arange(MAX_POS, dtype=np.float64), inv)
    emb = np.concatenate([freqs, freqs], axis=-1)
    return np.cos(emb).astype(np.float32), np.sin(emb).astype(np.float32)


def build_graph(p, vocab, fp16=False):
    """fp16=True: weights, KV cache inputs/outputs and logits in float16 (as fp16 exports present them to a
    runner); arithmetic stays float32 inside (Cast nodes), since ORT's CPU kernels lack fp16 for several ops."""
    nodes, inits = [], []
    cnt = [0]

    def const(arr, name=None):
        cnt[0] += 1
        name = name or f"c{cnt[0]}"
        inits.append(numpy_helper.from_array(np.asarray(arr), name))
        return name

    def op(kind, inputs, **attrs):
        cnt[0] += 1
        out = f"{kind.lower()}_{cnt[0]}"
        nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    for k, v in p.items():
        if fp16:
            const(v.astype(np.float16), k + "_fp16")
            nodes.append(helper.make_node("Cast", [k + "_fp16"], [k], to=TensorProto.FLOAT))
        else:
            const(v, k)
    cos_t, sin_t = rope_tables()
    const(cos_t, "rope_cos"); const(sin_t, "rope_sin")
    i64 = lambda *v: const(np.array(v, dtype=np.int64))
    f32 = lambda v: const(np.array(v, dtype=np.float32))

    def rms(x, w):
        var = op("ReduceMean", [op("Mul", [x, x])], axes=[-1], keepdims=1)
        return op("Mul", [op("Div", [x, op("Sqrt", [op("Add", [var, f32(EPS)])])]), w])

    def rotate_half(x):
        half = HEAD_DIM // 2
        x1 = op("Slice", [x, i64(0), i64(half), i64(-1)])
        x2 = op("Slice", [x, i64(half), i64(HEAD_DIM), i64(-1)])
        return op("Concat", [op("Neg", [x2]), x1], axis=-1)

    x = op("Gather", ["embed", "input_ids"], axis=0)
    cos = op("Unsqueeze", [op("Gather", ["rope_cos", "position_ids"], axis=0), i64(1)])
    sin = op("Unsqueeze", [op("Gather", ["rope_sin", "position_ids"], axis=0), i64(1)])
    # additive mask [B,1,1,S,T] = padding (attention_mask) + causal (query at past+i sees keys <= past+i)
    total = op("Gather", [op("Shape", ["attention_mask"]), i64(1)], axis=0)
    seq = op("Gather", [op("Shape", ["input_ids"]), i64(1)], axis=0)
    past = op("Sub", [total, seq])
    q_idx = op("Unsqueeze", [op("Range", [past, total, i64(1)]), i64(1)])
    k_idx = op("Unsqueeze", [op("Range", [i64(0), total, i64(1)]), i64(0)])
    causal = op("Where", [op("LessOrEqual", [k_idx, q_idx]), f32(0.0), f32(-1e9)])
    pad = op("Mul", [op("Sub", [f32(1.0), op("Cast", ["attention_mask"], to=TensorProto.FLOAT)]), f32(-1e9)])
    mask = op("Add", [op("Unsqueeze", [pad, i64(1, 2, 3)]), causal])
    rep = HEADS // KV_HEADS
    for i in range(LAYERS):
        h = rms(x, f"l{i}.in_norm")
        def heads(w, n):
            return op("Transpose", [op("Reshape", [op("MatMul", [h, w]), i64(0, 0, n, HEAD_DIM)])], perm=[0, 2, 1, 3])
        q, k, v = heads(f"l{i}.q", HEADS), heads(f"l{i}.k", KV_HEADS), heads(f"l{i}.v", KV_HEADS)
        q = op("Add", [op("Mul", [q, cos]), op("Mul", [rotate_half(q), sin])])
        k = op("Add", [op("Mul", [k, cos]), op("Mul", [rotate_half(k), sin])])
        past_k, past_v = f"past_key_values.{i}.key", f"past_key_values.{i}.value"
        if fp16:
            past_k, past_v = op("Cast", [past_k], to=TensorProto.FLOAT), op("Cast", [past_v], to=TensorProto.FLOAT)
            k, v = op("Cast", [op("Cast", [k], to=TensorProto.FLOAT16)], to=TensorProto.FLOAT), \
                op("Cast", [op("Cast", [v], to=TensorProto.FLOAT16)], to=TensorProto.FLOAT)
        k_all = op("Concat", [past_k, k], axis=2)
        v_all = op("Concat", [past_v, v], axis=2)
        out_kind = "Cast" if fp16 else "Identity"
        out_attrs = {"to": TensorProto.FLOAT16} if fp16 else {}
        nodes.append(helper.make_node(out_kind, [k_all], [f"present.{i}.key"], **out_attrs))
        nodes.append(helper.make_node(out_kind, [v_all], [f"present.{i}.value"], **out_attrs))
        q5 = op("Reshape", [q, i64(0, KV_HEADS, rep, -1, HEAD_DIM)])
        k5 = op("Unsqueeze", [k_all, i64(2)])
        v5 = op("Unsqueeze", [v_all, i64(2)])
        scores = op("Mul", [op("MatMul", [q5, op("Transpose", [k5], perm=[0, 1, 2, 4, 3])]), f32(1 / math.sqrt(HEAD_DIM))])
        probs = op("Softmax", [op("Add", [scores, mask])], axis=-1)
        ctx = op("Reshape", [op("MatMul", [probs, v5]), i64(0, HEADS, -1, HEAD_DIM)])
        ctx = op("Reshape", [op("Transpose", [ctx], perm=[0, 2, 1, 3]), i64(0, 0, HIDDEN)])
        x = op("Add", [x, op("MatMul", [ctx, f"l{i}.o"])])
        h2 = rms(x, f"l{i}.post_norm")
        gate = op("MatMul", [h2, f"l{i}.gate"])
        act = op("Mul", [op("Mul", [gate, op("Sigmoid", [gate])]), op("MatMul", [h2, f"l{i}.up"])])
        x = op("Add", [x, op("MatMul", [act, f"l{i}.down"])])
    if fp16:
        nodes.append(helper.make_node("Cast", [op("MatMul", [rms(x, "norm"), "lm_head"])], ["logits"], to=TensorProto.FLOAT16))
    else:
        nodes.append(helper.make_node("MatMul", [rms(x, "norm"), "lm_head"], ["logits"]))
    dtype = TensorProto.FLOAT16 if fp16 else TensorProto.FLOAT

    kv_shape = ["batch_size", KV_HEADS, "past_sequence_length", HEAD_DIM]
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"]),
              helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch_size", "sequence_length"])]
    outputs = [helper.make_tensor_value_info("logits", dtype, ["batch_size", "sequence_length", vocab])]
    for i in range(LAYERS):
        for kind in ("key", "value"):
            inputs.append(helper.make_tensor_value_info(f"past_key_values.{i}.{kind}", dtype, kv_shape))
            outputs.append(helper.make_tensor_value_info(f"present.{i}.{kind}", dtype,
                                                         ["batch_size", KV_HEADS, "total_sequence_length", HEAD_DIM]))
    graph = helper.make_graph(nodes, "tiny_llama", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_tiny_llama.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def numpy_forward(p, ids):
    """Independent full-sequence forward pass (no cache) to check the graph."""
    cos_t, sin_t = rope_tables()
    n = len(ids)
    x = p["embed"][ids]
    rms = lambda x, w: x / np.sqrt((x * x).mean(-1, keepdims=True) + EPS) * w
    rot = lambda t: np.concatenate([-t[..., HEAD_DIM // 2:], t[..., :HEAD_DIM // 2]], -1)
    cos, sin = cos_t[:n], sin_t[:n]
    for i in range(LAYERS):
        h = rms(x, p[f"l{i}.in_norm"])
        q = (h @ p[f"l{i}.q"]).reshape(n, HEADS, HEAD_DIM).transpose(1, 0, 2)
        k = (h @ p[f"l{i}.k"]).reshape(n, KV_HEADS, HEAD_DIM).transpose(1, 0, 2)
        v = (h @ p[f"l{i}.v"]).reshape(n, KV_HEADS, HEAD_DIM).transpose(1, 0, 2)
        q, k = q * cos + rot(q) * sin, k * cos + rot(k) * sin
        k, v = np.repeat(k, HEADS // KV_HEADS, 0), np.repeat(v, HEADS // KV_HEADS, 0)
        s = q @ k.transpose(0, 2, 1) / math.sqrt(HEAD_DIM) + np.triu(np.full((n, n), -1e9, np.float32), 1)
        a = np.exp(s - s.max(-1, keepdims=True)); a /= a.sum(-1, keepdims=True)
        x = x + (a @ v).transpose(1, 0, 2).reshape(n, HIDDEN) @ p[f"l{i}.o"]
        h2 = rms(x, p[f"l{i}.post_norm"])
        g = h2 @ p[f"l{i}.gate"]
        x = x + (g / (1 + np.exp(-g)) * (h2 @ p[f"l{i}.up"])) @ p[f"l{i}.down"]
    return rms(x, p["norm"]) @ p["lm_head"]


def greedy(sess, prompt_ids, max_new, eos, kv_dtype=np.float32):
    """Prefill, then one token per step feeding present.* back as past_key_values.* (what the Java runner does)."""
    past = {f"past_key_values.{i}.{k}": np.zeros((1, KV_HEADS, 0, HEAD_DIM), kv_dtype)
            for i in range(LAYERS) for k in ("key", "value")}
    ids, out, finish = list(prompt_ids), [], "length"
    step = np.array([ids], np.int64)
    pos = np.arange(len(ids), dtype=np.int64)[None]
    for _ in range(max_new):
        feed = {"input_ids": step, "attention_mask": np.ones((1, len(ids)), np.int64), "position_ids": pos, **past}
        res = sess.run(None, feed)
        nxt = int(np.argmax(res[0][0, -1].astype(np.float32)))
        for i in range(LAYERS):
            past[f"past_key_values.{i}.key"], past[f"past_key_values.{i}.value"] = res[1 + 2 * i], res[2 + 2 * i]
        if nxt in eos:
            finish = "stop"
            break
        out.append(nxt); ids.append(nxt)
        step = np.array([[nxt]], np.int64)
        pos = np.array([[len(ids) - 1]], np.int64)
    return out, finish


def main():
    os.makedirs(OUT, exist_ok=True)
    tok = train_tokenizer()
    vocab = tok.get_vocab_size()
    p = weights(vocab)
    model = build_graph(p, vocab)
    onnx.save(model, os.path.join(OUT, "model.onnx"))
    tok.save(os.path.join(OUT, "tokenizer.json"))
    sid = tok.token_to_id
    with open(os.path.join(OUT, "tokenizer_config.json"), "w") as f:
        json.dump({"bos_token": "<s>", "eos_token": "<|end|>", "pad_token": "<pad>", "unk_token": None,
                   "add_bos_token": False, "model_max_length": MAX_POS, "tokenizer_class": "PreTrainedTokenizerFast",
                   "chat_template": CHAT_TEMPLATE}, f, indent=2)
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": vocab,
                   "hidden_size": HIDDEN, "intermediate_size": INTER, "num_hidden_layers": LAYERS,
                   "num_attention_heads": HEADS, "num_key_value_heads": KV_HEADS, "head_dim": HEAD_DIM,
                   "max_position_embeddings": MAX_POS, "rms_norm_eps": EPS, "rope_theta": ROPE_THETA,
                   "hidden_act": "silu", "tie_word_embeddings": False, "torch_dtype": "float32",
                   "bos_token_id": sid("<s>"), "eos_token_id": [sid("</s>"), sid("<|end|>")],
                   "pad_token_id": sid("<pad>")}, f, indent=2)
    eos = [sid("</s>"), sid("<|end|>")]
    with open(os.path.join(OUT, "generation_config.json"), "w") as f:
        json.dump({"bos_token_id": sid("<s>"), "eos_token_id": eos, "pad_token_id": sid("<pad>"),
                   "do_sample": False}, f, indent=2)

    sess = ort.InferenceSession(os.path.join(OUT, "model.onnx"), providers=["CPUExecutionProvider"])
    # the graph must agree with an independent numpy forward pass
    ids = tok.encode("Hello, how are you today? The gateway keeps data inside.").ids
    feed = {"input_ids": np.array([ids], np.int64), "attention_mask": np.ones((1, len(ids)), np.int64),
            "position_ids": np.arange(len(ids), dtype=np.int64)[None]}
    feed.update({f"past_key_values.{i}.{k}": np.zeros((1, KV_HEADS, 0, HEAD_DIM), np.float32)
                 for i in range(LAYERS) for k in ("key", "value")})
    diff = np.abs(sess.run(["logits"], feed)[0][0] - numpy_forward(p, ids)).max()
    assert diff < 1e-3, f"graph disagrees with numpy forward: {diff}"

    env = jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    def raise_exception(msg): raise jinja2.exceptions.TemplateError(msg)
    env.globals["raise_exception"] = raise_exception
    template = env.from_string(CHAT_TEMPLATE)
    chats = [
        [{"role": "user", "content": "Hello, how are you today?"}],
        [{"role": "system", "content": "  You are a careful assistant.  "},
         {"role": "user", "content": "What is the capital of France?"}],
        [{"role": "user", "content": "Write a short poem about the sea."},
         {"role": "assistant", "content": "The sea is wide and deep and blue."},
         {"role": "user", "content": "Summarise the quarterly report for the legal team."}],
    ]
    texts = ["The gateway keeps", "Translate to German: good morning.", "Budgets and quotas"]
    cases = []
    for messages in chats:
        rendered = template.render(messages=messages, add_generation_prompt=True, bos_token="<s>", eos_token="<|end|>")
        cases.append({"kind": "chat", "messages": messages, "rendered": rendered})
    for t in texts:
        cases.append({"kind": "text", "prompt": t, "rendered": t})
    for c in cases:
        c["prompt_ids"] = tok.encode(c["rendered"]).ids
        c["output_ids"], c["finish_reason"] = greedy(sess, c["prompt_ids"], 32, eos)
        c["output_text"] = tok.decode(c["output_ids"], skip_special_tokens=True)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump({"generator": "Python onnxruntime " + ort.__version__ + ", greedy, max 32 new tokens, "
                                "stop at generation_config eos", "max_new_tokens": 32,
                   "numpy_max_abs_logit_diff": float(diff), "cases": cases}, f, indent=1)
    # the fp16 variant: same weights rounded to fp16, fp16 KV cache and logits, its own references
    fp16_dir = OUT.rstrip("/") + "-fp16"
    os.makedirs(fp16_dir, exist_ok=True)
    onnx.save(build_graph(p, vocab, fp16=True), os.path.join(fp16_dir, "model.onnx"))
    for name in ("tokenizer.json", "tokenizer_config.json", "config.json", "generation_config.json"):
        with open(os.path.join(OUT, name)) as src, open(os.path.join(fp16_dir, name), "w") as dst:
            dst.write(src.read())
    sess16 = ort.InferenceSession(os.path.join(fp16_dir, "model.onnx"), providers=["CPUExecutionProvider"])
    cases16 = []
    for c in cases:
        out_ids, finish = greedy(sess16, c["prompt_ids"], 32, eos, np.float16)
        cases16.append({**c, "output_ids": out_ids, "finish_reason": finish,
                        "output_text": tok.decode(out_ids, skip_special_tokens=True)})
    with open(os.path.join(fp16_dir, "reference.json"), "w") as f:
        json.dump({"generator": "Python onnxruntime " + ort.__version__ + ", fp16 KV cache and logits, greedy, "
                                "max 32 new tokens", "max_new_tokens": 32, "cases": cases16}, f, indent=1)
    same = sum(a["output_ids"] == b["output_ids"] for a, b in zip(cases, cases16))
    print(f"fp16 variant: {same}/{len(cases)} cases give the same tokens as fp32")
    print(f"wrote {OUT}: vocab {vocab}, numpy diff {diff:.2e}, model {os.path.getsize(os.path.join(OUT, 'model.onnx'))} bytes")
    for c in cases:
        print(c["finish_reason"], len(c["output_ids"]), repr(c["output_text"][:60]))


if __name__ == "__main__":
    main()
