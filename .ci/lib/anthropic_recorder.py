#!/usr/bin/env python3
"""A tiny Anthropic Messages API stand-in that records every request a real client sends.

It answers what a client needs to finish a turn (a message or an event stream, count_tokens) and writes each
request (method, path, query, headers, JSON body) to OUT/NNN.json in arrival order, so the recorded shape of a
real client's traffic can become test fixtures. Offline, loopback only.

  anthropic_recorder.py --out DIR [--port 0] [--stream-failure none|error-event|drop|status-500]
                        [--tool NAME --tool-input JSON] [--head-status 200]

Prints "PORT <n>" once listening. --tool makes the first request that offers a tool of that name (and carries no
tool_result yet) answer with a tool_use for it, to record the client's tool_result follow-up. --stream-failure
makes every streamed answer fail in the chosen way, to see what the client does next (a non-streaming retry?).
"""
import argparse
import json
import os
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qsl

LOCK = threading.Lock()
COUNTER = [0]


def record(out, entry):
    with LOCK:
        COUNTER[0] += 1
        path = os.path.join(out, "%03d.json" % COUNTER[0])
        with open(path, "w") as f:
            json.dump(entry, f, indent=2, sort_keys=False)
            f.write("\n")


def last_has_tool_result(body):
    messages = body.get("messages") or []
    if not messages:
        return False
    content = messages[-1].get("content")
    return isinstance(content, list) and any(isinstance(b, dict) and b.get("type") == "tool_result" for b in content)


def offers_tool(body, name):
    return any(isinstance(t, dict) and t.get("name") == name for t in body.get("tools") or [])


def approx_tokens(body):
    return max(1, len(json.dumps(body.get("messages", ""))) // 4 + len(json.dumps(body.get("system", ""))) // 4)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "anthropic-recorder/1"

    def log_message(self, fmt, *args):  # quiet: the recorded files are the log
        pass

    def _body(self):
        n = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(n) if n else b""
        try:
            return raw, json.loads(raw) if raw else None
        except ValueError:
            return raw, None

    def _record(self, parsed, raw):
        split = urlsplit(self.path)
        record(self.server.out, {
            "method": self.command,
            "path": split.path,
            "query": dict(parse_qsl(split.query, keep_blank_values=True)),
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": parsed if parsed is not None else (raw.decode("utf-8", "replace") or None),
        })

    def _json(self, status, payload, extra=None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.send_header("request-id", "req_" + uuid.uuid4().hex[:24])
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status, etype, message):
        self._json(status, {"type": "error", "error": {"type": etype, "message": message}})

    def do_GET(self):
        raw, parsed = self._body()
        self._record(parsed, raw)
        if urlsplit(self.path).path == "/v1/models":
            self._json(200, {"data": [{"type": "model", "id": "claude-recorder", "display_name": "Recorder",
                                       "created_at": "2025-01-01T00:00:00Z"}],
                             "has_more": False, "first_id": "claude-recorder", "last_id": "claude-recorder"})
            return
        self._error(404, "not_found_error", "Not found: " + self.path)

    def do_HEAD(self):
        self._record(None, b"")
        self.send_response(self.server.head_status)
        self.send_header("content-length", "0")
        self.end_headers()

    def do_POST(self):
        raw, body = self._body()
        self._record(body, raw)
        path = urlsplit(self.path).path
        if path == "/v1/messages/count_tokens":
            self._json(200, {"input_tokens": approx_tokens(body or {})})
            return
        if path != "/v1/messages":
            self._error(404, "not_found_error", "Not found: " + path)
            return
        if not isinstance(body, dict):
            self._error(400, "invalid_request_error", "body must be a JSON object")
            return
        message = self._answer(body)
        if body.get("stream"):
            self._stream(message)
        else:
            self._json(200, message)

    def _answer(self, body):
        tool = self.server.tool
        if tool and offers_tool(body, tool) and not last_has_tool_result(body) and not self.server.tool_used:
            self.server.tool_used = True
            content = [{"type": "text", "text": "Let me look."},
                       {"type": "tool_use", "id": "toolu_" + uuid.uuid4().hex[:24], "name": tool,
                        "input": self.server.tool_input}]
            stop = "tool_use"
        else:
            content = [{"type": "text", "text": "Hello from the recorder."}]
            stop = "end_turn"
        return {"id": "msg_" + uuid.uuid4().hex[:24], "type": "message", "role": "assistant",
                "model": body.get("model", "unknown"), "content": content, "stop_reason": stop,
                "stop_sequence": None,
                "usage": {"input_tokens": approx_tokens(body), "output_tokens": 7,
                          "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}

    def _stream(self, message):
        failure = self.server.stream_failure
        if failure == "status-500":
            self._error(500, "api_error", "recorder: injected stream failure")
            return
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        self.send_header("request-id", "req_" + uuid.uuid4().hex[:24])
        self.end_headers()
        start = dict(message, content=[], stop_reason=None,
                     usage=dict(message["usage"], output_tokens=1))
        self._event("message_start", {"type": "message_start", "message": start})
        self._event("ping", {"type": "ping"})
        if failure == "error-event":
            self._event("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
            self._end()
            return
        for i, block in enumerate(message["content"]):
            if block["type"] == "text":
                self._event("content_block_start", {"type": "content_block_start", "index": i,
                                                    "content_block": {"type": "text", "text": ""}})
                if failure == "drop":
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self._event("content_block_delta", {"type": "content_block_delta", "index": i,
                                                    "delta": {"type": "text_delta", "text": block["text"]}})
            else:
                self._event("content_block_start", {"type": "content_block_start", "index": i,
                                                    "content_block": dict(block, input={})})
                self._event("content_block_delta", {"type": "content_block_delta", "index": i,
                                                    "delta": {"type": "input_json_delta",
                                                              "partial_json": json.dumps(block["input"])}})
            self._event("content_block_stop", {"type": "content_block_stop", "index": i})
        self._event("message_delta", {"type": "message_delta",
                                      "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
                                      "usage": {"output_tokens": message["usage"]["output_tokens"]}})
        self._event("message_stop", {"type": "message_stop"})
        self._end()

    def _event(self, name, data):
        chunk = ("event: %s\ndata: %s\n\n" % (name, json.dumps(data))).encode()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.flush()

    def _end(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--stream-failure", default="none", choices=["none", "error-event", "drop", "status-500"])
    p.add_argument("--tool")
    p.add_argument("--tool-input", default="{}")
    p.add_argument("--head-status", type=int, default=200, help="status for HEAD requests (Claude Code's /api/hello)")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    server.out = a.out
    server.stream_failure = a.stream_failure
    server.tool = a.tool
    server.tool_input = json.loads(a.tool_input)
    server.tool_used = False
    server.head_status = a.head_status
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
