#!/usr/bin/env python3
"""Checks the deployment files against the Compose schema and against the Contracts.

  deploy_check.py compose REPO
      Interpolates docker-compose.yml and compose/gpu.yml with .env.example (as `docker compose
      config` would) and validates each against the vendored Compose Specification schema.
  deploy_check.py contracts REPO --rendered DIR
      The images, ports, env names, paths and arguments that compose, the Dockerfiles, the Prometheus
      configs and the rendered kustomize overlays (DIR/<overlay>.json) use agree with the Contracts.

Every problem is printed as "FAIL <where>: <what>"; exit 1 if any.
"""
import argparse
import json
import re
import sys
from pathlib import Path

import jsonschema
import yaml

GATEWAY_IMAGE = "sovereign/gateway-service:0.1.0"
LI_IMAGE = "sovereign/local-inference:0.1.0"
LI_CUDA_IMAGE = "sovereign/local-inference:0.1.0-cuda"   # the same Dockerfile built with MAVEN_PROFILES=cuda
EMBEDDING_DIR = "/models/all-minilm-l6-v2"
GATEWAY_PORT, GATEWAY_MANAGEMENT_PORT, LI_PORT = 8080, 9080, 8000
# env of the gateway whose value is fixed by the Contracts, in compose and k8s alike
GATEWAY_ENV_FIXED = {
    "SERVER_PORT": "8080",
    "MANAGEMENT_SERVER_PORT": "9080",
    "GATEWAY_POLICIES_FILE": "/etc/gateway/policies/default.yaml",
    "GATEWAY_AUTH_API_KEYS_FILE": "/etc/gateway/keys/api-keys.yaml",
    "GATEWAY_STORE_TYPE": "redis",
    "SPRING_DATA_REDIS_URL": "redis://redis:6379",
    "GATEWAY_STORE_ON_ERROR": "fail-closed",
    "GATEWAY_AUTH_OIDC_AUDIENCE": "gateway",
    "ONPREM_BASE_URL": "http://local-inference:8000/v1",
    "ONPREM_MODEL": "gpt-oss-20b",
    "GATEWAY_AUDIT_FILE": "/var/log/gateway/audit.jsonl",
    # deferred settlements, fsynced per replica on a writable volume (the k8s root fs is read-only)
    "GATEWAY_STORE_SETTLEMENT_JOURNAL": "/var/lib/gateway/settlements.journal",
}
GATEWAY_ENV_NAMES = set(GATEWAY_ENV_FIXED) | {"GATEWAY_AUTH_OIDC_ISSUER_URI", "HOSTED_BASE_URL", "OPENAI_API_KEY",
                                              "ONPREM_API_KEY"}
LI_KEY_ENV = "LOCAL_INFERENCE_API_KEY"
ONPREM_KEY_SECRET = "onprem-api-key"   # k8s Secret with key ONPREM_API_KEY: gateway, local-inference, Prometheus
POLICIES_DIR = "/etc/gateway/policies"
KEYS_DIR = "/etc/gateway/keys"
LI_FLAGS = {"--model-dir", "--port", "--host", "--served-model-name", "--embedding-model-dir", "--embedding-model-name",
            "--device", "--threads",
            "--max-concurrent-sequences", "--max-queue", "--max-context"}
LI_INT_FLAGS = {"--port", "--threads", "--max-concurrent-sequences", "--max-queue", "--max-context"}
KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:26.5.6"
REALM_SOURCE = "keycloak/gateway-realm-base.json"   # the default stack: no users, no password grant
DEV_REALM_SOURCE = "keycloak/gateway-realm.json"    # docker-compose.dev.yml only: known users and passwords
DEV_OVERRIDE = "docker-compose.dev.yml"

problems = []


def fail(where, what):
    problems.append(f"{where}: {what}")


def expect(where, got, want):
    if got != want:
        fail(where, f"got {got!r}, want {want!r}")


# ------------------------------------------------------------------ compose interpolation

INTERP = re.compile(r"\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


def read_env_file(path):
    env = {}
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            env[k.strip()] = v.strip()
    return env


def interpolate(node, env, where="", errors=None):
    """Compose-style ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR:+alt}, $$."""
    if isinstance(node, dict):
        return {k: interpolate(v, env, f"{where}.{k}", errors) for k, v in node.items()}
    if isinstance(node, list):
        return [interpolate(v, env, f"{where}[{i}]", errors) for i, v in enumerate(node)]
    if not isinstance(node, str):
        return node

    def repl(m):
        if m.group(1):
            return "$"
        name = m.group(2) or m.group(5)
        op, arg = m.group(3), m.group(4) or ""
        value = env.get(name)
        unset_or_empty = value is None or (op is not None and op.startswith(":") and value == "")
        if op in (":-", "-"):
            return arg if unset_or_empty else value
        if op in (":?", "?"):
            if unset_or_empty:
                errors.append(f"{where}: required variable {name} is missing: {arg}")
                return ""
            return value
        if op in (":+", "+"):
            return "" if unset_or_empty else arg
        return value or ""
    return INTERP.sub(repl, node)


def load_compose(repo, name, env):
    errors = []
    data = interpolate(yaml.safe_load((repo / name).read_text()), env, name, errors)
    return data, errors


def check_compose(repo):
    schema = json.loads((repo / ".ci/lib/schemas/compose-spec.json").read_text())
    validator = jsonschema.Draft7Validator(schema)
    env = read_env_file(repo / ".env.example")
    n = 0
    files = ["docker-compose.yml", DEV_OVERRIDE, *sorted(str(p.relative_to(repo)) for p in (repo / "compose").glob("*.yml"))]
    for name in files:
        data, errors = load_compose(repo, name, env)
        for e in errors:
            fail(name, e)
        for err in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
            fail(name, f"{'/'.join(map(str, err.absolute_path))}: {err.message}")
        n += 1
    # every ${VAR} the files use without a default is in .env.example, so `cp .env.example .env` works
    for name in files:
        for m in INTERP.finditer(json.dumps(yaml.safe_load((repo / name).read_text()))):
            var, op = m.group(2) or m.group(5), m.group(3)
            if var and op not in (":-", "-") and var not in env:
                fail(name, f"${{{var}}} has no default and is not in .env.example")
    return n


# ------------------------------------------------------------------ contracts

def li_args(where, args, device_expected):
    """Parses local-inference arguments with the CLI grammar of the Contracts."""
    parsed = {}
    i = 0
    while i < len(args):
        flag = args[i]
        if flag not in LI_FLAGS:
            fail(where, f"unknown local-inference flag {flag!r}")
            i += 1
            continue
        if i + 1 >= len(args) or args[i + 1].startswith("--"):
            fail(where, f"{flag} needs a value")
            i += 1
            continue
        value = str(args[i + 1])
        if flag in LI_INT_FLAGS and not value.isdigit():
            fail(where, f"{flag} {value!r} is not a number")
        if flag in parsed:
            fail(where, f"{flag} given twice")
        parsed[flag] = value
        i += 2
    for flag in ("--model-dir", "--port"):
        if flag not in parsed:
            fail(where, f"missing {flag}")
    expect(f"{where} --port", parsed.get("--port"), str(LI_PORT))
    expect(f"{where} --host", parsed.get("--host"), "0.0.0.0")
    expect(f"{where} --served-model-name", parsed.get("--served-model-name"), GATEWAY_ENV_FIXED["ONPREM_MODEL"])
    expect(f"{where} --device", parsed.get("--device"), device_expected)
    expect(f"{where} --embedding-model-dir", parsed.get("--embedding-model-dir"), EMBEDDING_DIR)
    want_dir = "/models/gpt-oss-20b" if device_expected == "cuda" else "/models/tiny-llama"
    expect(f"{where} --model-dir", parsed.get("--model-dir"), want_dir)
    return parsed


def dockerfile(repo, module, port):
    where = f"{module}/Dockerfile"
    text = (repo / where).read_text()
    lines = [l.strip() for l in re.sub(r"\\\n", " ", text).splitlines()]
    froms = [l for l in lines if l.startswith("FROM ")]
    if not froms or froms[0] != "FROM maven:3.9-eclipse-temurin-17 AS build":
        fail(where, f"the first stage must be 'FROM maven:3.9-eclipse-temurin-17 AS build', got {froms[:1]}")
    runtime = froms[-1] if froms else ""
    if runtime == "FROM ${RUNTIME_BASE}":
        if "ARG RUNTIME_BASE=eclipse-temurin:17-jre" not in lines or "FROM eclipse-temurin:17-jre AS jre" not in froms:
            fail(where, "a configurable runtime base must default to eclipse-temurin:17-jre and take its JRE from it")
    elif runtime != "FROM eclipse-temurin:17-jre":
        fail(where, f"the runtime stage must be eclipse-temurin:17-jre, got {runtime!r}")
    runs = [l for l in lines if l.startswith("RUN ") and " mvn " in f" {l} "]
    want_mvn = f"mvn -B -pl {module} -am package -DskipTests"
    if not any(want_mvn in l for l in runs):
        fail(where, f"build stage must run '{want_mvn}', has {runs}")
    users = [l.split()[1] for l in lines if l.startswith("USER ")]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        fail(where, f"runtime user must be non-root, got {users}")
    if f"COPY --from=build /src/{module}/target/{module}.jar /app/{module}.jar" not in lines:
        fail(where, f"must copy target/{module}.jar to /app/{module}.jar")
    entry = [l for l in lines if l.startswith("ENTRYPOINT ")]
    entry_args = json.loads(entry[-1][len("ENTRYPOINT "):]) if entry else []
    expect(f"{where} ENTRYPOINT", entry_args,
           ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", f"/app/{module}.jar"])
    if f"EXPOSE {port}" not in lines:
        fail(where, f"must EXPOSE {port}")
    cmd = [l for l in lines if l.startswith("CMD ")]
    return json.loads(cmd[-1][4:]) if cmd else None, lines


def compose_contracts(repo):
    env = read_env_file(repo / ".env.example")
    compose, _ = load_compose(repo, "docker-compose.yml", env)
    gpu, _ = load_compose(repo, "compose/gpu.yml", env)
    s = compose["services"]
    for name in ("gateway", "local-inference", "redis", "keycloak", "prometheus", "alertmanager", "grafana"):
        if name not in s:
            fail("docker-compose.yml", f"missing service {name}")
            return

    g = s["gateway"]
    expect("compose gateway image", g.get("image"), GATEWAY_IMAGE)
    expect("compose gateway build", g.get("build"), {"context": ".", "dockerfile": "gateway-service/Dockerfile"})
    genv = g.get("environment", {})
    expect("compose gateway env names", sorted(genv), sorted(GATEWAY_ENV_NAMES))
    for k, v in GATEWAY_ENV_FIXED.items():
        expect(f"compose gateway env {k}", genv.get(k), v)
    kc_host = env.get("KC_HOSTNAME", "keycloak")
    expect("compose gateway GATEWAY_AUTH_OIDC_ISSUER_URI", genv.get("GATEWAY_AUTH_OIDC_ISSUER_URI"),
           f"http://{kc_host}:8081/realms/gateway")
    if "8080" not in [str(p) for p in g.get("expose", [])]:
        fail("compose gateway", "must expose 8080")
    vols = g.get("volumes", [])
    if f"./policies:{POLICIES_DIR}:ro" not in vols:
        fail("compose gateway volumes", f"policies/ must be mounted read-only at {POLICIES_DIR} (a directory), got {vols}")
    if not any(v.endswith(f":{KEYS_DIR}:ro") for v in vols):
        fail("compose gateway volumes", f"the API keys folder must be mounted read-only at {KEYS_DIR}")
    if "/var/log/gateway" not in vols:
        fail("compose gateway volumes", "the audit directory must be a per-replica (anonymous) volume")
    if not str(g.get("deploy", {}).get("replicas", "")).isdigit() or int(g["deploy"]["replicas"]) < 2:
        fail("compose gateway", "deploy.replicas must be >= 2")
    hc = g.get("healthcheck", {}).get("test", [])
    if "/readyz" not in hc or "8080" not in hc:
        fail("compose gateway healthcheck", f"must probe 8080 /readyz (the API port's readiness probe), got {hc}")
    if g.get("ports"):
        fail("compose gateway", "must not publish ports: the edge proxy publishes 8080; the management port stays inside")
    if "9080" not in [str(p) for p in g.get("expose", [])]:
        fail("compose gateway", "must expose the management port 9080 to the compose network (Prometheus)")
    if genv.get("ONPREM_API_KEY") != env.get("ONPREM_API_KEY"):
        fail("compose gateway env ONPREM_API_KEY", "must be ${ONPREM_API_KEY} from .env (local-inference's key)")
    deps = g.get("depends_on", {})
    for dep, cond in (("redis", "service_healthy"), ("keycloak", "service_healthy")):
        expect(f"compose gateway depends_on {dep}", deps.get(dep, {}).get("condition"), cond)

    li = s["local-inference"]
    expect("compose local-inference image", li.get("image"), LI_IMAGE)
    expect("compose local-inference build", li.get("build"), {"context": ".", "dockerfile": "local-inference/Dockerfile"})
    li_args("compose local-inference command", li.get("command", []), "cpu")
    li_env = li.get("environment", {})
    if not env.get("ONPREM_API_KEY") or li_env.get(LI_KEY_ENV) != env.get("ONPREM_API_KEY"):
        fail("compose local-inference", f"{LI_KEY_ENV} must be ${{ONPREM_API_KEY}} (the key the gateway sends)")
    if li.get("ports"):
        fail("compose local-inference", "must not publish ports: only the gateway and Prometheus reach it")
    cmd, li_lines = dockerfile(repo, "local-inference", LI_PORT)
    expect("local-inference/Dockerfile CMD equals compose command", cmd, li.get("command"))
    if "COPY local-inference/models/tiny-llama /models/tiny-llama" not in li_lines:
        fail("local-inference/Dockerfile", "must ship local-inference/models/tiny-llama at /models/tiny-llama")
    if f"COPY --from=build /src/local-inference/target/models/all-minilm-l6-v2 {EMBEDDING_DIR}" not in li_lines:
        fail("local-inference/Dockerfile", f"must ship the embedding model at {EMBEDDING_DIR}")
    _, gw_lines = dockerfile(repo, "gateway-service", GATEWAY_PORT)
    # the compose health checks call probe scripts that the images must install
    for svc, lines in (("gateway", gw_lines), ("local-inference", li_lines)):
        test = s[svc].get("healthcheck", {}).get("test", [])
        probe = test[1] if len(test) > 1 and test[0] == "CMD" else None
        if not probe or not any(l.startswith("COPY") and l.endswith(f"/usr/local/bin/{probe}") for l in lines):
            fail(f"compose {svc} healthcheck", f"{test} calls {probe!r}, which its Dockerfile does not install")

    gli = gpu["services"]["local-inference"]
    expect("compose/gpu.yml local-inference image", gli.get("image"), LI_CUDA_IMAGE)
    expect("compose/gpu.yml local-inference build args", gli.get("build", {}).get("args", {}).get("MAVEN_PROFILES"), "cuda")
    li_args("compose/gpu.yml local-inference command", gli.get("command", []), "cuda")
    if not any(str(v).endswith(":/models/gpt-oss-20b:ro") for v in gli.get("volumes", [])):
        fail("compose/gpu.yml", "must mount the gpt-oss-20b model dir read-only at /models/gpt-oss-20b")
    devices = gli.get("deploy", {}).get("resources", {}).get("reservations", {}).get("devices", [])
    if not any(d.get("driver") == "nvidia" and "gpu" in d.get("capabilities", []) for d in devices):
        fail("compose/gpu.yml", "must reserve an NVIDIA GPU")

    r = s["redis"]
    expect("compose redis image", r.get("image"), "redis:7")
    rcmd = " ".join(r.get("command", []))
    for flag in ("--appendonly yes", "--appendfsync always"):
        if flag not in rcmd:
            fail("compose redis command", f"needs {flag}")

    kc = s["keycloak"]
    expect("compose keycloak image", kc.get("image"), KEYCLOAK_IMAGE)
    expect("compose keycloak command", kc.get("command"), ["start", "--http-enabled=true", "--http-port=8081", "--import-realm"])
    expect("compose keycloak KC_HOSTNAME", kc.get("environment", {}).get("KC_HOSTNAME"), f"http://{kc_host}:8081")
    if f"./{REALM_SOURCE}:/opt/keycloak/data/import/gateway-realm.json:ro" not in kc.get("volumes", []):
        fail("compose keycloak", f"must import ./{REALM_SOURCE}")
    realm_contract(repo)
    dev, _ = load_compose(repo, DEV_OVERRIDE, env)
    dkc = dev.get("services", {}).get("keycloak", {})
    expect(f"{DEV_OVERRIDE} keycloak command", dkc.get("command"), ["start-dev", "--import-realm", "--http-port", "8081"])
    if f"./{DEV_REALM_SOURCE}:/opt/keycloak/data/import/gateway-realm.json:ro" not in dkc.get("volumes", []):
        fail(f"{DEV_OVERRIDE} keycloak", f"must import the dev realm ./{DEV_REALM_SOURCE}")

    p = s["prometheus"]
    if "./dashboards/prometheus:/etc/prometheus:ro" not in p.get("volumes", []):
        fail("compose prometheus", "must mount dashboards/prometheus at /etc/prometheus")
    if "--web.enable-lifecycle" in p.get("command", []):
        fail("compose prometheus", "--web.enable-lifecycle lets whoever reaches :9090 shut it down: dev override only")
    if "onprem_api_key" not in [x if isinstance(x, str) else x.get("source") for x in p.get("secrets", [])]:
        fail("compose prometheus", "needs the secret onprem_api_key (scrapes local-inference with it)")
    if compose.get("secrets", {}).get("onprem_api_key", {}).get("environment") != "ONPREM_API_KEY":
        fail("docker-compose.yml secrets", "onprem_api_key must come from the environment variable ONPREM_API_KEY")
    if s["alertmanager"].get("ports"):
        fail("compose alertmanager", "must not be published (only Prometheus talks to it; the dev override publishes it)")
    for svc in ("prometheus", "grafana"):
        for port in s[svc].get("ports", []):
            if not str(port).startswith("127.0.0.1:"):
                fail(f"compose {svc} ports", f"{port!r} must be bound to 127.0.0.1 (no auth in front of it)")
    gr = s["grafana"]
    for want in ("./dashboards/grafana/provisioning:/etc/grafana/provisioning:ro",
                 "./dashboards/grafana/dashboards:/var/lib/grafana/dashboards/sovereign-ai:ro"):
        if want not in gr.get("volumes", []):
            fail("compose grafana volumes", f"missing {want}")
    expect("compose grafana PROMETHEUS_URL", gr.get("environment", {}).get("PROMETHEUS_URL"), "http://prometheus:9090")

    # every bind-mounted repository path exists (operator-supplied ${PATHS} such as the model dir excepted)
    for name in ("docker-compose.yml", "compose/gpu.yml"):
        raw = yaml.safe_load((repo / name).read_text())
        for svc_name, svc in raw["services"].items():
            for v in svc.get("volumes", []):
                src = str(v).split(":")[0]
                if src.startswith("./") and not (repo / src).exists():
                    fail(f"{name} {svc_name}", f"bind mount source {src} does not exist in the repository")
    prom_scrape_contract(repo / "dashboards/prometheus/prometheus.yml", "compose prometheus.yml",
                         gateway_names=["gateway"], li_targets=["local-inference:8000"],
                         li_key_file="/run/secrets/onprem_api_key")


def realm_contract(repo):
    """The realm the default stack imports holds no known credentials."""
    where = REALM_SOURCE
    realm = json.loads((repo / REALM_SOURCE).read_text())
    if realm.get("users"):
        fail(where, "must have no users (people come from the company directory or are added by the operator)")
    for c in realm.get("clients", []):
        if c.get("secret"):
            fail(where, f"client {c.get('clientId')} has a committed secret")
        if c.get("publicClient") and c.get("directAccessGrantsEnabled"):
            fail(where, f"public client {c.get('clientId')} allows the password grant")


def prom_scrape_contract(path, where, gateway_names, li_targets=None, li_names=None, rule_files=("rules/*.yml",),
                        li_key_file=None):
    cfg = yaml.safe_load(path.read_text())
    jobs = {j["job_name"]: j for j in cfg["scrape_configs"]}
    gw, li = jobs.get("gateway"), jobs.get("local-inference")
    if not gw or not li:
        fail(where, "needs jobs 'gateway' and 'local-inference' (alert rules use these job names)")
        return
    expect(f"{where} gateway metrics_path", gw.get("metrics_path"), "/actuator/prometheus")
    expect(f"{where} local-inference metrics_path", li.get("metrics_path"), "/metrics")
    sd = gw.get("dns_sd_configs", [{}])[0]
    expect(f"{where} gateway dns_sd names", sd.get("names"), gateway_names)
    expect(f"{where} gateway dns_sd port (the management port)", sd.get("port"), GATEWAY_MANAGEMENT_PORT)
    auth = li.get("authorization", {})
    expect(f"{where} local-inference authorization type", auth.get("type"), "Bearer")
    expect(f"{where} local-inference authorization credentials_file", auth.get("credentials_file"), li_key_file)
    if li_targets is not None:
        expect(f"{where} local-inference targets", li.get("static_configs", [{}])[0].get("targets"), li_targets)
    if li_names is not None:
        lsd = li.get("dns_sd_configs", [{}])[0]
        expect(f"{where} local-inference dns_sd names", lsd.get("names"), li_names)
        expect(f"{where} local-inference dns_sd port", lsd.get("port"), LI_PORT)
    expect(f"{where} rule_files", cfg.get("rule_files"), list(rule_files))


def by_kind(objs, kind, name):
    for o in objs:
        if o["kind"] == kind and o["metadata"]["name"] == name:
            return o
    return None


def k8s_contracts(repo, overlay, objs):
    w = f"k8s {overlay}"
    if any(o["kind"] == "Secret" for o in objs):
        fail(w, "renders a Secret: secrets are created by the operator, never committed")
    readme = (repo / "k8s/README.md").read_text() if (repo / "k8s/README.md").exists() else ""
    referenced = set()
    for o in objs:
        text = json.dumps(o)
        referenced.update(re.findall(r'"secretName": "([^"]+)"', text))
        referenced.update(re.findall(r'"secretKeyRef": \{"name": "([^"]+)"', text))
        referenced.update(re.findall(r'"secretRef": \{"name": "([^"]+)"', text))
    for name in sorted(referenced):
        if f"`{name}`" not in readme:
            fail(w, f"Secret {name} is referenced but k8s/README.md does not say how to create it")

    dep = by_kind(objs, "Deployment", "gateway")
    cm = by_kind(objs, "ConfigMap", "gateway-config")
    pol = by_kind(objs, "ConfigMap", "gateway-policies")
    if not dep or not cm or not pol:
        fail(w, "needs Deployment gateway and ConfigMaps gateway-config and gateway-policies (no hash suffix)")
        return
    c = dep["spec"]["template"]["spec"]["containers"][0]
    expect(f"{w} gateway image", c["image"], GATEWAY_IMAGE)
    expect(f"{w} gateway containerPort", [p["containerPort"] for p in c["ports"]], [GATEWAY_PORT, GATEWAY_MANAGEMENT_PORT])
    expect(f"{w} gateway readiness", c.get("readinessProbe", {}).get("httpGet", {}).get("path"), "/readyz")
    expect(f"{w} gateway liveness", c.get("livenessProbe", {}).get("httpGet", {}).get("path"), "/livez")
    expect(f"{w} gateway readiness port", c.get("readinessProbe", {}).get("httpGet", {}).get("port"), "http")
    if dep["spec"]["template"]["spec"].get("enableServiceLinks") is not False:
        fail(f"{w} gateway", "needs enableServiceLinks: false (GATEWAY_SERVICE_HOST & co. are not gateway settings)")
    onprem_env = next((e for e in c.get("env", []) if e["name"] == "ONPREM_API_KEY"), {})
    if onprem_env.get("valueFrom", {}).get("secretKeyRef", {}).get("name") != ONPREM_KEY_SECRET:
        fail(w, f"ONPREM_API_KEY must come from the Secret {ONPREM_KEY_SECRET}")
    for key in ("requests", "limits"):
        if key not in c.get("resources", {}):
            fail(f"{w} gateway", f"resources.{key} missing")
    if not dep["spec"]["template"]["spec"].get("topologySpreadConstraints"):
        fail(f"{w} gateway", "needs topologySpreadConstraints")
    env_names = set(cm["data"]) | {e["name"] for e in c.get("env", [])}
    expect(f"{w} gateway env names", sorted(env_names), sorted(GATEWAY_ENV_NAMES))
    for k, v in GATEWAY_ENV_FIXED.items():
        expect(f"{w} gateway-config {k}", cm["data"].get(k), v)
    key_env = next((e for e in c.get("env", []) if e["name"] == "OPENAI_API_KEY"), {})
    if "secretKeyRef" not in key_env.get("valueFrom", {}):
        fail(w, "OPENAI_API_KEY must come from a Secret")
    if not cm["data"].get("GATEWAY_AUTH_OIDC_ISSUER_URI", "").endswith("/realms/gateway"):
        fail(w, "GATEWAY_AUTH_OIDC_ISSUER_URI must point at the realm 'gateway'")
    mounts = {m["mountPath"]: m for m in c.get("volumeMounts", [])}
    vols = {v["name"]: v for v in dep["spec"]["template"]["spec"].get("volumes", [])}
    for path, source in ((POLICIES_DIR, ("configMap", "gateway-policies")), (KEYS_DIR, ("secret", None))):
        m = mounts.get(path)
        if not m:
            fail(f"{w} gateway", f"nothing mounted at {path}")
            continue
        if "subPath" in m:
            fail(f"{w} gateway", f"{path} uses subPath: a subPath mount never sees ConfigMap/Secret updates")
        if not m.get("readOnly"):
            fail(f"{w} gateway", f"{path} must be read-only")
        vol = vols.get(m["name"], {})
        if source[0] not in vol or (source[1] and vol[source[0]].get("name") != source[1]):
            fail(f"{w} gateway", f"{path} must come from {source[0]} {source[1] or ''}")
    policy_file = repo / "policies/default.yaml"
    if not policy_file.exists():
        fail(w, "policies/default.yaml is missing from the repository")
    elif pol["data"].get("default.yaml") != policy_file.read_text():
        fail(w, "ConfigMap gateway-policies default.yaml differs from policies/default.yaml")
    hpa = by_kind(objs, "HorizontalPodAutoscaler", "gateway")
    pdb = by_kind(objs, "PodDisruptionBudget", "gateway")
    if not hpa or hpa["spec"]["scaleTargetRef"]["name"] != "gateway":
        fail(w, "needs an HPA for the gateway Deployment")
    if not pdb:
        fail(w, "needs a PodDisruptionBudget for the gateway")
    if overlay == "prod":
        expect(f"{w} gateway replicas", dep["spec"]["replicas"], 3)
        expect(f"{w} gateway HPA minReplicas", hpa["spec"]["minReplicas"], 3)
    for kind, name, port in (("Service", "gateway", GATEWAY_PORT), ("Service", "local-inference", LI_PORT),
                             ("Service", "gateway-pods", GATEWAY_MANAGEMENT_PORT), ("Service", "local-inference-pods", LI_PORT)):
        svc = by_kind(objs, kind, name)
        if not svc:
            fail(w, f"missing {kind} {name}")
        else:
            expect(f"{w} Service {name} port", [p["port"] for p in svc["spec"]["ports"]], [port])

    li = by_kind(objs, "Deployment", "local-inference")
    lc = li["spec"]["template"]["spec"]["containers"][0]
    lspec = li["spec"]["template"]["spec"]
    gpu = overlay != "dev"
    expect(f"{w} local-inference image", lc["image"], LI_CUDA_IMAGE if gpu else LI_IMAGE)
    li_args(f"{w} local-inference args", lc.get("args", []), "cuda" if gpu else "cpu")
    li_key = next((e for e in lc.get("env", []) if e["name"] == LI_KEY_ENV), {})
    if li_key.get("valueFrom", {}).get("secretKeyRef", {}).get("name") != ONPREM_KEY_SECRET:
        fail(f"{w} local-inference", f"{LI_KEY_ENV} must come from the Secret {ONPREM_KEY_SECRET}")
    limits = lc.get("resources", {}).get("limits", {})
    if gpu:
        if str(limits.get("nvidia.com/gpu")) != "1":
            fail(f"{w} local-inference", "needs limits nvidia.com/gpu: 1")
        if not lspec.get("nodeSelector") or not any(t.get("key") == "nvidia.com/gpu" for t in lspec.get("tolerations", [])):
            fail(f"{w} local-inference", "needs a GPU nodeSelector and the nvidia.com/gpu toleration")
        lm = {m["mountPath"]: m for m in lc.get("volumeMounts", [])}
        if "/models/gpt-oss-20b" not in lm:
            fail(f"{w} local-inference", "needs the model volume at /models/gpt-oss-20b")
    elif "nvidia.com/gpu" in limits or lspec.get("nodeSelector"):
        fail(f"{w} local-inference", "the dev overlay must not ask for a GPU")
    redis = by_kind(objs, "StatefulSet", "redis")
    if redis:
        rargs = " ".join(redis["spec"]["template"]["spec"]["containers"][0].get("args", []))
        for flag in ("--appendonly yes", "--appendfsync always"):
            if flag not in rargs:
                fail(f"{w} redis", f"needs {flag}")

    # the namespace enforces Pod Security "restricted": a pod that breaks it is refused at admission
    for o in objs:
        if o["kind"] not in ("Deployment", "StatefulSet"):
            continue
        pod = o["spec"]["template"]["spec"]
        psc = pod.get("securityContext", {})
        where = f"{w} {o['kind']} {o['metadata']['name']}"
        if not psc.get("runAsNonRoot") or psc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
            fail(where, "Pod Security restricted needs runAsNonRoot and seccompProfile RuntimeDefault")
        for c in pod.get("initContainers", []) + pod["containers"]:
            csc = c.get("securityContext", {})
            if csc.get("allowPrivilegeEscalation") is not False or csc.get("capabilities", {}).get("drop") != ["ALL"]:
                fail(f"{where} container {c['name']}", "needs allowPrivilegeEscalation: false and capabilities.drop [ALL]")

    # network: who may reach local-inference, and who may leave the cluster
    nps = [o for o in objs if o["kind"] == "NetworkPolicy"]
    if not any(np["spec"]["podSelector"] == {} and set(np["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
               and not np["spec"].get("ingress") and not np["spec"].get("egress") for np in nps):
        fail(w, "needs a default-deny NetworkPolicy (ingress and egress)")
    for np in nps:
        sel = np["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name")
        for rule in np["spec"].get("ingress", []):
            ports = {p.get("port") for p in rule.get("ports", [])}
            if sel == "gateway" and GATEWAY_MANAGEMENT_PORT in ports:
                apps = {peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name") for peer in rule.get("from", [])}
                if apps != {"prometheus"} or any("namespaceSelector" in p or "ipBlock" in p for p in rule.get("from", [])):
                    fail(f"{w} NetworkPolicy {np['metadata']['name']}", f"the management port {GATEWAY_MANAGEMENT_PORT} reachable from {rule.get('from')}")
            if sel == "gateway" and GATEWAY_PORT in ports and any(
                    p.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name") == "prometheus" for p in rule.get("from", [])):
                fail(f"{w} NetworkPolicy {np['metadata']['name']}", "Prometheus scrapes the management port, not the API port 8080")
            for peer in rule.get("from", []):
                if sel == "local-inference":
                    peer_app = peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name")
                    if peer_app not in ("gateway", "prometheus") or "namespaceSelector" in peer or "ipBlock" in peer:
                        fail(f"{w} NetworkPolicy {np['metadata']['name']}", f"local-inference reachable from {peer}")
        for rule in np["spec"].get("egress", []):
            for peer in rule.get("to", []):
                cidr = peer.get("ipBlock", {}).get("cidr")
                if cidr == "0.0.0.0/0" and sel != "gateway":
                    fail(f"{w} NetworkPolicy {np['metadata']['name']}", "only the gateway may egress to public addresses")
    prom = by_kind(objs, "Deployment", "prometheus")
    if prom:
        pc = prom["spec"]["template"]["spec"]["containers"][0]
        pm = {m["name"]: m["mountPath"] for m in pc.get("volumeMounts", [])}
        pv = {v["name"]: v.get("configMap", {}).get("name") for v in prom["spec"]["template"]["spec"]["volumes"]}
        mounted = {pv.get(n): path for n, path in pm.items()}
        if f"--config.file={mounted.get('prometheus-config')}/prometheus.yml" not in pc.get("args", []):
            fail(f"{w} prometheus", "--config.file must point into the prometheus-config mount")
        rules_at = mounted.get("prometheus-rules")
        prom_scrape_contract(repo / "k8s/base/monitoring/prometheus.yml", f"{w} prometheus.yml",
                             gateway_names=["gateway-pods"], li_names=["local-inference-pods"],
                             rule_files=(f"{rules_at}/*.yml",), li_key_file="/etc/prometheus/secrets/ONPREM_API_KEY")
        secret_mounts = {m["mountPath"]: m["name"] for m in pc.get("volumeMounts", [])}
        sv = {v["name"]: v.get("secret", {}).get("secretName") for v in prom["spec"]["template"]["spec"]["volumes"]}
        if sv.get(secret_mounts.get("/etc/prometheus/secrets")) != ONPREM_KEY_SECRET:
            fail(f"{w} prometheus", f"must mount the Secret {ONPREM_KEY_SECRET} at /etc/prometheus/secrets")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["compose", "contracts"])
    ap.add_argument("repo", type=Path)
    ap.add_argument("--rendered", type=Path, help="folder with <overlay>.json from kubectl kustomize")
    a = ap.parse_args()
    if a.mode == "compose":
        n = check_compose(a.repo)
        summary = f"compose: {n} files validated against the Compose Specification"
    else:
        compose_contracts(a.repo)
        overlays = sorted(a.rendered.glob("*.json"))
        for f in overlays:
            k8s_contracts(a.repo, f.stem, json.loads(f.read_text()))
        summary = f"contracts: compose, Dockerfiles and {len(overlays)} kustomize overlays checked"
    for p in problems:
        print(f"FAIL {p}")
    print(f"{summary}, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
