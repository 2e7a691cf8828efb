#!/usr/bin/env python3
"""Checks the Grafana dashboards and the Prometheus rules.

  dashboards_check.py static  REPO
      Structure of every dashboard JSON: unique dashboard uids and titles, unique panel ids, panels
      inside the 24-column grid and not overlapping, every panel and target pointing at the provisioned
      datasource uid, unique refIds, every variable defined is used and every variable used is defined,
      and every gateway_/local_inference_ metric named anywhere is one of the contract's.

  dashboards_check.py live REPO --prometheus URL [--timeout SECONDS]
      Evaluates every panel expression (variables substituted: once with "All" = ".*" and once per
      variable with its first real value), every recording rule and every alert operand (threshold
      comparison removed) through Prometheus's HTTP API. Fails if any errors or returns no series.
      Waits (polling, up to --timeout) for expressions that need a few scrapes or rule evaluations.
"""
import argparse
import json
import re
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
import promql_exprs as px  # noqa: E402

# The metric names of the Contracts (ARCHITECTURE.md and the ops brief). A dashboard or rule naming
# anything else under these prefixes is a typo or an unagreed metric.
CONTRACT_METRICS = {
    "gateway_requests_total", "gateway_request_duration_seconds", "gateway_upstream_duration_seconds",
    "gateway_time_to_first_token_seconds", "gateway_tokens_total", "gateway_cost_micro_usd_total",
    "gateway_alternative_cost_micro_usd_total", "gateway_budget_limit_micro_usd", "gateway_budget_soft_limit_micro_usd",
    "gateway_budget_spent_micro_usd", "gateway_budget_reserved_micro_usd", "gateway_quota_rejections_total",
    "gateway_budget_rejections_total", "gateway_detector_hits_total", "gateway_decisions_total",
    "gateway_fallbacks_total", "gateway_upstream_errors_total", "gateway_target_up", "gateway_policy_reloads_total",
    "gateway_policy_revision_info", "gateway_classifier_duration_seconds", "gateway_classifier_timeouts_total",
    "local_inference_requests_total", "local_inference_generated_tokens_total", "local_inference_prompt_tokens_total",
    "local_inference_queue_depth", "local_inference_active_sequences", "local_inference_time_to_first_token_seconds",
    "local_inference_request_duration_seconds",
}
METRIC_REF = re.compile(r"(?<![\w:])((?:gateway|local_inference)_[a-z0-9_]+)")
HISTOGRAM_SUFFIX = re.compile(r"_(bucket|count|sum)$")
PANEL_TYPES = {"row", "stat", "timeseries", "bargauge", "piechart", "table", "gauge", "text", "barchart"}


def contract_violations(source, expr, recorded):
    errors = []
    for name in METRIC_REF.findall(expr):
        base = HISTOGRAM_SUFFIX.sub("", name)
        if name not in CONTRACT_METRICS and base not in CONTRACT_METRICS and name not in recorded:
            errors.append(f"{source}: metric '{name}' is not in the metrics contract")
    return errors


def recorded_names(rules_dir):
    names = set()
    for f in Path(rules_dir).glob("*.yml"):
        for g in yaml.safe_load(f.read_text())["groups"]:
            names.update(r["record"] for r in g["rules"] if "record" in r)
    return names


def provisioned_datasource_uids(repo):
    uids = set()
    for f in (repo / "dashboards/grafana/provisioning/datasources").glob("*.yml"):
        uids.update(d["uid"] for d in yaml.safe_load(f.read_text())["datasources"])
    return uids


def check_static(repo):
    errors = []
    ds_uids = provisioned_datasource_uids(repo)
    if not ds_uids:
        errors.append("no datasource with a uid is provisioned")
    recorded = recorded_names(repo / "dashboards/prometheus/rules")
    boards = px.load_dashboards(repo / "dashboards/grafana/dashboards")
    if not boards:
        errors.append("no dashboards found")
    seen_uids, seen_titles = {}, {}
    for path, d in boards:
        name = path.name
        for key in ("uid", "title", "schemaVersion", "panels", "templating", "time"):
            if key not in d:
                errors.append(f"{name}: missing '{key}'")
        if errors and any(e.startswith(f"{name}: missing") for e in errors):
            continue
        for key, seen in (("uid", seen_uids), ("title", seen_titles)):
            if d[key] in seen:
                errors.append(f"{name}: dashboard {key} '{d[key]}' also used by {seen[d[key]]}")
            seen[d[key]] = name
        variables = {v["name"]: v for v in d["templating"]["list"]}
        if len(variables) != len(d["templating"]["list"]):
            errors.append(f"{name}: duplicate variable names")
        used_vars = set()
        ids, rects = {}, []
        for p in px.iter_panels(d["panels"]):
            where = f"{name} panel {p.get('id')} '{p.get('title')}'"
            if "id" not in p or "type" not in p or "gridPos" not in p or not p.get("title"):
                errors.append(f"{where}: needs id, type, title and gridPos")
                continue
            if p["id"] in ids:
                errors.append(f"{where}: panel id {p['id']} also used by '{ids[p['id']]}'")
            ids[p["id"]] = p["title"]
            if p["type"] not in PANEL_TYPES:
                errors.append(f"{where}: unknown panel type '{p['type']}'")
            g = p["gridPos"]
            if g["x"] < 0 or g["w"] <= 0 or g["x"] + g["w"] > 24 or g["h"] <= 0:
                errors.append(f"{where}: gridPos {g} outside the 24-column grid")
            for other_title, o in rects:
                if g["x"] < o["x"] + o["w"] and o["x"] < g["x"] + g["w"] and g["y"] < o["y"] + o["h"] and o["y"] < g["y"] + g["h"]:
                    errors.append(f"{where}: overlaps panel '{other_title}'")
            rects.append((p["title"], g))
            if p["type"] == "row":
                continue
            ds = p.get("datasource") or {}
            if ds.get("uid") not in ds_uids and not str(ds.get("uid", "")).startswith("$"):
                errors.append(f"{where}: datasource {ds} is not a provisioned datasource uid {sorted(ds_uids)}")
            targets = p.get("targets", [])
            if not targets:
                errors.append(f"{where}: no targets")
            ref_ids = [t.get("refId") for t in targets]
            if len(set(ref_ids)) != len(ref_ids) or None in ref_ids:
                errors.append(f"{where}: refIds must be present and unique, got {ref_ids}")
            for t in targets:
                tds = t.get("datasource") or ds
                if tds.get("uid") != ds.get("uid"):
                    errors.append(f"{where} {t.get('refId')}: target datasource differs from the panel's")
                expr = t.get("expr", "")
                if not expr.strip():
                    errors.append(f"{where} {t.get('refId')}: empty expr")
                errors.extend(contract_violations(f"{where} {t.get('refId')}", expr, recorded))
                for m in px.VAR_REF.finditer(expr):
                    var = m.group(1) or m.group(2) or m.group(3)
                    used_vars.add(var)
                    if var not in variables and var not in px.BUILTINS:
                        errors.append(f"{where} {t.get('refId')}: uses undefined variable ${var}")
        for vname, v in variables.items():
            q = px.variable_query(v) or ""
            errors.extend(contract_violations(f"{name} variable {vname}", q, recorded))
            vds = v.get("datasource") or {}
            if v.get("type") == "query" and vds.get("uid") not in ds_uids:
                errors.append(f"{name} variable {vname}: datasource {vds} is not provisioned")
            for m in px.VAR_REF.finditer(q):
                used_vars.add(m.group(1) or m.group(2) or m.group(3))
            if vname not in used_vars:
                errors.append(f"{name}: variable ${vname} is defined but no panel uses it")
    for source, expr in px.rule_exprs(repo / "dashboards/prometheus/rules"):
        errors.extend(contract_violations(source, expr, recorded))
    n_panels = sum(1 for _, d in boards for p in px.iter_panels(d.get("panels", [])) if p.get("type") != "row")
    return errors, len(boards), n_panels


# ---------------------------------------------------------------- live evaluation

def prom_get(base, path, params):
    url = f"{base}{path}?{urllib.parse.urlencode(params, doseq=True)}"
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        return json.loads(e.read() or b'{"status":"error","error":"http %d"}' % e.code)


def promql_regex_escape(value):
    """Escapes regex metacharacters the way Grafana's Prometheus datasource does (a PromQL string
    needs the backslash doubled)."""
    return re.sub(r"([\\^$.|?*+()\[\]{}])", r"\\\\\1", value)


LABEL_VALUES = re.compile(r"^\s*label_values\(\s*(?:(.+?)\s*,\s*)?(\w+)\s*\)\s*$")


def variable_values(base, var):
    q = px.variable_query(var)
    m = LABEL_VALUES.match(q or "")
    if not m:
        raise ValueError(f"variable {var['name']}: only label_values(metric, label) queries are supported, got {q!r}")
    params = {"match[]": [m.group(1)]} if m.group(1) else {}
    r = prom_get(base, f"/api/v1/label/{m.group(2)}/values", params)
    return r.get("data", []) if r.get("status") == "success" else []


def evaluation_plan(repo, base):
    """[(source, expr)] with every substitution the check evaluates."""
    plan = []
    for path, d in px.load_dashboards(repo / "dashboards/grafana/dashboards"):
        variables = d["templating"]["list"]
        choices = {"All": {v["name"]: v.get("allValue") or ".*" for v in variables}}
        for v in variables:
            values = variable_values(base, v)
            if not values:
                plan.append((f"{d['uid']} variable {v['name']}", None))   # reported as "no values"
                continue
            one = dict(choices["All"])
            one[v["name"]] = promql_regex_escape(values[0])
            choices[f"{v['name']}={values[0]}"] = one
        for source, expr in px.panel_exprs(d):
            seen = set()
            for label, values in choices.items():
                e = px.substitute(expr, values)
                if e not in seen:
                    seen.add(e)
                    plan.append((f"{source} [{label}]", e))
    plan.extend(px.rule_exprs(repo / "dashboards/prometheus/rules"))
    return plan


def check_live(repo, base, timeout):
    deadline = time.monotonic() + timeout
    pending = None
    while True:
        plan = evaluation_plan(repo, base)
        results = []
        for source, expr in plan:
            if expr is None:
                results.append((source, expr, "variable query returned no values"))
                continue
            r = prom_get(base, "/api/v1/query", {"query": expr})
            if r.get("status") != "success":
                results.append((source, expr, f"error: {r.get('error')}"))
            elif r["data"]["resultType"] == "vector" and not r["data"]["result"]:
                results.append((source, expr, "no series"))
            else:
                results.append((source, expr, None))
        pending = [x for x in results if x[2]]
        hard = [x for x in pending if x[2].startswith("error")]
        if not pending or hard or time.monotonic() > deadline:
            break
        time.sleep(2)   # polling for the next scrape / rule evaluation; the loop ends on success
    for source, expr, problem in pending:
        print(f"FAIL {source}: {problem}\n     {expr}")
    return len(results), len(pending)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["static", "live"])
    ap.add_argument("repo", type=Path)
    ap.add_argument("--prometheus", help="base URL, e.g. http://127.0.0.1:9090")
    ap.add_argument("--timeout", type=float, default=120)
    a = ap.parse_args()
    if a.mode == "static":
        errors, boards, panels = check_static(a.repo)
        for e in errors:
            print(f"FAIL {e}")
        print(f"dashboards static: {boards} dashboards, {panels} panels, {len(errors)} problems")
        print(f"{1 if not errors else 0} passed, {1 if errors else 0} failed")
        return 1 if errors else 0
    if not a.prometheus:
        ap.error("live needs --prometheus")
    total, failed = check_live(a.repo, a.prometheus.rstrip("/"), a.timeout)
    print(f"dashboards live: {total} expressions evaluated, {failed} failed")
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
