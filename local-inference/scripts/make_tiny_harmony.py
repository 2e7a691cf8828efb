#!/usr/bin/env python3
"""Generate models/tiny-harmony/: a scripted decoder that answers in gpt-oss's harmony format, to test the
harmony path end to end (chat_template.jinja, special tokens, channel parsing, <|return|> as EOS).

It is not a language model: its logits at position p are a fixed one-hot row, so a prompt of exactly
PROMPT_TOKENS tokens (the conversation in reference.json) is answered with SCRIPT, token by token. It has the
same I/O as a real export (input_ids, attention_mask, position_ids, past_key_values.N.* -> present.N.*).
Usage: pip install onnx onnxruntime tokenizers jinja2 numpy && python make_tiny_harmony.py
"""
import json, os, shutil
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper
import onnxruntime as ort
from tokenizers import Tokenizer, models, trainers, pre_tokenizers, decoders
import jinja2, jinja2.sandbox

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "models", "tiny-harmony")
TEMPLATE = os.path.join(HERE, "..", "src", "test", "resources", "harmony", "chat_template.jinja")
SPECIALS = ["<|endoftext|>", "<|start|>", "<|end|>", "<|message|>", "<|channel|>", "<|return|>", "<|call|>",
            "<|constrain|>"]
SCRIPT = ("<|channel|>analysis<|message|>The user greets me. I should reply politely.<|end|>"
          "<|start|>assistant<|channel|>final<|message|>Hello! How can I help you today?<|return|>")
MESSAGES = [{"role": "user", "content": "Hello there"}]
MAX_POS, LAYERS, KV_HEADS, HEAD_DIM = 128, 1, 1, 4


def main():
    os.makedirs(OUT, exist_ok=True)
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    corpus = [SCRIPT.replace("<|", " ").replace("|>", " "), open(TEMPLATE).read(), "Hello there assistant user system"]
    tok.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=600, special_tokens=SPECIALS,
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                                        show_progress=False))
    vocab = tok.get_vocab_size()
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    rendered = env.from_string(open(TEMPLATE).read()).render(messages=MESSAGES, add_generation_prompt=True)
    prompt_ids = tok.encode(rendered).ids
    script_ids = tok.encode(SCRIPT).ids
    p0 = len(prompt_ids) - 1
    assert p0 + len(script_ids) < MAX_POS
    # the token to predict at each position; off-script positions end the text
    table = np.full((MAX_POS,), tok.token_to_id("<|endoftext|>"), np.int64)
    for k, t in enumerate(script_ids):
        table[p0 + k] = t

    inits = [numpy_helper.from_array(table, "script"),
             numpy_helper.from_array(np.random.default_rng(1).standard_normal((vocab, KV_HEADS * HEAD_DIM)).astype(np.float32), "embed"),
             numpy_helper.from_array(np.array([0, 0, KV_HEADS, HEAD_DIM], np.int64), "kv_shape"),
             numpy_helper.from_array(np.array(vocab, np.int64), "depth"),
             numpy_helper.from_array(np.array([-10.0, 10.0], np.float32), "onehot_values")]
    nodes = [helper.make_node("Gather", ["script", "position_ids"], ["next_token"], axis=0),
             helper.make_node("OneHot", ["next_token", "depth", "onehot_values"], ["logits"], axis=-1),
             helper.make_node("Gather", ["embed", "input_ids"], ["e"], axis=0),
             helper.make_node("Reshape", ["e", "kv_shape"], ["e4"]),
             helper.make_node("Transpose", ["e4"], ["kv"], perm=[0, 2, 1, 3])]
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "total"]),
              helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch", "seq"])]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "seq", vocab])]
    for i in range(LAYERS):
        for kind in ("key", "value"):
            inputs.append(helper.make_tensor_value_info(f"past_key_values.{i}.{kind}", TensorProto.FLOAT,
                                                        ["batch", KV_HEADS, "past", HEAD_DIM]))
            outputs.append(helper.make_tensor_value_info(f"present.{i}.{kind}", TensorProto.FLOAT,
                                                         ["batch", KV_HEADS, "total", HEAD_DIM]))
            nodes.append(helper.make_node("Concat", [f"past_key_values.{i}.{kind}", "kv"], [f"present.{i}.{kind}"], axis=2))
    model = helper.make_model(helper.make_graph(nodes, "tiny_harmony", inputs, outputs, inits),
                              opset_imports=[helper.make_opsetid("", 17)], producer_name="make_tiny_harmony.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, "model.onnx"))
    tok.save(os.path.join(OUT, "tokenizer.json"))
    shutil.copy(TEMPLATE, os.path.join(OUT, "chat_template.jinja"))
    sid = tok.token_to_id
    json.dump({"eos_token": "<|return|>", "pad_token": "<|endoftext|>", "model_max_length": MAX_POS,
               "tokenizer_class": "PreTrainedTokenizerFast"}, open(os.path.join(OUT, "tokenizer_config.json"), "w"), indent=2)
    json.dump({"architectures": ["GptOssForCausalLM"], "model_type": "scripted-harmony-fixture", "vocab_size": vocab,
               "num_hidden_layers": LAYERS, "num_key_value_heads": KV_HEADS, "head_dim": HEAD_DIM,
               "max_position_embeddings": MAX_POS, "eos_token_id": sid("<|return|>")},
              open(os.path.join(OUT, "config.json"), "w"), indent=2)
    json.dump({"eos_token_id": [sid("<|return|>"), sid("<|call|>"), sid("<|endoftext|>")], "do_sample": False},
              open(os.path.join(OUT, "generation_config.json"), "w"), indent=2)

    # check with onnxruntime that the prompt really yields the script
    sess = ort.InferenceSession(os.path.join(OUT, "model.onnx"), providers=["CPUExecutionProvider"])
    ids = list(prompt_ids)
    feed = {"input_ids": np.array([ids]), "attention_mask": np.ones((1, len(ids)), np.int64),
            "position_ids": np.arange(len(ids))[None], "past_key_values.0.key": np.zeros((1, 1, 0, 4), np.float32),
            "past_key_values.0.value": np.zeros((1, 1, 0, 4), np.float32)}
    out = []
    for _ in range(len(script_ids)):
        res = sess.run(None, feed)
        nxt = int(np.argmax(res[0][0, -1]))
        out.append(nxt)
        feed = {"input_ids": np.array([[nxt]]), "attention_mask": np.ones((1, len(ids) + len(out)), np.int64),
                "position_ids": np.array([[len(ids) + len(out) - 1]]), "past_key_values.0.key": res[1],
                "past_key_values.0.value": res[2]}
    assert out == script_ids, (out, script_ids)
    json.dump({"messages": MESSAGES, "rendered": rendered, "prompt_tokens": len(prompt_ids),
               "script": SCRIPT, "completion_tokens": len(script_ids),
               "content": "Hello! How can I help you today?",
               "reasoning_content": "The user greets me. I should reply politely."},
              open(os.path.join(OUT, "reference.json"), "w"), indent=1)
    print("wrote", OUT, "vocab", vocab, "prompt", len(prompt_ids), "script", len(script_ids),
          "bytes", os.path.getsize(os.path.join(OUT, "model.onnx")))


if __name__ == "__main__":
    main()
