#!/usr/bin/env python3
"""Generate models/tiny-gpt-oss-tools/: a scripted decoder that speaks harmony with the real o200k_harmony ids, to
test a tool-call round trip end to end (the official chat template, the real tokenizer, tool_calls out, tool results
back in). It is not a language model: its next token is looked up by a hash of the last 8 tokens of the sequence
(prompt plus output so far), kept in its "KV cache", so it answers the scripted conversations below whatever the
rest of the prompt says (e.g. the date the template writes). I/O as the genai builder's: input_ids, attention_mask,
past_key_values.0.key|value -> logits, present.0.key|value; no position_ids.
Usage: pip install onnx onnxruntime numpy tiktoken jinja2 && python make_tiny_gpt_oss_tools.py
"""
import json, os, sys
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))
sys.argv = sys.argv[:1]
import o200k_harmony_reference as o200k   # the offline tiktoken o200k_harmony encoding (and its self-check output)
import gpt_oss_template_reference as tpl  # the official template rendered by jinja2

OUT = os.path.join(HERE, "..", "models", "tiny-gpt-oss-tools")
VOCAB, K, EOS = 201088, 8, 199999
WEATHER = tpl.WEATHER
TURN1 = [{"role": "user", "content": "What is the weather in Paris?"}]
ANSWER1 = ("<|channel|>analysis<|message|>The user wants the weather; call get_weather.<|end|>"
           "<|start|>assistant to=functions.get_weather<|channel|>commentary <|constrain|>json<|message|>"
           "{\"city\": \"Paris\", \"unit\": \"celsius\"}<|call|>")
TOOL_RESULT = "{\"temperature\": 21, \"sky\": \"clear\"}"
TURN2 = TURN1 + [{"role": "assistant", "content": "", "tool_calls": [
    {"id": "call_x", "type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}}]},
    {"role": "tool", "tool_call_id": "call_x", "content": TOOL_RESULT}]
ANSWER2 = ("<|channel|>analysis<|message|>Got 21 and clear from the tool.<|end|>"
           "<|start|>assistant<|channel|>final<|message|>It is 21 °C and clear in Paris.<|return|>")
# each term < 2^50 and the sum < 2^53: exact however onnxruntime's ReduceSum accumulates int64 (it did not wrap
# like numpy when the sum overflowed)
WEIGHTS = np.random.default_rng(20261201).integers(1, 1 << 32, K).astype(np.int64)


def key(ids):
    return int(sum(int(i) * int(w) for i, w in zip(ids[-K:], WEIGHTS)))


def main():
    enc = o200k.enc
    table = {}
    turns = []
    for messages, answer in ((TURN1, ANSWER1), (TURN2, ANSWER2)):
        prompt = enc.encode(tpl.render({"messages": messages, "tools": [WEATHER]}), allowed_special="all")
        script = enc.encode(answer, allowed_special="all")
        seq = list(prompt)
        for t in script:
            k = key(seq)
            assert table.get(k, t) == t, "two scripted continuations share an 8-token window"
            table[k] = t
            seq.append(t)
        turns.append({"messages": messages, "prompt_tokens": len(prompt), "completion_tokens": len(script)})
    keys = np.array(list(table.keys()), np.int64)
    values = np.array(list(table.values()), np.int64)
    f = TensorProto.FLOAT
    inits = [numpy_helper.from_array(keys[None, :], "keys"), numpy_helper.from_array(values, "values"),
             numpy_helper.from_array(WEIGHTS, "weights"), numpy_helper.from_array(np.array([-K], np.int64), "start"),
             numpy_helper.from_array(np.array([1 << 62], np.int64), "end"), numpy_helper.from_array(np.array([1], np.int64), "axis1"),
             numpy_helper.from_array(np.array(VOCAB, np.int64), "depth"), numpy_helper.from_array(np.array(EOS, np.int64), "eos"),
             numpy_helper.from_array(np.array([-10.0, 10.0], np.float32), "onehot_values")]
    nodes = [
        helper.make_node("Cast", ["input_ids"], ["ids_f"], to=f),
        helper.make_node("Unsqueeze", ["ids_f", "axis1"], ["ids_u"]),
        helper.make_node("Unsqueeze", ["ids_u", "kv_axis"], ["ids_kv"]),
        helper.make_node("Concat", ["past_key_values.0.key", "ids_kv"], ["present.0.key"], axis=2),
        helper.make_node("Identity", ["present.0.key"], ["present.0.value"]),
        helper.make_node("Reshape", ["present.0.key", "flat_shape"], ["all_f"]),
        helper.make_node("Cast", ["all_f"], ["all"], to=TensorProto.INT64),
        helper.make_node("Slice", ["all", "start", "end", "axis1"], ["last"]),
        helper.make_node("Mul", ["last", "weights"], ["weighted"]),
        helper.make_node("ReduceSum", ["weighted", "axis1"], ["key"], keepdims=1),                 # [b, 1]
        helper.make_node("Equal", ["key", "keys"], ["hit"]),                                        # [b, N]
        helper.make_node("Cast", ["hit"], ["hit_f"], to=f),
        helper.make_node("ArgMax", ["hit_f"], ["slot"], axis=1, keepdims=0),
        helper.make_node("ReduceMax", ["hit_f"], ["found"], axes=[1], keepdims=0),
        helper.make_node("Gather", ["values", "slot"], ["scripted"], axis=0),
        helper.make_node("Cast", ["found"], ["found_b"], to=TensorProto.BOOL),
        helper.make_node("Where", ["found_b", "scripted", "eos"], ["next"]),
        helper.make_node("OneHot", ["next", "depth", "onehot_values"], ["one"], axis=-1),              # [b, V]
        helper.make_node("Unsqueeze", ["one", "axis1"], ["one3"]),
        helper.make_node("Shape", ["input_ids"], ["in_shape"]),
        helper.make_node("Concat", ["in_shape", "vocab_dim"], ["logits_shape"], axis=0),
        helper.make_node("Expand", ["one3", "logits_shape"], ["logits"]),
    ]
    inits += [numpy_helper.from_array(np.array([0, -1], np.int64), "flat_shape"),
              numpy_helper.from_array(np.array([VOCAB], np.int64), "vocab_dim")]
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"]),
              helper.make_tensor_value_info("past_key_values.0.key", f, ["batch_size", 1, "past_sequence_length", 1]),
              helper.make_tensor_value_info("past_key_values.0.value", f, ["batch_size", 1, "past_sequence_length", 1])]
    outputs = [helper.make_tensor_value_info("logits", f, ["batch_size", "sequence_length", VOCAB]),
               helper.make_tensor_value_info("present.0.key", f, ["batch_size", 1, "total_sequence_length", 1]),
               helper.make_tensor_value_info("present.0.value", f, ["batch_size", 1, "total_sequence_length", 1])]
    nodes = [n for n in nodes if n.op_type != "Identity"] + [helper.make_node("Identity", ["present.0.key"], ["present.0.value"])]
    nodes[2] = helper.make_node("Unsqueeze", ["ids_u", "kv_axis3"], ["ids_kv"])
    nodes[1] = helper.make_node("Unsqueeze", ["ids_f", "axis1"], ["ids_u"])
    inits.append(numpy_helper.from_array(np.array([3], np.int64), "kv_axis3"))
    model = helper.make_model(helper.make_graph(nodes, "tiny_gpt_oss_tools", inputs, outputs, inits),
                              opset_imports=[helper.make_opsetid("", 17)], producer_name="make_tiny_gpt_oss_tools.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "model.onnx")
    onnx.save(model, path)
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    for (messages, answer), turn in zip(((TURN1, ANSWER1), (TURN2, ANSWER2)), turns):
        prompt = enc.encode(tpl.render({"messages": messages, "tools": [WEATHER]}), allowed_special="all")
        feed = {"input_ids": np.array([prompt]), "attention_mask": np.ones((1, len(prompt)), np.int64),
                "past_key_values.0.key": np.zeros((1, 1, 0, 1), np.float32), "past_key_values.0.value": np.zeros((1, 1, 0, 1), np.float32)}
        out = []
        while not out or out[-1] not in (200002, 200012, EOS):
            res = sess.run(None, feed)
            out.append(int(np.argmax(res[0][0, -1])))
            feed = {"input_ids": np.array([[out[-1]]]), "attention_mask": np.ones((1, len(prompt) + len(out)), np.int64),
                    "past_key_values.0.key": res[1], "past_key_values.0.value": res[2]}
        assert enc.decode(out) == answer, enc.decode(out)
    json.dump({"architectures": ["GptOssForCausalLM"], "model_type": "scripted-harmony-tools-fixture", "vocab_size": VOCAB,
               "num_hidden_layers": 1, "num_key_value_heads": 1, "head_dim": 1, "max_position_embeddings": 4096,
               "eos_token_id": 200002}, open(os.path.join(OUT, "config.json"), "w"), indent=2)
    json.dump({"eos_token_id": [200002, 200012, EOS], "do_sample": False},
              open(os.path.join(OUT, "generation_config.json"), "w"), indent=2)
    json.dump({"tools": [WEATHER], "turns": turns, "tool_result": TOOL_RESULT,
               "tool_call": {"name": "get_weather", "arguments": "{\"city\": \"Paris\", \"unit\": \"celsius\"}"},
               "reasoning_1": "The user wants the weather; call get_weather.",
               "reasoning_2": "Got 21 and clear from the tool.", "content_2": "It is 21 °C and clear in Paris."},
              open(os.path.join(OUT, "reference.json"), "w"), indent=1, ensure_ascii=False)
    print("wrote", OUT, os.path.getsize(path), "bytes", len(table), "scripted steps")
    write_external(model)


def write_external(model):
    """The same graph laid out as the public builder exports are (onnxruntime/gpt-oss-20b-onnx's
    cuda/cuda-int4-kquant-block-32-mixed/: model.onnx with its weights in model.onnx.data beside it)."""
    out = OUT + "-external"
    os.makedirs(out, exist_ok=True)
    onnx.save_model(model, os.path.join(out, "model.onnx"), save_as_external_data=True, all_tensors_to_one_file=True,
                    location="model.onnx.data", size_threshold=256)   # shape constants stay inline, as the builder keeps them
    for name in ("config.json", "generation_config.json"):
        with open(os.path.join(OUT, name)) as src, open(os.path.join(out, name), "w") as dst:
            dst.write(src.read())


if __name__ == "__main__":
    main()
