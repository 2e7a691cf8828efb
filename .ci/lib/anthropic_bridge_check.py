#!/usr/bin/env python3
"""Checks that the real `anthropic` Python SDK reads what the Messages translators produce (through
BridgeStandIn): whole and streamed answers, thinking blocks with signatures, tool_use and the tool_result
follow-up, count_tokens, and an invalid request surfacing as the SDK's BadRequestError. Exits non-zero on a
mismatch; prints one line per check."""
import os
import sys

import anthropic

client = anthropic.Anthropic(base_url=os.environ["ANTHROPIC_BASE_URL"], api_key="x", max_retries=0)
MODEL = "claude-opus-5-5"
WEATHER = {"name": "get_weather", "description": "Current weather for a city.",
           "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}
failures = []


def check(name, ok, detail):
    print(("ok   " if ok else "FAIL ") + name + ": " + detail)
    if not ok:
        failures.append(name)


m = client.messages.create(model=MODEL, max_tokens=64, messages=[{"role": "user", "content": "Say hello"}])
check("plain", [b.type for b in m.content] == ["text"] and m.content[0].text == "Hello from the bridge."
      and m.stop_reason == "end_turn" and m.usage.input_tokens == 42 and m.usage.output_tokens == 7,
      "%s %s %s" % ([b.type for b in m.content], m.stop_reason, m.usage.model_dump(exclude_none=True)))

with client.messages.stream(model=MODEL, max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048},
                            messages=[{"role": "user", "content": "Say hello"}]) as s:
    texts = [t for t in s.text_stream]
    final = s.get_final_message()
check("stream+thinking", [b.type for b in final.content] == ["thinking", "text"]
      and final.content[0].thinking == "The user greets me." and final.content[0].signature.startswith("gateway-sha256:")
      and "".join(texts) == "Hello from the bridge." and final.usage.input_tokens == 42 and final.usage.output_tokens == 7,
      "%s text_stream=%r %s" % ([b.type for b in final.content], "".join(texts), final.usage.model_dump(exclude_none=True)))

first = client.messages.create(model=MODEL, max_tokens=512, tools=[WEATHER],
                               messages=[{"role": "user", "content": "Weather in Paris?"}])
use = next((b for b in first.content if b.type == "tool_use"), None)
check("tool_use", first.stop_reason == "tool_use" and use is not None and use.input == {"city": "Paris"},
      "%s %s" % (first.stop_reason, use and (use.name, use.input)))

with client.messages.stream(model=MODEL, max_tokens=512, tools=[WEATHER],
                            messages=[{"role": "user", "content": "Weather in Paris?"}]) as s:
    streamed = s.get_final_message()
suse = next((b for b in streamed.content if b.type == "tool_use"), None)
check("tool_use streamed", streamed.stop_reason == "tool_use" and suse is not None and suse.input == {"city": "Paris"},
      "%s %s" % (streamed.stop_reason, suse and (suse.name, suse.input)))

second = client.messages.create(model=MODEL, max_tokens=512, tools=[WEATHER], messages=[
    {"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in first.content]},
    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "18C, sunny"}]}])
check("tool_result follow-up", second.stop_reason == "end_turn" and second.content[-1].text == "Hello from the bridge.",
      "%s %r" % (second.stop_reason, second.content[-1].text))

n = client.messages.count_tokens(model=MODEL, messages=[{"role": "user", "content": "Say hello"}], tools=[WEATHER])
check("count_tokens", isinstance(n.input_tokens, int) and n.input_tokens > 0, str(n.input_tokens))

try:
    client.messages.create(model=MODEL, max_tokens=64, extra_body={"temperature": 5},
                           messages=[{"role": "user", "content": "x"}])
    check("invalid request", False, "no error raised")
except anthropic.BadRequestError as e:
    check("invalid request", e.status_code == 400 and e.body["error"]["type"] == "invalid_request_error"
          and e.body["error"]["message"].startswith("temperature: "), "%s %s" % (e.status_code, e.body))

sys.exit(1 if failures else 0)
