#!/usr/bin/env python3
"""Serves Prometheus exposition text with the contract metrics of the gateway or of local-inference.

A stand-in for the real services so that the dashboards/alerts check can run before (or without)
them: several teams, both targets, every label the contract names. Counters are a base plus a
per-series rate times the seconds since start, so they grow between scrapes and rate() works.

    synthetic_exporter.py --role gateway --port 9101 [--instance-seed 1]
    synthetic_exporter.py --role local-inference --port 9102
"""
import argparse
import math
import random
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TEAMS = ["legal", "finance", "engineering", "marketing"]
# target -> (chat model, embedding model, rule, levels that rule sees)
TARGETS = {
    "onprem": ("gpt-oss-20b", "all-minilm-l6-v2", "sensitive-stays-home", ["confidential", "restricted"]),
    "hosted": ("o3-mini", "text-embedding-3-small", "everything-else", ["public", "internal"]),
}
# USD per 1M tokens (input, output): the default policy's prices
PRICES = {"onprem": (0.05, 0.20), "hosted": (1.10, 4.40)}
DETECTORS = ["payment-card", "national-id", "secret", "iban", "email", "phone", "codenames"]
# buckets that resolve 1 ms to 60 s, as the gateway's histograms do
BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0]
MONTH_BUDGETS_USD = {"legal": (500, 0.8), "finance": (300, 0.8), "engineering": (2000, 0.8), "marketing": (200, 0.8)}
MONTH_SPENT_USD = {"legal": 310.0, "finance": 251.0, "engineering": 880.0, "marketing": 204.0}


def labels(**kv):
    return "{" + ",".join(f'{k}="{v}"' for k, v in kv.items()) + "}"


class Series:
    """Accumulates exposition lines grouped by metric family."""

    def __init__(self):
        self.families = {}

    def add(self, family, kind, name, lbl, value):
        self.families.setdefault(family, (kind, []))[1].append(f"{name}{lbl} {value:.6f}")

    def text(self):
        out = []
        for family, (kind, lines) in self.families.items():
            out.append(f"# HELP {family} synthetic")
            out.append(f"# TYPE {family} {kind}")
            out.extend(lines)
        return "\n".join(out) + "\n"


def lognormal_cdf(x, median, sigma):
    return 0.5 * (1 + math.erf((math.log(x) - math.log(median)) / (sigma * math.sqrt(2))))


def histogram(series, family, lbl_kv, per_second, elapsed, median, sigma=0.8):
    count = per_second * elapsed
    for le in BUCKETS:
        series.add(family, "histogram", f"{family}_bucket", labels(**lbl_kv, le=repr(le)),
                   count * lognormal_cdf(le, median, sigma))
    series.add(family, "histogram", f"{family}_bucket", labels(**lbl_kv, le="+Inf"), count)
    series.add(family, "histogram", f"{family}_count", labels(**lbl_kv), count)
    series.add(family, "histogram", f"{family}_sum", labels(**lbl_kv), count * median * math.exp(sigma ** 2 / 2))


def gateway_metrics(elapsed, rng_seed):
    rng = random.Random(rng_seed)
    s = Series()
    cost_so_far = {t: 0.0 for t in TEAMS}
    for team in TEAMS:
        for target, (model, emb_model, rule, levels) in TARGETS.items():
            weight = rng.uniform(0.2, 1.5)
            # api: the API the caller spoke (chat completions, Responses and Messages all generate text)
            for endpoint, api, m, ep_w in (("chat", "chat", model, weight * 0.6),
                                           ("chat", "responses", model, weight * 0.3),
                                           ("chat", "messages", model, weight * 0.1),
                                           ("embeddings", "embeddings", emb_model, weight * 0.3)):
                for level in levels:
                    for status, share in (("200", 0.93), ("429", 0.03), ("502", 0.02), ("503", 0.02)):
                        s.add("gateway_requests_total", "counter", "gateway_requests_total",
                              labels(team=team, target=target, model=m, rule=rule, level=level, status=status,
                                     endpoint=endpoint, api=api), ep_w * share * elapsed / len(levels))
            tin, tout = weight * 900, weight * 250          # tokens per second
            price_in, price_out = PRICES[target]
            other = "hosted" if target == "onprem" else "onprem"
            alt_in, alt_out = PRICES[other]
            s.add("gateway_tokens_total", "counter", "gateway_tokens_total",
                  labels(team=team, target=target, model=model, kind="input"), tin * elapsed)
            s.add("gateway_tokens_total", "counter", "gateway_tokens_total",
                  labels(team=team, target=target, model=model, kind="output"), tout * elapsed)
            cost = (tin * price_in + tout * price_out) * elapsed          # micro-USD (USD per 1M tokens)
            alt = (tin * alt_in + tout * alt_out) * elapsed
            cost_so_far[team] += cost
            s.add("gateway_cost_micro_usd_total", "counter", "gateway_cost_micro_usd_total",
                  labels(team=team, target=target, model=model), cost)
            s.add("gateway_alternative_cost_micro_usd_total", "counter", "gateway_alternative_cost_micro_usd_total",
                  labels(team=team, target=target, model=model), alt)
        limit, soft = MONTH_BUDGETS_USD[team]
        for fam, value in (("gateway_budget_limit_micro_usd", limit * 1e6),
                           ("gateway_budget_soft_limit_micro_usd", limit * soft * 1e6),
                           ("gateway_budget_spent_micro_usd", MONTH_SPENT_USD[team] * 1e6 + cost_so_far[team]),
                           ("gateway_budget_reserved_micro_usd", rng.uniform(0.1, 2.0) * 1e6)):
            s.add(fam, "gauge", fam, labels(team=team), value)
        for kind in ("requests", "tokens"):
            s.add("gateway_quota_rejections_total", "counter", "gateway_quota_rejections_total",
                  labels(team=team, kind=kind), rng.uniform(0.01, 0.1) * elapsed)
        for result in ("deny", "downgrade"):
            s.add("gateway_budget_rejections_total", "counter", "gateway_budget_rejections_total",
                  labels(team=team, result=result), rng.uniform(0.0, 0.05) * elapsed)
    for detector in DETECTORS:
        s.add("gateway_detector_hits_total", "counter", "gateway_detector_hits_total",
              labels(detector=detector), rng.uniform(0.05, 0.6) * elapsed)
    for target, (_, _, rule, levels) in TARGETS.items():
        for level in levels:
            s.add("gateway_decisions_total", "counter", "gateway_decisions_total",
                  labels(rule=rule, level=level), rng.uniform(0.5, 3) * elapsed)
        for kind in ("connect", "timeout", "status", "unavailable"):
            s.add("gateway_upstream_errors_total", "counter", "gateway_upstream_errors_total",
                  labels(target=target, kind=kind), rng.uniform(0.005, 0.05) * elapsed)
        for kind in ("connect", "timeout", "status", "unavailable"):
            s.add("gateway_fallbacks_total", "counter", "gateway_fallbacks_total",
                  labels(target=target, kind=kind), rng.uniform(0.0, 0.03) * elapsed)
        s.add("gateway_target_up", "gauge", "gateway_target_up", labels(target=target), 1)
        for endpoint in ("chat", "embeddings"):
            histogram(s, "gateway_request_duration_seconds", {"target": target, "endpoint": endpoint}, 2.0, elapsed,
                      median=1.2 if target == "onprem" else 2.5)
        histogram(s, "gateway_upstream_duration_seconds", {"target": target}, 2.0, elapsed,
                  median=1.1 if target == "onprem" else 2.4)
        histogram(s, "gateway_time_to_first_token_seconds", {"target": target}, 1.0, elapsed,
                  median=0.25 if target == "onprem" else 0.6)
    for kind, median in (("cheap", 0.00005), ("semantic", 0.004)):
        histogram(s, "gateway_classifier_duration_seconds", {"kind": kind}, 4.0, elapsed, median=median)
    s.add("gateway_classifier_timeouts_total", "counter", "gateway_classifier_timeouts_total", "", 0.01 * elapsed)
    for result, per_s in (("success", 0.02), ("failure", 0.002)):
        s.add("gateway_policy_reloads_total", "counter", "gateway_policy_reloads_total", labels(result=result),
              per_s * elapsed)
    s.add("gateway_policy_revision_info", "gauge", "gateway_policy_revision_info", labels(revision="3f9c2a1"), 1)
    return s.text()


def local_inference_metrics(elapsed, rng_seed):
    rng = random.Random(rng_seed)
    s = Series()
    for endpoint in ("chat", "completions", "embeddings"):
        for status, share in (("200", 0.98), ("503", 0.02)):
            s.add("local_inference_requests_total", "counter", "local_inference_requests_total",
                  labels(endpoint=endpoint, status=status), share * rng.uniform(0.5, 2) * elapsed)
    s.add("local_inference_generated_tokens_total", "counter", "local_inference_generated_tokens_total", "",
          180 * elapsed)
    s.add("local_inference_prompt_tokens_total", "counter", "local_inference_prompt_tokens_total", "", 900 * elapsed)
    s.add("local_inference_queue_depth", "gauge", "local_inference_queue_depth", "", int(3 + 2 * math.sin(elapsed)))
    s.add("local_inference_active_sequences", "gauge", "local_inference_active_sequences", "",
          int(4 + 3 * math.cos(elapsed)))
    histogram(s, "local_inference_time_to_first_token_seconds", {}, 1.0, elapsed, median=0.2)
    histogram(s, "local_inference_request_duration_seconds", {}, 1.0, elapsed, median=1.0)
    return s.text()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--role", choices=["gateway", "local-inference"], required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--instance-seed", type=int, default=1, help="varies the rates between gateway replicas")
    args = ap.parse_args()
    start = time.monotonic() - 60          # as if the process had been up a minute already
    render = gateway_metrics if args.role == "gateway" else local_inference_metrics
    path = "/actuator/prometheus" if args.role == "gateway" else "/metrics"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path.split("?")[0] != path:
                self.send_error(404)
                return
            body = render(time.monotonic() - start, args.instance_seed).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    ThreadingHTTPServer((args.host, args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
