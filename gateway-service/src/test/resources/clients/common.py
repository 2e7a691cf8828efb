"""Shared by the Python drivers: the settings every driver takes from the environment and the
"ok/FAIL name: detail" lines .ci/check-client-drivers.sh counts."""
import os
import sys
import traceback

BASE = os.environ.get("GATEWAY_URL", "").rstrip("/")
KEY = os.environ.get("GATEWAY_KEY", "sk-test")
EXPECT_TEXT = os.environ.get("EXPECT_TEXT", "")
if not BASE:
    print("FAIL setup: set GATEWAY_URL (the gateway, without /v1)")
    sys.exit(2)
failures = []


def check(name, ok, detail):
    print(("ok   " if ok else "FAIL ") + name + ": " + str(detail))
    if not ok:
        failures.append(name)


def attempt(name, fn):
    try:
        fn()
    except Exception as e:  # a driver reports every check, whatever one of them raised
        check(name, False, "raised %s: %s | %s" % (type(e).__name__, e, traceback.format_exc(limit=2).replace("\n", " ")))


def text_ok(text):
    """The answer text is right: EXPECT_TEXT when set, else any non-empty text."""
    return isinstance(text, str) and (text == EXPECT_TEXT if EXPECT_TEXT else len(text) > 0)


def done():
    sys.exit(1 if failures else 0)
