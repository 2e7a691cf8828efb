#!/usr/bin/env python3
"""Record reference embeddings/cosines for the all-MiniLM-L6-v2 ONNX model that `mvn package` unpacks from
langchain4j's jar into target/models/all-minilm-l6-v2 (mean pooling + L2 norm, as sentence-transformers does).

Usage: python minilm_reference.py [MODEL_DIR] [OUT_JSON]
"""
import json, sys, os
import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

here = os.path.dirname(os.path.abspath(__file__))
model_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "target", "models", "all-minilm-l6-v2")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "src", "test", "resources", "minilm-reference.json")

tok = Tokenizer.from_file(os.path.join(model_dir, "all-minilm-l6-v2-tokenizer.json"))
tok.no_padding(); tok.no_truncation()
sess = ort.InferenceSession(os.path.join(model_dir, "all-minilm-l6-v2.onnx"), providers=["CPUExecutionProvider"])
names = [i.name for i in sess.get_inputs()]

def embed(text):
    e = tok.encode(text)
    feed = {"input_ids": np.array([e.ids], np.int64), "attention_mask": np.array([e.attention_mask], np.int64)}
    if "token_type_ids" in names:
        feed["token_type_ids"] = np.array([e.type_ids], np.int64)
    h = sess.run(None, feed)[0][0]
    m = np.array(e.attention_mask, np.float32)[:, None]
    v = (h * m).sum(0) / m.sum()
    return v / np.linalg.norm(v), len(e.ids)

texts = ["The cat sits on the mat.", "A cat is sitting on a rug.", "Quarterly revenue grew by ten percent.",
         "The merger terms are confidential.", "Das Wetter ist heute schön."]
vecs, counts = zip(*[embed(t) for t in texts])
pairs = [[i, j, float(np.dot(vecs[i], vecs[j]))] for i in range(len(texts)) for j in range(i + 1, len(texts))]
json.dump({"generator": "Python onnxruntime " + ort.__version__ + ", mean pooling, L2 normalised",
           "texts": texts, "token_counts": list(counts), "first_dims": [v[:8].tolist() for v in vecs],
           "cosines": pairs}, open(out, "w"), indent=1)
print("wrote", out)
