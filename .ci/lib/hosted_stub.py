#!/usr/bin/env python3
"""A tiny stand-in for the hosted "mini" API, speaking the OpenAI wire format.

    hosted_stub.py --port 9200

POST /v1/responses: a Responses `response` (or its event stream), as the hosted API speaks it natively.
POST /v1/chat/completions: a chat completion with `usage`; with "stream": true, SSE chunks, a final
chunk carrying `usage` (as OpenAI sends with stream_options.include_usage), then `data: [DONE]`.
A request whose messages contain "FAIL" gets HTTP 500 (an OpenAI-shaped error), so that the gateway's
upstream errors and fallbacks show up. POST /v1/embeddings: deterministic vectors with usage.
GET /v1/models and GET /health for readiness. Used by .ci/check-live.sh.
"""
import argparse
import hashlib
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWER = "Nile, Amazon, Yangtze."


def count_tokens(text):
    return max(1, len(text.split()))


def message_text(body):
    parts = []
    for m in body.get("messages") or []:
        c = m.get("content")
        if isinstance(c, str):
            parts.append(c)
        elif isinstance(c, list):
            parts.extend(p.get("text", "") for p in c if isinstance(p, dict))
    return "\n".join(parts)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):   # quiet: the check's output is what matters
        pass

    def send_json(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path in ("/health", "/v1/health"):
            self.send_json(200, {"status": "ok"})
        elif self.path == "/v1/models":
            self.send_json(200, {"object": "list", "data": [
                {"id": "o3-mini", "object": "model", "owned_by": "stub"},
                {"id": "text-embedding-3-small", "object": "model", "owned_by": "stub"}]})
        else:
            self.send_json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        try:
            return json.loads(self.rfile.read(n) or b"{}")
        except ValueError:
            return None

    def do_POST(self):
        body = self.read_body()
        if body is None:
            return self.send_json(400, {"error": {"message": "invalid JSON", "type": "invalid_request_error"}})
        if self.path == "/v1/chat/completions":
            return self.chat(body)
        if self.path == "/v1/embeddings":
            return self.embeddings(body)
        if self.path == "/v1/responses":
            return self.responses_api(body)
        self.send_json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def chat(self, body):
        text = message_text(body)
        if "FAIL" in text:
            return self.send_json(500, {"error": {"message": "stub: injected failure", "type": "server_error"}})
        model = body.get("model") or "o3-mini"
        created = int(time.time())
        rid = "chatcmpl-stub-" + hashlib.sha1(f"{time.time_ns()}".encode()).hexdigest()[:12]
        words = ANSWER.split(" ")
        usage = {"prompt_tokens": count_tokens(text) + 8, "completion_tokens": len(words),
                 "total_tokens": count_tokens(text) + 8 + len(words)}
        if not body.get("stream"):
            return self.send_json(200, {
                "id": rid, "object": "chat.completion", "created": created, "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": ANSWER},
                             "finish_reason": "stop"}],
                "usage": usage})
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()

        def event(obj):
            self.wfile.write(b"data: " + json.dumps(obj).encode() + b"\n\n")
            self.wfile.flush()

        base = {"id": rid, "object": "chat.completion.chunk", "created": created, "model": model}
        event({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]})
        for i, w in enumerate(words):
            time.sleep(0.01)
            event({**base, "choices": [{"index": 0, "delta": {"content": (" " if i else "") + w}, "finish_reason": None}]})
        event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        event({**base, "choices": [], "usage": usage})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True

    def responses_api(self, body):   # not "responses": BaseHTTPRequestHandler uses that name
        """The Responses API, as the hosted target speaks it natively (policy apis: [chat, responses])."""
        items = body.get("input")
        text = items if isinstance(items, str) else json.dumps(items)
        if "FAIL" in text:
            return self.send_json(500, {"error": {"message": "stub: injected failure", "type": "server_error"}})
        model = body.get("model") or "o3-mini"
        words = ANSWER.split(" ")
        usage = {"input_tokens": count_tokens(text) + 8, "input_tokens_details": {"cached_tokens": 0},
                 "output_tokens": len(words), "output_tokens_details": {"reasoning_tokens": 0},
                 "total_tokens": count_tokens(text) + 8 + len(words)}
        rid = "resp_stub_" + hashlib.sha1(f"{time.time_ns()}".encode()).hexdigest()[:12]
        message = {"type": "message", "id": "msg_" + rid, "status": "completed", "role": "assistant",
                   "content": [{"type": "output_text", "text": ANSWER, "annotations": []}]}
        response = {"id": rid, "object": "response", "created_at": int(time.time()), "status": "completed",
                    "model": model, "output": [message], "usage": usage, "store": False}
        if not body.get("stream"):
            return self.send_json(200, response)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        seq = 0

        def event(obj):
            nonlocal seq
            obj["sequence_number"] = seq
            seq += 1
            self.wfile.write(("event: " + obj["type"] + "\ndata: ").encode() + json.dumps(obj).encode() + b"\n\n")
            self.wfile.flush()

        event({"type": "response.created", "response": {**response, "status": "in_progress", "output": [],
                                                        "usage": None}})
        event({"type": "response.output_item.added", "output_index": 0, "item": {**message, "content": [],
                                                                                "status": "in_progress"}})
        for i, w in enumerate(words):
            time.sleep(0.01)
            event({"type": "response.output_text.delta", "item_id": message["id"], "output_index": 0,
                   "content_index": 0, "delta": (" " if i else "") + w})
        event({"type": "response.output_text.done", "item_id": message["id"], "output_index": 0,
               "content_index": 0, "text": ANSWER})
        event({"type": "response.output_item.done", "output_index": 0, "item": message})
        event({"type": "response.completed", "response": response})
        self.close_connection = True

    def embeddings(self, body):
        inputs = body.get("input")
        if isinstance(inputs, str):
            inputs = [inputs]
        data = []
        for i, s in enumerate(inputs or []):
            h = hashlib.sha256(str(s).encode()).digest()
            data.append({"object": "embedding", "index": i, "embedding": [(b - 128) / 128 for b in h[:16]]})
        tokens = sum(count_tokens(str(s)) for s in inputs or [])
        self.send_json(200, {"object": "list", "data": data, "model": body.get("model") or "text-embedding-3-small",
                             "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    a = ap.parse_args()
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer((a.host, a.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
