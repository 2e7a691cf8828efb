#!/usr/bin/env python3
"""Proves the checkers can fail: each case breaks one thing in a copy of the assets and expects the
checker to name it. Run by .ci/check-dashboards.sh and .ci/check-deploy.sh.

    python3 .ci/lib/test_checks.py REPO StripThresholds DashboardStatic      (check-dashboards.sh)
    RENDERED=DIR python3 .ci/lib/test_checks.py REPO Compose K8sContracts  (check-deploy.sh)
"""
import copy
import json
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
import dashboards_check as dchk  # noqa: E402
import deploy_check as dep  # noqa: E402
import promql_exprs as px  # noqa: E402

REPO = None


class StripThresholds(unittest.TestCase):
    CASES = [
        ("up{job=\"x\"} == 0", ['up{job="x"}']),
        ("a / b > 0.05 and c > 0.1", ["a / b", "c"]),
        ("a >= (b > 0) unless a >= c", ["a", "b", "a", "c"]),
        ("sum by (i) (increase(x{r=\"f\"}[15m])) > 0", ['sum by (i) (increase(x{r="f"}[15m]))']),
        ("a > bool on(t) group_left() b", ["a", "b"]),
        ('rate(x{a!="b",c=~"d|e"}[5m]) > 1e-3', ['rate(x{a!="b",c=~"d|e"}[5m])']),
        ("x", ["x"]),
        ("f_or_and(x) > 1 or vector(0)", ["f_or_and(x)", "vector(0)"]),
    ]

    def test_cases(self):
        for expr, want in self.CASES:
            with self.subTest(expr=expr):
                self.assertEqual(px.strip_thresholds(expr), want)


class DashboardStatic(unittest.TestCase):
    """Each mutation of a copy of the dashboards must be reported."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        shutil.copytree(REPO / "dashboards", self.tmp / "dashboards")
        self.path = self.tmp / "dashboards/grafana/dashboards/ai-spend.json"
        self.board = json.loads(self.path.read_text())

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def errors_after(self, mutate):
        board = copy.deepcopy(self.board)
        mutate(board)
        self.path.write_text(json.dumps(board))
        return "\n".join(dchk.check_static(self.tmp)[0])

    def panels(self, board):
        return [p for p in px.iter_panels(board["panels"]) if p["type"] != "row"]

    def test_unmodified_copy_passes(self):
        self.assertEqual(self.errors_after(lambda b: None), "")

    def test_duplicate_panel_id(self):
        def m(b):
            ps = self.panels(b)
            ps[1]["id"] = ps[0]["id"]
        self.assertIn("also used by", self.errors_after(m))

    def test_metric_outside_the_contract(self):
        def m(b):
            self.panels(b)[0]["targets"][0]["expr"] = "sum(gateway_budget_spnt_micro_usd)"
        self.assertIn("'gateway_budget_spnt_micro_usd' is not in the metrics contract", self.errors_after(m))

    def test_undefined_variable(self):
        def m(b):
            self.panels(b)[0]["targets"][0]["expr"] = 'sum(gateway_budget_spent_micro_usd{team=~"$tem"})'
        self.assertIn("uses undefined variable $tem", self.errors_after(m))

    def test_unused_variable(self):
        def m(b):
            b["templating"]["list"].append(dict(b["templating"]["list"][0], name="orphan"))
        self.assertIn("variable $orphan is defined but no panel uses it", self.errors_after(m))

    def test_unprovisioned_datasource(self):
        def m(b):
            self.panels(b)[0]["datasource"] = {"type": "prometheus", "uid": "prom-typo"}
        self.assertIn("is not a provisioned datasource uid", self.errors_after(m))

    def test_overlapping_panels(self):
        def m(b):
            ps = self.panels(b)
            ps[1]["gridPos"] = dict(ps[0]["gridPos"])
        self.assertIn("overlaps panel", self.errors_after(m))

    def test_duplicate_dashboard_uid(self):
        other = self.tmp / "dashboards/grafana/dashboards/latency-traffic.json"
        o = json.loads(other.read_text())
        o["uid"] = self.board["uid"]
        other.write_text(json.dumps(o))
        self.assertIn("dashboard uid 'ai-spend' also used by", "\n".join(dchk.check_static(self.tmp)[0]))


class Compose(unittest.TestCase):
    def setUp(self):
        dep.problems.clear()
        self.tmp = Path(tempfile.mkdtemp())
        for name in ("docker-compose.yml", "docker-compose.dev.yml", ".env.example", ".ci/lib/schemas/compose-spec.json",
                     "compose/gpu.yml", "gateway-service/Dockerfile", "local-inference/Dockerfile",
                     "dashboards/prometheus/prometheus.yml", "keycloak/gateway-realm-base.json"):
            (self.tmp / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / name, self.tmp / name)
        self.compose = yaml.safe_load((self.tmp / "docker-compose.yml").read_text())

    def tearDown(self):
        shutil.rmtree(self.tmp)
        dep.problems.clear()

    def write(self, data):
        (self.tmp / "docker-compose.yml").write_text(yaml.safe_dump(data))

    def test_schema_violation_reported(self):
        c = copy.deepcopy(self.compose)
        c["services"]["redis"]["restart"] = ["always"]
        c["services"]["gateway"]["healthchek"] = {}
        self.write(c)
        dep.check_compose(self.tmp)
        text = "\n".join(dep.problems)
        self.assertIn("services/redis/restart", text)
        self.assertIn("'healthchek' does not match any of the regexes", text)

    def test_variable_missing_from_env_example(self):
        c = copy.deepcopy(self.compose)
        c["services"]["gateway"]["environment"]["HOSTED_BASE_URL"] = "${NOT_IN_EXAMPLE}"
        self.write(c)
        dep.check_compose(self.tmp)
        self.assertIn("${NOT_IN_EXAMPLE} has no default", "\n".join(dep.problems))

    def test_contract_drift_reported(self):
        c = copy.deepcopy(self.compose)
        env = c["services"]["gateway"]["environment"]
        env["ONPREM_BASE_URL"] = "http://local-inference:9000/v1"
        env["GATEWAY_POLICY_FILE"] = env.pop("GATEWAY_POLICIES_FILE")
        c["services"]["local-inference"]["command"] += ["--gpu-layers", "10"]
        c["services"]["redis"]["command"] = ["redis-server", "--appendonly", "yes"]
        self.write(c)
        dep.compose_contracts(self.tmp)
        text = "\n".join(dep.problems)
        self.assertIn("compose gateway env ONPREM_BASE_URL", text)
        self.assertIn("compose gateway env names", text)
        self.assertIn("unknown local-inference flag '--gpu-layers'", text)
        self.assertIn("needs --appendfsync always", text)

    def test_open_control_surfaces_reported(self):
        c = copy.deepcopy(self.compose)
        c["services"]["prometheus"]["command"].append("--web.enable-lifecycle")
        c["services"]["prometheus"]["ports"] = ["9090:9090"]
        c["services"]["alertmanager"]["ports"] = ["9093:9093"]
        c["services"]["keycloak"]["command"] = ["start-dev", "--import-realm", "--http-port", "8081"]
        c["services"]["local-inference"]["environment"] = {}
        self.write(c)
        dep.compose_contracts(self.tmp)
        text = "\n".join(dep.problems)
        self.assertIn("--web.enable-lifecycle lets whoever reaches", text)
        self.assertIn("compose prometheus ports: '9090:9090' must be bound to 127.0.0.1", text)
        self.assertIn("compose alertmanager: must not be published", text)
        self.assertIn("compose keycloak command", text)
        self.assertIn("LOCAL_INFERENCE_API_KEY must be", text)

    def test_known_credentials_in_the_default_realm_reported(self):
        realm = json.loads((REPO / "keycloak/gateway-realm.json").read_text())   # the dev realm
        (self.tmp / "keycloak/gateway-realm-base.json").write_text(json.dumps(realm))
        dep.realm_contract(self.tmp)
        text = "\n".join(dep.problems)
        self.assertIn("must have no users", text)
        self.assertIn("allows the password grant", text)
        self.assertIn("has a committed secret", text)


class K8sContracts(unittest.TestCase):
    """Runs on the overlays rendered by check-deploy.sh (RENDERED env), mutating one object each."""

    def setUp(self):
        import os
        rendered = os.environ.get("RENDERED")
        if not rendered:
            self.fail("RENDERED not set: run through .ci/check-deploy.sh, which renders the overlays")
        self.prod = json.loads((Path(rendered) / "prod.json").read_text())
        dep.problems.clear()

    def tearDown(self):
        dep.problems.clear()

    def errors_after(self, mutate):
        objs = copy.deepcopy(self.prod)
        mutate(objs)
        dep.k8s_contracts(REPO, "prod", objs)
        return "\n".join(dep.problems)

    def test_unmodified_prod_passes(self):
        self.assertEqual(self.errors_after(lambda o: None), "")

    def test_subpath_policy_mount(self):
        def m(objs):
            c = dep.by_kind(objs, "Deployment", "gateway")["spec"]["template"]["spec"]["containers"][0]
            next(v for v in c["volumeMounts"] if v["mountPath"] == dep.POLICIES_DIR)["subPath"] = "default.yaml"
        self.assertIn("uses subPath", self.errors_after(m))

    def test_committed_secret(self):
        self.assertIn("renders a Secret", self.errors_after(
            lambda objs: objs.append({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "x"}})))

    def test_public_egress_from_local_inference(self):
        def m(objs):
            np = dep.by_kind(objs, "NetworkPolicy", "local-inference")
            np["spec"]["egress"] = [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]
        self.assertIn("only the gateway may egress", self.errors_after(m))

    def test_metrics_scraped_on_the_api_port(self):
        def m(objs):
            svc = dep.by_kind(objs, "Service", "gateway-pods")
            svc["spec"]["ports"][0]["port"] = 8080
            np = dep.by_kind(objs, "NetworkPolicy", "gateway")
            np["spec"]["ingress"][1]["ports"][0]["port"] = 8080
            np["spec"]["ingress"][0]["ports"].append({"protocol": "TCP", "port": 9080})
        text = self.errors_after(m)
        self.assertIn("Service gateway-pods port", text)
        self.assertIn("Prometheus scrapes the management port", text)
        self.assertIn("the management port 9080 reachable from", text)

    def test_gpu_limit_missing(self):
        def m(objs):
            c = dep.by_kind(objs, "Deployment", "local-inference")["spec"]["template"]["spec"]["containers"][0]
            del c["resources"]["limits"]["nvidia.com/gpu"]
        self.assertIn("needs limits nvidia.com/gpu: 1", self.errors_after(m))


if __name__ == "__main__":
    REPO = Path(sys.argv.pop(1)).resolve()
    result = unittest.main(verbosity=1, exit=False).result
    failed = len(result.failures) + len(result.errors)
    print(f"checker self-tests: {result.testsRun - failed - len(result.skipped)} passed, {failed} failed"
          + (f", {len(result.skipped)} skipped" if result.skipped else ""))
    sys.exit(1 if failed else 0)
