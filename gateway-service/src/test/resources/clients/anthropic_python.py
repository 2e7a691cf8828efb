#!/usr/bin/env python3
"""The `anthropic` Python SDK against GATEWAY_URL (no /v1: the SDK adds it): messages.create plain and streamed,
a tool_use and the tool_result follow-up, count_tokens, and errors. ERROR_CHECKS (comma-separated, default all)
picks the error cases: invalid (temperature 5 -> 400), auth (a bad key -> 401), model (an unknown model -> 404),
too_large (a body over the gateway's limit -> 413). Against a stand-in without auth or models, use ERROR_CHECKS=invalid."""
import os

import anthropic

from common import BASE, KEY, attempt, check, done, text_ok

client = anthropic.Anthropic(base_url=BASE, api_key=KEY, max_retries=0)
MODEL = os.environ.get("MODEL", "claude-sonnet-4-5")
ERRORS = [e for e in os.environ.get("ERROR_CHECKS", "invalid,auth,model,too_large").split(",") if e]
WEATHER = {"name": "get_weather", "description": "Current weather for a city.",
           "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}
ASK = [{"role": "user", "content": "What is the Weather in Paris?"}]


def signed(message):
    return all(b.signature for b in message.content if b.type == "thinking")


def plain():
    m = client.messages.create(model=MODEL, max_tokens=64, system="Be brief.", messages=[{"role": "user", "content": "Say hello"}])
    check("anthropic plain", m.content and m.content[-1].type == "text" and text_ok(m.content[-1].text)
          and m.stop_reason == "end_turn" and m.usage.input_tokens > 0 and m.usage.output_tokens > 0 and signed(m),
          "%s %s %s" % ([b.type for b in m.content], m.stop_reason, m.usage.model_dump(exclude_none=True)))


def stream():
    with client.messages.stream(model=MODEL, max_tokens=256, messages=[{"role": "user", "content": "Say hello"}]) as s:
        text = "".join(s.text_stream)
        final = s.get_final_message()
    check("anthropic stream", text_ok(text) and final.content[-1].text == text and final.stop_reason == "end_turn"
          and final.usage.output_tokens > 0 and signed(final),
          "%s %r %s" % ([b.type for b in final.content], text, final.usage.model_dump(exclude_none=True)))


def tools():
    first = client.messages.create(model=MODEL, max_tokens=512, tools=[WEATHER], messages=ASK)
    use = next((b for b in first.content if b.type == "tool_use"), None)
    check("anthropic tool_use", first.stop_reason == "tool_use" and use is not None and use.name == "get_weather"
          and isinstance(use.input, dict), "%s %s" % (first.stop_reason, use and (use.name, use.input)))
    with client.messages.stream(model=MODEL, max_tokens=512, tools=[WEATHER], messages=ASK) as s:
        streamed = s.get_final_message()
    suse = next((b for b in streamed.content if b.type == "tool_use"), None)
    check("anthropic tool_use streamed", streamed.stop_reason == "tool_use" and suse is not None and isinstance(suse.input, dict),
          "%s %s" % (streamed.stop_reason, suse and (suse.name, suse.input)))
    if use is None:
        return
    second = client.messages.create(model=MODEL, max_tokens=512, tools=[WEATHER], messages=ASK + [
        {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in first.content]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "18C, sunny"}]}])
    check("anthropic tool_result follow-up", second.stop_reason == "end_turn" and text_ok(second.content[-1].text),
          "%s %r" % (second.stop_reason, second.content[-1].text))


def count_tokens():
    small = client.messages.count_tokens(model=MODEL, messages=[{"role": "user", "content": "Say hello"}])
    big = client.messages.count_tokens(model=MODEL, messages=[{"role": "user", "content": "Say hello"}], tools=[WEATHER])
    check("anthropic count_tokens", isinstance(small.input_tokens, int) and 0 < small.input_tokens < big.input_tokens,
          "%d without tools, %d with" % (small.input_tokens, big.input_tokens))


def expect_error(name, call, exc, status, etype):
    try:
        call()
        check("anthropic error " + name, False, "no error raised")
    except exc as e:
        body = e.body if isinstance(e.body, dict) else {}
        err = body.get("error", {})
        check("anthropic error " + name, e.status_code == status and body.get("type") == "error" and err.get("type") == etype
              and len(err.get("message", "")) > 10, "%s %s" % (e.status_code, body))


def errors():
    say = [{"role": "user", "content": "x"}]
    cases = {
        "invalid": lambda: expect_error("invalid", lambda: client.messages.create(
            model=MODEL, max_tokens=64, extra_body={"temperature": 5}, messages=say),
            anthropic.BadRequestError, 400, "invalid_request_error"),
        "auth": lambda: expect_error("auth", lambda: anthropic.Anthropic(base_url=BASE, api_key="sk-not-a-key", max_retries=0)
                                     .messages.create(model=MODEL, max_tokens=64, messages=say),
                                     anthropic.AuthenticationError, 401, "authentication_error"),
        "model": lambda: expect_error("model", lambda: client.messages.create(
            model="no-such-model-anywhere", max_tokens=64, messages=say), anthropic.NotFoundError, 404, "not_found_error"),
        "too_large": lambda: expect_error("too_large", lambda: client.messages.create(
            model=MODEL, max_tokens=64, messages=[{"role": "user", "content": "a" * (5 * 1024 * 1024)}]),
            anthropic.APIStatusError, 413, "request_too_large"),
    }
    for e in ERRORS:
        attempt("anthropic error " + e, cases[e])


for name, fn in [("plain", plain), ("stream", stream), ("tools", tools), ("count_tokens", count_tokens), ("errors", errors)]:
    attempt("anthropic " + name, fn)
done()
