#!/usr/bin/env python3
"""Drives the real `anthropic` Python SDK against ANTHROPIC_BASE_URL: the calls whose wire shape the Messages
translators are tested on (plain, streamed, tools with the tool_result follow-up, thinking, image and document
blocks, count_tokens). Prints one line per call so a recorder's files can be matched to them in order."""
import base64
import os

import anthropic

client = anthropic.Anthropic(base_url=os.environ["ANTHROPIC_BASE_URL"], api_key=os.environ.get("ANTHROPIC_API_KEY", "x"),
                             max_retries=0)
MODEL = "claude-opus-5-5"
WEATHER = {
    "name": "get_weather",
    "description": "Current weather for a city.",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}

# 1 plain, with the common sampling and metadata parameters (this SDK version no longer has keyword arguments
# for temperature/top_p/top_k, so they go as extra_body, the way older SDKs and other clients still send them)
m = client.messages.create(model=MODEL, max_tokens=256, system="You answer briefly.", cache_control={"type": "ephemeral"},
                           stop_sequences=["\n\nHuman:"], metadata={"user_id": "user-123"},
                           extra_body={"temperature": 0.2, "top_p": 0.9, "top_k": 40},
                           messages=[{"role": "user", "content": "Say hello"}])
print("plain", m.stop_reason, m.content[0].text)

# 2 streamed
with client.messages.stream(model=MODEL, max_tokens=256, messages=[{"role": "user", "content": "Count to three"}]) as s:
    final = s.get_final_message()
print("stream", final.stop_reason, final.content[0].text)

# 3 tools, then 4 the tool_result follow-up (text blocks and is_error)
first = client.messages.create(model=MODEL, max_tokens=512, tools=[WEATHER], tool_choice={"type": "auto"},
                               messages=[{"role": "user", "content": "Weather in Paris?"}])
use = next(b for b in first.content if b.type == "tool_use")
print("tools", first.stop_reason, use.name, use.input)
second = client.messages.create(
    model=MODEL, max_tokens=512, tools=[WEATHER], tool_choice={"type": "any"},
    messages=[{"role": "user", "content": "Weather in Paris?"},
              {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in first.content]},
              {"role": "user", "content": [
                  {"type": "tool_result", "tool_use_id": use.id, "is_error": True,
                   "content": [{"type": "text", "text": "weather service unreachable"}]},
                  {"type": "text", "text": "Try again later?"}]}])
print("tool_result", second.stop_reason, second.content[0].text)

# 5 extended thinking with a budget
t = client.messages.create(model=MODEL, max_tokens=4096, thinking={"type": "enabled", "budget_tokens": 2048},
                           messages=[{"role": "user", "content": "Why is the sky blue?"}])
print("thinking", t.stop_reason)

# 6 an image and a PDF document, base64
png = base64.b64encode(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                                     "1f15c4890000000d49444154789c6360000002000185d4b8d20000000049454e44ae426082")).decode()
pdf = base64.b64encode(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").decode()
mm = client.messages.create(model=MODEL, max_tokens=256, messages=[{"role": "user", "content": [
    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": png}},
    {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": pdf}, "title": "memo.pdf"},
    {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "plain notes"}},
    {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.png"}},
    {"type": "text", "text": "Describe these."}]}])
print("multimodal", mm.stop_reason)

# 7 count_tokens
n = client.messages.count_tokens(model=MODEL, system="You answer briefly.", tools=[WEATHER],
                                 messages=[{"role": "user", "content": "Say hello"}])
print("count_tokens", n.input_tokens)
