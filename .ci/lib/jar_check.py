#!/usr/bin/env python3
"""Starts each jar with the exact arguments and environment docker-compose.yml gives it, and waits for
its health and metrics endpoints. What differs from a container is only what must: host names
(redis, local-inference) become this machine's processes, container paths (/models/..., /etc/gateway/...,
/var/log/gateway) become the repository's files or a temp dir, and ports become free ones. Keycloak is
not started here, so GATEWAY_AUTH_OIDC_ISSUER_URI is left out (API keys only) and said so.

    jar_check.py REPO --work TMPDIR [--rendered DIR]
"""
import argparse
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import deploy_check as dc  # noqa: E402

STARTUP_SECONDS = 240        # a cold JVM on a busy 2-core CI machine
AFTER_START_SECONDS = 30     # once the first endpoint answered, the others should follow quickly


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, key=None):
    try:
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"} if key else {})
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except OSError:
        return None, ""


def await_ok(name, proc, url, log, must_contain=None, seconds=STARTUP_SECONDS, key=None):
    """Polls url until it answers 200 (and contains must_contain), the process dies, or time runs out."""
    deadline = time.monotonic() + seconds
    status, body = None, ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        status, body = http_get(url, key)
        if status == 200 and (must_contain is None or must_contain in body):
            print(f"ok   {name}: GET {url} -> 200")
            return True
        time.sleep(0.5)   # polling a starting JVM; returns as soon as it answers
    why = f"exited with {proc.returncode}" if proc.poll() is not None else f"last answer {status} {body[:200]!r}"
    print(f"FAIL {name}: GET {url} did not answer 200{' with ' + must_contain if must_contain else ''} ({why})")
    print("     last lines of its log:")
    for line in Path(log).read_text(errors="replace").splitlines()[-25:]:
        print(f"     | {line}")
    return False


def refused(name, url, statuses, forbidden_text):
    """One GET that must NOT be served: its status in statuses and forbidden_text absent from the body."""
    status, body = http_get(url)
    if status in statuses and forbidden_text not in body:
        print(f"ok   {name}: GET {url} -> {status} (not served)")
        return True
    print(f"FAIL {name}: GET {url} -> {status}, must be one of {sorted(statuses)} without {forbidden_text!r}")
    return False


def start(cmd, env, log):
    return subprocess.Popen(cmd, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("repo", type=Path)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--rendered", type=Path, help="folder with the rendered overlays (dev.json): also start the k8s dev args")
    a = ap.parse_args()
    repo = a.repo.resolve()
    env_file = dc.read_env_file(repo / ".env.example")
    compose, _ = dc.load_compose(repo, "docker-compose.yml", env_file)
    procs, failures, checks = [], 0, 0
    try:
        jars = {m: repo / m / "target" / f"{m}.jar" for m in ("gateway-service", "local-inference")}
        missing = [str(p) for p in jars.values() if not p.exists()]
        if missing:
            print(f"FAIL jars not built: {missing} (run mvn -B package first)")
            return 1
        java = shutil.which("java")
        base_env = {"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(a.work), "LANG": "C.UTF-8"}

        # local-inference: the compose command (and the k8s dev overlay's args), the image's model dir
        # mapped to the repository's copy
        runs = [("compose", list(compose["services"]["local-inference"]["command"]))]
        li_env = {k: str(v) for k, v in compose["services"]["local-inference"].get("environment", {}).items()}
        li_key = li_env.get("LOCAL_INFERENCE_API_KEY")
        if not li_key:
            print("FAIL compose local-inference has no LOCAL_INFERENCE_API_KEY")
            return 1
        if a.rendered:
            dev = json.loads((a.rendered / "dev.json").read_text())
            li_dep = dc.by_kind(dev, "Deployment", "local-inference")
            runs.append(("k8s dev", li_dep["spec"]["template"]["spec"]["containers"][0]["args"]))
        li, li_port = None, None
        for label, li_cmd in runs:
            if li is not None:       # keep only the last one running, for the gateway
                li.terminate()
                li.wait(timeout=20)
            li_port = free_port()
            mapped = []
            for arg in li_cmd:
                if arg == "/models/tiny-llama":
                    arg = str(repo / "local-inference/models/tiny-llama")
                elif arg == dc.EMBEDDING_DIR:      # built by mvn package (maven-dependency-plugin)
                    arg = str(repo / "local-inference/target/models/all-minilm-l6-v2")
                elif arg == str(dc.LI_PORT):
                    arg = str(li_port)
                mapped.append(arg)
            log = a.work / f"local-inference-{label.replace(' ', '-')}.log"
            print(f"start ({label}) java -jar local-inference.jar {' '.join(li_cmd)}   (port {li_port}, model dir from the repo)")
            li = start([java, "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar",
                        str(jars["local-inference"]), *mapped], {**base_env, **li_env}, log)
            procs.append(li)
            for i, (path, needle) in enumerate((("/health", None), ("/metrics", "local_inference_"))):
                checks += 1
                failures += not await_ok(f"local-inference ({label})", li, f"http://127.0.0.1:{li_port}{path}", log, needle,
                                         STARTUP_SECONDS if i == 0 else AFTER_START_SECONDS, key=li_key)
            # with LOCAL_INFERENCE_API_KEY set, /metrics and /v1 without the key are refused
            checks += 1
            failures += not refused(f"local-inference ({label}) without its key", f"http://127.0.0.1:{li_port}/metrics",
                                    {401}, "local_inference_")

        # gateway: the compose environment, hosts and paths mapped
        redis_port = free_port()
        redis_server = shutil.which("redis-server")
        if not redis_server:
            print("FAIL redis-server not installed (Debian package redis-server)")
            return 1
        redis = subprocess.Popen([redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no"], stdout=subprocess.DEVNULL, start_new_session=True)
        procs.append(redis)
        gw_env = dict(compose["services"]["gateway"]["environment"])
        gw_port = free_port()
        audit_dir = a.work / "audit"
        audit_dir.mkdir(exist_ok=True)
        mgmt_port = free_port()
        mapping = {
            "SERVER_PORT": str(gw_port),
            "MANAGEMENT_SERVER_PORT": str(mgmt_port),
            "GATEWAY_POLICIES_FILE": str(repo / "policies/default.yaml"),
            "GATEWAY_AUTH_API_KEYS_FILE": str(repo / "compose/keys/api-keys.yaml"),
            "SPRING_DATA_REDIS_URL": f"redis://127.0.0.1:{redis_port}",
            "ONPREM_BASE_URL": f"http://127.0.0.1:{li_port}/v1",
            "GATEWAY_AUDIT_FILE": str(audit_dir / "audit.jsonl"),
        }
        for k, v in mapping.items():
            if k not in gw_env:
                print(f"FAIL compose gateway environment lacks {k}")
                failures += 1
            gw_env[k] = v
        issuer = gw_env.pop("GATEWAY_AUTH_OIDC_ISSUER_URI", None)
        print(f"note: GATEWAY_AUTH_OIDC_ISSUER_URI={issuer} left out: no Keycloak on this machine")
        log = a.work / "gateway.log"
        print(f"start java -jar gateway-service.jar with compose's env {sorted(gw_env)}")
        gw = start([java, "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", str(jars["gateway-service"])],
                   {**base_env, **{k: str(v) for k, v in gw_env.items()}}, log)
        procs.append(gw)
        if gw_env.get("ONPREM_API_KEY") != li_key:
            print("FAIL compose gateway ONPREM_API_KEY differs from local-inference's LOCAL_INFERENCE_API_KEY")
            failures += 1
        # probes on the API port, metrics on the management port, and no metrics on the API port
        for i, (port, path, needle) in enumerate(((gw_port, "/livez", '"UP"'), (gw_port, "/readyz", '"UP"'),
                                                  (mgmt_port, "/actuator/prometheus", "gateway_"),
                                                  (mgmt_port, "/actuator/health", '"components"'))):
            checks += 1
            failures += not await_ok("gateway", gw, f"http://127.0.0.1:{port}{path}", log, needle,
                                     STARTUP_SECONDS if i == 0 else AFTER_START_SECONDS)
        checks += 1
        failures += not refused("gateway API port", f"http://127.0.0.1:{gw_port}/actuator/prometheus", {404},
                                "gateway_")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    print(f"jars: {checks} endpoint checks, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
