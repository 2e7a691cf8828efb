#!/usr/bin/env python3
"""Record tiktoken's o200k_harmony encodings of a few texts (src/test/resources/o200k_harmony/encodings.json), which
the tokenizer.json that HarmonyTokenizerFile writes must reproduce through Hugging Face tokenizers (DJL).
Offline: o200k_base.tiktoken is read from jtokkit's jar. Usage: pip install tiktoken && python o200k_harmony_reference.py JAR
"""
import base64, json, os, sys, zipfile
import tiktoken
import tiktoken_ext.openai_public as public

HERE = os.path.dirname(os.path.abspath(__file__))
jar = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.m2/repository/com/knuddels/jtokkit/1.1.0/jtokkit-1.1.0.jar")
data = zipfile.ZipFile(jar).read("com/knuddels/jtokkit/o200k_base.tiktoken").decode()
ranks = {base64.b64decode(t): int(r) for t, r in (l.split() for l in data.splitlines() if l)}
public.load_tiktoken_bpe = lambda *a, **k: ranks
spec = public.o200k_harmony()
enc = tiktoken.Encoding(spec["name"], pat_str=spec["pat_str"], mergeable_ranks=ranks, special_tokens=spec["special_tokens"])
TEXTS = [
    "Hello, world!", "The gateway keeps sensitive data inside the building.",
    "  leading spaces and trailing  ", "line one\nline two\r\n\n\ttabbed",
    "Zahlen: 1234567 und 3.14159, IBAN DE89 3704 0044 0532 0130 00",
    "naïve café — «quotes» and emoji 🙂👍🏽 and CJK 日本語のテキスト",
    "don't I'LL we've THEY'RE", "def f(x):\n    return x**2  # comment",
    "<|start|>user<|message|>What is the weather in Paris?<|end|><|start|>assistant",
    "<|channel|>analysis<|message|>think<|end|><|start|>assistant to=functions.get_weather<|channel|>commentary "
    "<|constrain|>json<|message|>{\"city\": \"Paris\"}<|call|>",
    "<|endofprompt|><|reserved_200019|><|reserved_201087|><|return|>",
]
cases = [{"text": t, "ids": enc.encode(t, allowed_special="all")} for t in TEXTS]
out = os.path.join(HERE, "..", "src", "test", "resources", "o200k_harmony", "encodings.json")
json.dump({"generator": f"tiktoken {tiktoken.__version__} o200k_harmony", "n_vocab": enc.n_vocab, "cases": cases},
          open(out, "w"), indent=1, ensure_ascii=False)
print("n_vocab", enc.n_vocab, "wrote", out)
