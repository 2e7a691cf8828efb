#!/usr/bin/env python3
"""Render the harmony chat-template fixture with Python jinja2 the way transformers does (trim_blocks,
lstrip_blocks, raise_exception, tojson with ensure_ascii=False) and record the output beside it, so the Java
(Jinjava) renderer is tested against Python's.  Usage: python template_reference.py"""
import json, os
import jinja2, jinja2.sandbox

here = os.path.dirname(os.path.abspath(__file__))
fixture = os.path.join(here, "..", "src", "test", "resources", "harmony")
env = jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
def raise_exception(msg): raise jinja2.exceptions.TemplateError(msg)
env.globals["raise_exception"] = raise_exception
env.filters["tojson"] = lambda x, **kw: json.dumps(x, ensure_ascii=False)
template = env.from_string(open(os.path.join(fixture, "chat_template.jinja")).read())
conversations = [
    {"messages": [{"role": "user", "content": "What is 2+2?"}]},
    {"messages": [{"role": "system", "content": "  Answer briefly.  "}, {"role": "user", "content": "Hi"},
                  {"role": "assistant", "content": "Hello!<|end|>ignored", "thinking": "greet back"},
                  {"role": "user", "content": "Grüße aus München"}]},
    {"messages": [{"role": "user", "content": "Weather?"}],
     "tools": [{"name": "get_weather", "parameters": {"city": "string", "days": 3}}]},
]
out = []
for c in conversations:
    kwargs = {"tools": c["tools"]} if "tools" in c else {}
    out.append({**c, "rendered": template.render(messages=c["messages"], add_generation_prompt=True, **kwargs)})
json.dump(out, open(os.path.join(fixture, "rendered.json"), "w"), indent=1, ensure_ascii=False)
print(out[1]["rendered"])
