"""A tiny Responses API stand-in that records what real clients send.

Every POST body (and the headers, with credentials masked) is written to OUT_DIR as NNN-<path>.json; the
answer is a minimal valid Responses object or SSE stream, so a client such as `codex exec` completes its
turn. The first turn of a conversation that offers a function tool named in CALL_TOOL gets a
function_call back (so the client's follow-up with function_call_output is recorded too).

usage: python3 responses_recorder.py OUT_DIR [--call-tool NAME --call-args JSON [--call-namespace NS]] [--sse-files F1,F2]
(prints its port; a custom tool gets a custom_tool_call with CALL_ARGS as its input; with --sse-files the Nth
streamed request is answered with the bytes of the Nth file, e.g. a stream the gateway's translator produced)
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OUT = sys.argv[1]
CALL_TOOL = sys.argv[sys.argv.index("--call-tool") + 1] if "--call-tool" in sys.argv else None
CALL_ARGS = sys.argv[sys.argv.index("--call-args") + 1] if "--call-args" in sys.argv else "{}"
SSE_FILES = sys.argv[sys.argv.index("--sse-files") + 1].split(",") if "--sse-files" in sys.argv else []
CALL_NAMESPACE = sys.argv[sys.argv.index("--call-namespace") + 1] if "--call-namespace" in sys.argv else None
SECRET_HEADERS = {"authorization", "x-api-key", "cookie"}
counter = [0]
lock = threading.Lock()


def response_object(body, output, status="completed"):
    return {
        "id": "resp_rec%06d" % counter[0], "object": "response", "created_at": int(time.time()),
        "status": status, "error": None, "incomplete_details": None,
        "instructions": body.get("instructions"), "max_output_tokens": body.get("max_output_tokens"),
        "model": body.get("model"), "output": output, "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "previous_response_id": body.get("previous_response_id"), "reasoning": body.get("reasoning") or {"effort": None, "summary": None},
        "store": body.get("store", True), "temperature": body.get("temperature", 1.0),
        "text": body.get("text") or {"format": {"type": "text"}}, "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools", []), "top_p": body.get("top_p", 1.0), "truncation": "disabled",
        "usage": {"input_tokens": 10, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 5,
                  "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 15},
        "user": None, "metadata": body.get("metadata") or {},
    }


def wants_call(body):
    if not CALL_TOOL:
        return False
    items = body.get("input")
    if isinstance(items, list) and any(isinstance(i, dict) and i.get("type") in ("function_call_output", "custom_tool_call_output") for i in items):
        return False
    return tool_type(body) is not None


def tool_type(body):
    tools = list(body.get("tools") or [])
    for item in body.get("input") if isinstance(body.get("input"), list) else []:
        if isinstance(item, dict) and item.get("type") == "additional_tools":
            tools += item.get("tools") or []
    for t in tools:
        if CALL_NAMESPACE is None and t.get("name") == CALL_TOOL:
            return t.get("type")
        if CALL_NAMESPACE is not None and t.get("type") == "namespace" and t.get("name") == CALL_NAMESPACE:
            for inner in t.get("tools") or []:
                if inner.get("name") == CALL_TOOL:
                    return inner.get("type")
    return None


def output_items(body):
    n = counter[0]
    if wants_call(body) and tool_type(body) == "custom":
        call = {"id": "ctc_rec%06d" % n, "type": "custom_tool_call", "status": "completed", "call_id": "call_rec%06d" % n,
                "name": CALL_TOOL, "input": CALL_ARGS}
        if CALL_NAMESPACE:
            call["namespace"] = CALL_NAMESPACE
        return [call]
    if wants_call(body):
        call = {"id": "fc_rec%06d" % n, "type": "function_call", "status": "completed", "call_id": "call_rec%06d" % n,
                "name": CALL_TOOL, "arguments": CALL_ARGS}
        if CALL_NAMESPACE:
            call["namespace"] = CALL_NAMESPACE
        return [call]
    return [{"id": "msg_rec%06d" % n, "type": "message", "status": "completed", "role": "assistant",
             "content": [{"type": "output_text", "text": "recorded", "annotations": [], "logprobs": []}]}]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        # Codex asks for the model list on start; an empty list is a valid answer
        data = json.dumps({"object": "list", "data": [], "models": []}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("content-length", "0")))
        body = json.loads(raw or b"{}")
        with lock:
            counter[0] += 1
            n = counter[0]
            headers = {k.lower(): ("<redacted>" if k.lower() in SECRET_HEADERS else v) for k, v in self.headers.items()}
            name = "%03d-%s.json" % (n, self.path.strip("/").replace("/", "_"))
            with open(os.path.join(OUT, name), "w") as f:
                json.dump({"path": self.path, "headers": headers, "body": body}, f, indent=2)
            items = output_items(body)
        if body.get("stream") and n <= len(SSE_FILES):
            data = open(SSE_FILES[n - 1], "rb").read()
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif body.get("stream"):
            self.stream(body, items)
        else:
            data = json.dumps(response_object(body, items)).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    def stream(self, body, items):
        seq = [0]
        out = []

        def event(e):
            e["sequence_number"] = seq[0]
            seq[0] += 1
            out.append(("event: %s\ndata: %s\n\n" % (e["type"], json.dumps(e))).encode())

        event({"type": "response.created", "response": response_object(body, [], "in_progress") | {"usage": None}})
        event({"type": "response.in_progress", "response": response_object(body, [], "in_progress") | {"usage": None}})
        for i, item in enumerate(items):
            if item["type"] == "message":
                event({"type": "response.output_item.added", "output_index": i, "item": item | {"status": "in_progress", "content": []}})
                part = item["content"][0]
                event({"type": "response.content_part.added", "item_id": item["id"], "output_index": i, "content_index": 0, "part": part | {"text": ""}})
                event({"type": "response.output_text.delta", "item_id": item["id"], "output_index": i, "content_index": 0, "delta": part["text"], "logprobs": []})
                event({"type": "response.output_text.done", "item_id": item["id"], "output_index": i, "content_index": 0, "text": part["text"], "logprobs": []})
                event({"type": "response.content_part.done", "item_id": item["id"], "output_index": i, "content_index": 0, "part": part})
            elif item["type"] == "custom_tool_call":
                event({"type": "response.output_item.added", "output_index": i, "item": item | {"status": "in_progress", "input": ""}})
                event({"type": "response.custom_tool_call_input.delta", "item_id": item["id"], "output_index": i, "delta": item["input"]})
                event({"type": "response.custom_tool_call_input.done", "item_id": item["id"], "output_index": i, "input": item["input"]})
            else:
                event({"type": "response.output_item.added", "output_index": i, "item": item | {"status": "in_progress", "arguments": ""}})
                event({"type": "response.function_call_arguments.delta", "item_id": item["id"], "output_index": i, "delta": item["arguments"]})
                event({"type": "response.function_call_arguments.done", "item_id": item["id"], "output_index": i, "arguments": item["arguments"]})
            event({"type": "response.output_item.done", "output_index": i, "item": item})
        event({"type": "response.completed", "response": response_object(body, items)})
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("content-length", str(sum(len(c) for c in out)))
        self.end_headers()
        for c in out:
            self.wfile.write(c)
            self.wfile.flush()


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
