#!/usr/bin/env python3
"""openai-python (openai 3.x) on the Responses API against GATEWAY_URL/v1: create plain and streamed, a function
tool with the function_call_output follow-up (by previous_response_id, and stateless with the items replayed),
retrieve, delete, and the 404 after delete."""
import json
import os

import openai

from common import KEY, BASE, attempt, check, done, text_ok

client = openai.OpenAI(base_url=BASE + "/v1", api_key=KEY, max_retries=0)
MODEL = os.environ.get("MODEL", "auto")
WEATHER = {"type": "function", "name": "get_weather", "description": "Current weather for a city",
           "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}
state = {}


def plain():
    r = client.responses.create(model=MODEL, input="Say hello", instructions="Be brief.", max_output_tokens=64,
                                metadata={"driver": "openai-python"})
    check("python responses plain", r.status == "completed" and text_ok(r.output_text) and r.id.startswith("resp_")
          and r.usage is not None and r.usage.total_tokens > 0, "%s %r %s" % (r.status, r.output_text, r.usage))


def stream():
    kinds, seq, text, completed = [], [], "", None
    for e in client.responses.create(model=MODEL, input="Say hello", stream=True):
        kinds.append(e.type)
        seq.append(e.sequence_number)
        if e.type == "response.output_text.delta":
            text += e.delta
        if e.type == "response.completed":
            completed = e.response
    ordered = all(b > a for a, b in zip(seq, seq[1:]))
    check("python responses stream", kinds[:1] == ["response.created"] and kinds[-1:] == ["response.completed"] and ordered
          and text_ok(text) and completed is not None and completed.output_text == text,
          "%d events %s..%s text=%r ordered=%s" % (len(kinds), kinds[:1], kinds[-1:], text, ordered))


def tools():
    first = client.responses.create(model=MODEL, input="What is the weather in Paris?", tools=[WEATHER])
    call = next((o for o in first.output if o.type == "function_call"), None)
    args = json.loads(call.arguments) if call else None
    check("python responses function_call", call is not None and call.name == "get_weather" and isinstance(args, dict)
          and call.call_id, "%s %s" % ([o.type for o in first.output], call and (call.name, call.arguments, call.call_id)))
    if call is None:
        return
    second = client.responses.create(model=MODEL, previous_response_id=first.id, tools=[WEATHER],
                                     input=[{"type": "function_call_output", "call_id": call.call_id, "output": "18C, sunny"}])
    check("python responses previous_response_id + function_call_output", second.status == "completed"
          and text_ok(second.output_text) and second.previous_response_id == first.id,
          "%s %r previous=%s" % (second.status, second.output_text, second.previous_response_id))
    stateless = client.responses.create(model=MODEL, tools=[WEATHER], input=[
        {"role": "user", "content": "What is the weather in Paris?"},
        {"type": "function_call", "call_id": call.call_id, "name": call.name, "arguments": call.arguments},
        {"type": "function_call_output", "call_id": call.call_id, "output": "18C, sunny"}])
    check("python responses function_call_output replayed", stateless.status == "completed" and text_ok(stateless.output_text),
          "%s %r" % (stateless.status, stateless.output_text))
    state["id"], state["text"] = second.id, second.output_text


def retrieve_and_delete():
    rid = state["id"]
    got = client.responses.retrieve(rid)
    check("python responses retrieve", got.id == rid and got.output_text == state["text"], "%s %r" % (got.id, got.output_text))
    deleted = client.responses.delete(rid)   # the SDK returns None; the wire answer is {"id","object","deleted":true}
    check("python responses delete", deleted is None, repr(deleted))
    try:
        client.responses.retrieve(rid)
        check("python responses 404 after delete", False, "retrieve succeeded")
    except openai.NotFoundError as e:
        check("python responses 404 after delete", e.status_code == 404 and e.body.get("type") == "invalid_request_error"
              and rid in e.body.get("message", ""), "%s %s" % (e.status_code, e.body))


for name, fn in [("plain", plain), ("stream", stream), ("tools", tools), ("retrieve/delete", retrieve_and_delete)]:
    attempt("python responses " + name, fn)
done()
