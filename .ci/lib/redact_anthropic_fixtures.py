#!/usr/bin/env python3
"""Turns a recorder's request files into committed fixtures: credentials, machine and session identifiers and
temp paths replaced by placeholders, long prose (Claude Code's system prompt, tool manuals) cut to a prefix so the
fixture keeps every field and block shape without carrying the vendor's text.

  redact_anthropic_fixtures.py SRC_DIR DEST_DIR NAME [NAME ...]   (the i-th recorded request becomes DEST/NAME_i.json;
                                                                    a NAME of "-" skips that request)"""
import json
import os
import re
import sys

KEEP_CHARS = 1200
ID_KEYS = {"device_id": "<device-id>", "session_id": "<session-id>", "account_uuid": "<account-uuid>"}


def scrub_text(s, ctx):
    for path, placeholder in ctx["paths"]:
        s = s.replace(path, placeholder)
    s = re.sub(r"OS Version: .*", "OS Version: <os>", s)
    s = re.sub(r"cc_version=[0-9a-z.]+", "cc_version=<version>", s)
    if len(s) > KEEP_CHARS:
        s = s[:KEEP_CHARS] + "…[%d more characters cut from the fixture]" % (len(s) - KEEP_CHARS)
    return s


def scrub(node, ctx):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "user_id" and isinstance(v, str) and v.startswith("{"):
                ids = json.loads(v)
                out[k] = json.dumps({ik: ID_KEYS.get(ik, "<redacted>") if iv else iv for ik, iv in ids.items()},
                                    separators=(",", ":"))
            elif k in ("id", "tool_use_id") and isinstance(v, str) and v.startswith("toolu_"):
                out[k] = ctx["tool_ids"].setdefault(v, "toolu_%02d" % (len(ctx["tool_ids"]) + 1))
            else:
                out[k] = scrub(v, ctx)
        return out
    if isinstance(node, list):
        return [scrub(v, ctx) for v in node]
    if isinstance(node, str):
        return scrub_text(node, ctx)
    return node


def headers(h):
    out = {}
    for k, v in h.items():
        if k in ("authorization",):
            v = v.split(" ")[0] + " <redacted>"
        elif k == "x-api-key":
            v = "<redacted>"
        elif k == "host":
            v = "127.0.0.1:<port>"
        elif k == "x-claude-code-session-id":
            v = "<session-id>"
        elif k == "content-length":
            continue  # changes with redaction
        out[k] = v
    return out


def main():
    src, dest, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    paths = [(p, "/workspace") for p in os.environ.get("REDACT_PATHS", "").split(":") if p]
    os.makedirs(dest, exist_ok=True)
    files = sorted(f for f in os.listdir(src) if f.endswith(".json"))
    if len(files) < len(names):
        sys.exit("expected at least %d recorded requests in %s, found %d" % (len(names), src, len(files)))
    ctx = {"paths": paths, "tool_ids": {}}
    for name, f in zip(names, files):
        if name == "-":
            continue
        with open(os.path.join(src, f)) as fh:
            rec = json.load(fh)
        rec["headers"] = headers(rec["headers"])
        rec["body"] = scrub(rec["body"], ctx)
        with open(os.path.join(dest, name + ".json"), "w") as fh:
            json.dump(rec, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        print("wrote", os.path.join(dest, name + ".json"))


if __name__ == "__main__":
    main()
