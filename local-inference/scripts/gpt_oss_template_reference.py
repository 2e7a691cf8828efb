#!/usr/bin/env python3
"""Render the official gpt-oss chat template (../shared/models/gpt-oss-20b/chat_template.jinja, read in place, never
copied) with Python jinja2 configured as transformers configures it, for the cases ChatTemplateGptOssTest checks
byte for byte (src/test/resources/gpt-oss-template/renders.json). strftime_now is pinned to DATE.
Usage: pip install jinja2 && python gpt_oss_template_reference.py [TEMPLATE]
"""
import json, os, sys
import jinja2, jinja2.ext, jinja2.sandbox

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "models", "gpt-oss-20b", "chat_template.jinja")
if not os.path.exists(TEMPLATE):
    TEMPLATE = "/work/shared/models/gpt-oss-20b/chat_template.jinja"
DATE = "2026-12-01"
WEATHER = {"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city",
           "parameters": {"type": "object", "properties": {
               "city": {"type": "string", "description": "City name"},
               "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"},
               "days": {"type": "integer", "default": 1}},
               "required": ["city"]}}}
CLOCK = {"type": "function", "function": {"name": "get_time", "description": "The current time", "parameters": {}}}
CALL = {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}}
CASES = [
    {"name": "plain", "messages": [{"role": "user", "content": "Hello there"}]},
    {"name": "system", "messages": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Hi"}]},
    {"name": "developer", "messages": [{"role": "developer", "content": "Answer in French."},
                                       {"role": "user", "content": "What is the capital of Italy?"}]},
    {"name": "effort-low", "reasoning_effort": "low", "messages": [{"role": "user", "content": "2+2?"}]},
    {"name": "effort-medium", "reasoning_effort": "medium", "messages": [{"role": "user", "content": "2+2?"}]},
    {"name": "effort-high", "reasoning_effort": "high", "messages": [{"role": "user", "content": "2+2?"}]},
    {"name": "tools", "tools": [WEATHER, CLOCK], "messages": [
        {"role": "system", "content": "Use tools when useful."}, {"role": "user", "content": "Weather in Paris?"}]},
    {"name": "tool-round-trip", "tools": [WEATHER], "messages": [
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": "", "thinking": "I should call get_weather.", "tool_calls": [CALL]},
        {"role": "tool", "tool_call_id": "call_1", "content": "{\"temperature\": 21, \"sky\": \"clear\"}"}]},
    {"name": "tool-round-trip-answered", "tools": [WEATHER], "messages": [
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": "", "thinking": "I should call get_weather.", "tool_calls": [CALL]},
        {"role": "tool", "tool_call_id": "call_1", "content": "{\"temperature\": 21}"},
        {"role": "assistant", "content": "It is 21 degrees in Paris."},
        {"role": "user", "content": "Thanks!"}]},
    {"name": "multi-turn-drops-analysis", "messages": [
        {"role": "user", "content": "Name a colour."},
        {"role": "assistant", "content": "Blue.", "thinking": "Any colour will do."},
        {"role": "user", "content": "Another one?"}]},
]


def render(case):
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                                       extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = lambda x, ensure_ascii=False, indent=None, separators=None, sort_keys=False: json.dumps(
        x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: DATE
    kwargs = {k: v for k, v in case.items() if k in ("tools", "reasoning_effort")}
    return env.from_string(open(TEMPLATE).read()).render(messages=case["messages"], add_generation_prompt=True, **kwargs)


out = [dict(case, rendered=render(case)) for case in CASES]
path = os.path.join(HERE, "..", "src", "test", "resources", "gpt-oss-template", "renders.json")
json.dump({"generator": f"jinja2 {jinja2.__version__}, trim_blocks, lstrip_blocks, strftime_now -> {DATE}",
           "date": DATE, "cases": out}, open(path, "w"), indent=1, ensure_ascii=False)
print("wrote", path, len(out), "cases")
