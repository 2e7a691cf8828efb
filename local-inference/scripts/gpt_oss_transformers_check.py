#!/usr/bin/env python3
"""Cross-check the tiny gpt-oss graphs against Hugging Face transformers' own GptOssForCausalLM (torch, CPU): the same
weights loaded into transformers' gpt_oss model (the factorised embedding and LM head written out as full
201,088-row matrices), then
- logits of each reference sequence, one forward pass, against onnxruntime's (max abs difference);
- greedy generation with transformers' own KV cache (its sliding-window layers included), one row at a time and
  4 rows batched with transformers' left padding, against the token ids in models/tiny-gpt-oss*/reference.json.
Writes models/tiny-gpt-oss/transformers_check.json; the Java tests compare the engine's tokens with these too.

Usage: pip install torch transformers onnx onnxruntime numpy && python gpt_oss_transformers_check.py
"""
import json, os, sys
import numpy as np
import torch
import transformers
from transformers import GptOssConfig, GptOssForCausalLM
import onnxruntime as ort

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_tiny_gpt_oss as t  # noqa: E402

MODELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models")


def transformers_model(p):
    cfg = GptOssConfig(vocab_size=t.VOCAB, hidden_size=t.HIDDEN, intermediate_size=t.INTER,
                       num_hidden_layers=t.LAYERS, num_attention_heads=t.HEADS, num_key_value_heads=t.KV_HEADS,
                       head_dim=t.HEAD_DIM, num_local_experts=t.EXPERTS, num_experts_per_tok=t.TOP_K,
                       sliding_window=t.WINDOW, max_position_embeddings=t.MAX_POS, rms_norm_eps=t.EPS,
                       layer_types=["sliding_attention" if i % 2 == 0 else "full_attention" for i in range(t.LAYERS)],
                       rope_parameters={"rope_type": "default", "rope_theta": t.THETA},
                       attention_bias=True, tie_word_embeddings=False, pad_token_id=t.END, eos_token_id=None)
    cfg._attn_implementation = "eager"
    m = GptOssForCausalLM(cfg).eval()
    ids = np.arange(t.VOCAB)
    f = lambda a: torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))
    with torch.no_grad():
        m.model.embed_tokens.weight.copy_(f(p["A"][ids % t.LOW] + p["B"][ids // t.LOW]))
        m.lm_head.weight.copy_(f(p["A2"][ids % t.LOW] + p["B2"][ids // t.LOW]))
        m.model.norm.weight.copy_(f(p["norm"]))
        for i, layer in enumerate(m.model.layers):
            layer.input_layernorm.weight.copy_(f(p[f"{i}.n1"]))
            layer.post_attention_layernorm.weight.copy_(f(p[f"{i}.n2"]))
            a = layer.self_attn
            for proj, w, b in ((a.q_proj, "q", "qb"), (a.k_proj, "k", "kb"), (a.v_proj, "v", "vb"), (a.o_proj, "o", "ob")):
                proj.weight.copy_(f(p[f"{i}.{w}"].T))
                proj.bias.copy_(f(p[f"{i}.{b}"]))
            a.sinks.copy_(f(p[f"{i}.sink"]))
            layer.mlp.router.weight.copy_(f(p[f"{i}.r"].T))
            layer.mlp.router.bias.copy_(f(p[f"{i}.rb"]))
            ex = layer.mlp.experts
            gu = np.zeros((t.EXPERTS, t.HIDDEN, 2 * t.INTER), np.float32)
            gub = np.zeros((t.EXPERTS, 2 * t.INTER), np.float32)
            for e in range(t.EXPERTS):
                cols = slice(e * t.INTER, (e + 1) * t.INTER)
                gu[e][:, 0::2], gu[e][:, 1::2] = p[f"{i}.g"][:, cols], p[f"{i}.u"][:, cols]   # gate even, up odd
                gub[e][0::2], gub[e][1::2] = p[f"{i}.gb"][cols], p[f"{i}.ub"][cols]
            ex.gate_up_proj.copy_(f(gu))
            ex.gate_up_proj_bias.copy_(f(gub))
            ex.down_proj.copy_(f(p[f"{i}.d"]))
            ex.down_proj_bias.copy_(f(p[f"{i}.db"]))
    return m


def main():
    torch.manual_seed(0)
    p = t.weights()
    model = transformers_model(p)
    result = {"generator": f"transformers {transformers.__version__} GptOssForCausalLM (eager attention), torch "
                           f"{torch.__version__}, weights of make_tiny_gpt_oss.py", "models": {}}
    for name in ("tiny-gpt-oss", "tiny-gpt-oss-window"):
        ref = json.load(open(os.path.join(MODELS, name, "reference.json")))
        sess = ort.InferenceSession(os.path.join(MODELS, name, "model.onnx"), providers=["CPUExecutionProvider"])
        cases, diff = ref["cases"], 0.0
        for c in cases:
            ids = c["prompt_ids"] + c["output_ids"]
            feed = {"input_ids": np.array([ids], np.int64), "attention_mask": np.ones((1, len(ids)), np.int64)}
            feed.update({f"past_key_values.{i}.{k}": np.zeros((1, t.KV_HEADS, 0, t.HEAD_DIM), np.float32)
                         for i in range(t.LAYERS) for k in ("key", "value")})
            with torch.no_grad():
                hf = model(torch.tensor([ids])).logits[0].numpy()
            diff = max(diff, float(np.abs(hf - sess.run(None, feed)[0][0]).max()))
        alone = []
        with torch.no_grad():
            for c in cases:
                out = model.generate(torch.tensor([c["prompt_ids"]]), max_new_tokens=len(c["output_ids"]),
                                     do_sample=False, use_cache=True)
                alone.append(out[0, len(c["prompt_ids"]):].tolist())
            longest = max(len(c["prompt_ids"]) for c in cases)
            ids = torch.full((len(cases), longest), t.END)
            mask = torch.zeros((len(cases), longest), dtype=torch.long)
            for r, c in enumerate(cases):   # transformers pads on the left
                ids[r, longest - len(c["prompt_ids"]):] = torch.tensor(c["prompt_ids"])
                mask[r, longest - len(c["prompt_ids"]):] = 1
            out = model.generate(ids, attention_mask=mask, max_new_tokens=len(cases[0]["output_ids"]),
                                 do_sample=False, use_cache=True)
            batched = [row[longest:].tolist() for row in out]
        want = [c["output_ids"] for c in cases]
        entry = {"max_abs_logit_diff_vs_onnxruntime": diff, "greedy_one_row": alone, "greedy_batched_left_padded": batched,
                 "same_tokens_as_reference_one_row": alone == want, "same_tokens_as_reference_batched": batched == want}
        print(name, json.dumps({k: v for k, v in entry.items() if not k.startswith("greedy")}))
        result["models"][name] = entry
    json.dump(result, open(os.path.join(MODELS, "tiny-gpt-oss", "transformers_check.json"), "w"), indent=1)
    ok = all(e["same_tokens_as_reference_one_row"] and e["same_tokens_as_reference_batched"]
             and e["max_abs_logit_diff_vs_onnxruntime"] < 1e-3 for e in result["models"].values())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
