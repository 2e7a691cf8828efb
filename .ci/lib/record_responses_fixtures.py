"""Records what real Responses API clients send, as redacted JSON fixtures for the translator tests.

Runs each scenario against responses_recorder.py on a loopback port: `codex exec` (Codex CLI 0.169.0,
config.toml with a custom model provider, wire_api = "responses", in a temp HOME and work dir) and the
openai Python SDK's client.responses.create (plain, stream, function tools + function_call_output).
Needs .ci/install-clients.sh first. Writes gateway-service/src/test/resources/responses/*.json.

usage: python3 .ci/lib/record_responses_fixtures.py   (CODEX_BIN and CLIENTS_PYTHON from install-clients.sh --env)
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "gateway-service/src/test/resources/responses")
CODEX = os.environ["CODEX_BIN"]
PYTHON = os.environ["CLIENTS_PYTHON"]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

OPENAI_SCRIPT = r'''
import sys, openai
client = openai.OpenAI(base_url=sys.argv[1], api_key="sk-test")
case = sys.argv[2]
if case == "plain":
    r = client.responses.create(model="auto", instructions="Answer briefly.", input="Say hi",
                                max_output_tokens=64, temperature=0.2, metadata={"ticket": "T-1"}, store=True)
    assert r.output_text == "recorded", r
elif case == "stream":
    with client.responses.stream(model="auto", input=[{"role": "user", "content": "Say hi"}],
                                 reasoning={"effort": "low"}, text={"format": {"type": "json_schema", "name": "greeting",
                                 "schema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"],
                                 "additionalProperties": False}, "strict": True}}) as s:
        for _ in s:
            pass
        assert s.get_final_response().output_text == "recorded"
elif case == "tools":
    tools = [{"type": "function", "name": "get_weather", "description": "Weather for a city",
              "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
                             "additionalProperties": False}, "strict": True}]
    first = client.responses.create(model="auto", input="Weather in Paris?", tools=tools, tool_choice="auto",
                                    parallel_tool_calls=False)
    call = next(o for o in first.output if o.type == "function_call")
    second = client.responses.create(model="auto", tools=tools, previous_response_id=first.id,
                                     input=[{"type": "function_call_output", "call_id": call.call_id, "output": "18C, sunny"}])
    assert second.output_text == "recorded", second
'''


def recorder(out_dir, *args):
    p = subprocess.Popen([sys.executable, os.path.join(HERE, "responses_recorder.py"), out_dir, *args], stdout=subprocess.PIPE, text=True)
    return p, int(p.stdout.readline())


def bodies(out_dir):
    return [json.load(open(f)) for f in sorted(glob.glob(os.path.join(out_dir, "*.json")))]


def codex(tmp, model, prompt, *rec_args):
    home, work, out = (os.path.join(tmp, d) for d in ("home", "work", "out"))
    for d in (home + "/.codex", work, out):
        os.makedirs(d)
    p, port = recorder(out, *rec_args)
    try:
        with open(home + "/.codex/config.toml", "w") as f:
            f.write((f'model = "{model}"\n' if model else "") + 'model_provider = "gateway"\n[model_providers.gateway]\n'
                    f'name = "gateway"\nbase_url = "http://127.0.0.1:{port}/v1"\nenv_key = "GATEWAY_KEY"\nwire_api = "responses"\n')
        env = {"PATH": os.environ["PATH"], "HOME": home, "GATEWAY_KEY": "sk-test"}
        r = subprocess.run([CODEX, "exec", "--skip-git-repo-check", prompt], cwd=work, env=env, capture_output=True, text=True, timeout=120)
        if r.returncode != 0 or "recorded" not in r.stdout:
            raise SystemExit(f"codex exec failed ({r.returncode}): {r.stderr[-2000:]}")
    finally:
        p.terminate()
    return bodies(out), tmp


def openai_case(tmp, case):
    out = os.path.join(tmp, "out")
    os.makedirs(out)
    p, port = recorder(out, "--call-tool", "get_weather", "--call-args", '{"city":"Paris"}')
    try:
        subprocess.run([PYTHON, "-c", OPENAI_SCRIPT, f"http://127.0.0.1:{port}/v1", case], check=True, timeout=60)
    finally:
        p.terminate()
    return bodies(out), tmp


def redact(value, tmp):
    """Temp paths become /home/user/project, UUIDs (session, installation, turn ids) a stable placeholder."""
    text = json.dumps(value)
    text = text.replace(tmp + "/work", "/home/user/project").replace(tmp + "/home", "/home/user")
    ids = {}
    text = UUID.sub(lambda m: ids.setdefault(m.group(0), "00000000-0000-4000-8000-%012d" % (len(ids) + 1)), text)
    return json.loads(text)


def save(name, recorded, tmp, note):
    for i, r in enumerate(recorded, 1):
        fixture = {"recorded_with": note, "path": r["path"],
                   "headers": {k: v for k, v in r["headers"].items() if k not in ("host", "content-length")},
                   "body": r["body"]}
        path = os.path.join(OUT, f"{name}-{i}.json")
        with open(path, "w") as f:
            json.dump(redact(fixture, tmp), f, indent=1, ensure_ascii=False)
            f.write("\n")
        print("wrote", os.path.relpath(path, ROOT))


def main():
    os.makedirs(OUT, exist_ok=True)
    version = subprocess.run([CODEX, "--version"], capture_output=True, text=True).stdout.strip()
    patch = "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\n"
    scenarios = [
        ("codex-default-model", "", "Say hi", ()),
        ("codex-function-call", "gpt-5-codex", "Run echo hi", ("--call-tool", "exec_command", "--call-args", '{"cmd":"echo hi"}')),
        ("codex-custom-tool", "gpt-5.5", "Add hello.txt", ("--call-tool", "apply_patch", "--call-args", patch)),
        ("codex-namespace-call", "", "List agents", ("--call-tool", "list_agents", "--call-args", "{}", "--call-namespace", "collaboration")),
    ]
    for name, model, prompt, args in scenarios:
        with tempfile.TemporaryDirectory() as tmp:
            recorded, _ = codex(tmp, model, prompt, *args)
            save(name, recorded, tmp, f"{version} exec, model {model or '(default)'}, prompt {prompt!r}")
    sdk = subprocess.run([PYTHON, "-c", "import openai; print(openai.__version__)"], capture_output=True, text=True).stdout.strip()
    for case in ("plain", "stream", "tools"):
        with tempfile.TemporaryDirectory() as tmp:
            recorded, _ = openai_case(tmp, case)
            save(f"openai-python-{case}", recorded, tmp, f"openai-python {sdk} responses ({case})")


main()
