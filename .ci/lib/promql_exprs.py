"""Collects every PromQL expression the observability assets depend on, ready to evaluate.

- Grafana panels: each target's expr, with dashboard variables substituted (the caller passes the values).
- Recording rules: as written.
- Alert rules: with the threshold comparison removed, i.e. every operand of every top-level comparison
  that is not a number ("a / b > 0.05 and c > 0.1" -> "a / b", "c"), so that evaluating them proves the
  series exist whether or not the alert would fire.
"""
import json
import re
from pathlib import Path

import yaml

COMPARISONS = ("==", "!=", ">=", "<=", ">", "<")
SET_OPS = ("and", "or", "unless")
MODIFIER = re.compile(r"^\s*(bool\b|(on|ignoring|group_left|group_right)\s*\([^)]*\))\s*")
NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
BUILTINS = {"__range": "1h", "__range_s": "3600", "__rate_interval": "1m", "__interval": "15s", "__interval_ms": "15000"}
VAR_REF = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]")


def _top_level_spans(expr):
    """Yields (index, char) of characters outside (), {}, [] and string literals."""
    depth, quote, i = 0, None, 0
    while i < len(expr):
        c = expr[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "\"'`":
            quote = c
        elif c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        elif depth == 0:
            yield i, c
        i += 1


def _split_set_ops(expr):
    """Splits at top-level and/or/unless (with their on()/ignoring() modifiers)."""
    parts, start = [], 0
    top = dict(_top_level_spans(expr))
    i = 0
    while i < len(expr):
        if i in top and (i == 0 or not (expr[i - 1].isalnum() or expr[i - 1] in "_:")):
            for op in SET_OPS:
                end = i + len(op)
                if expr[i:end] == op and (end >= len(expr) or not (expr[end].isalnum() or expr[end] in "_:")) \
                        and all(k in top for k in range(i, end)):
                    parts.append(expr[start:i])
                    rest = expr[end:]
                    m = MODIFIER.match(rest)
                    start = end + (m.end() if m else 0)
                    i = start - 1
                    break
        i += 1
    parts.append(expr[start:])
    return [p.strip() for p in parts if p.strip()]


def _split_comparison(expr):
    top = dict(_top_level_spans(expr))
    for i in sorted(top):
        for op in COMPARISONS:
            if expr.startswith(op, i) and all(k in top for k in range(i, i + len(op))):
                # "=~" / "!~" never occur at top level; guard "=" of "!=" etc. by checking two-char ops first
                left, right = expr[:i], expr[i + len(op):]
                while True:
                    m = MODIFIER.match(right)
                    if not m:
                        break
                    right = right[m.end():]
                return left.strip(), right.strip()
    return None


def _unwrap(expr):
    expr = expr.strip()
    if expr.startswith("(") and expr.endswith(")"):
        depth = 0
        for i, c in enumerate(expr):
            depth += c == "("
            depth -= c == ")"
            if depth == 0 and i < len(expr) - 1:
                return expr
        return expr[1:-1].strip()
    return expr


def strip_thresholds(expr):
    """Returns the operands of the alert expression that must return series."""
    out = []
    for part in _split_set_ops(" ".join(expr.split())):
        cmp = _split_comparison(part)
        if cmp is None:
            inner = _unwrap(part)
            out.extend(strip_thresholds(inner) if inner != part else [part])
            continue
        for side in cmp:
            if NUMBER.match(side):
                continue
            inner = _unwrap(side)
            out.extend(strip_thresholds(inner) if inner != side else [side])
    return out


def rule_exprs(rules_dir):
    """[(source, expr)] for every recording rule and every stripped alert expression."""
    out = []
    for f in sorted(Path(rules_dir).glob("*.yml")):
        for group in yaml.safe_load(f.read_text())["groups"]:
            for rule in group["rules"]:
                if "record" in rule:
                    out.append((f"{f.name} record {rule['record']}", rule["expr"]))
                else:
                    for j, e in enumerate(strip_thresholds(rule["expr"])):
                        out.append((f"{f.name} alert {rule['alert']} operand {j + 1}", e))
    return out


def load_dashboards(dashboards_dir):
    return [(f, json.loads(f.read_text())) for f in sorted(Path(dashboards_dir).glob("*.json"))]


def iter_panels(panels):
    for p in panels:
        yield p
        yield from iter_panels(p.get("panels", []))


def substitute(expr, values):
    def repl(m):
        name = m.group(1) or m.group(2) or m.group(3)
        if name in values:
            return values[name]
        if name in BUILTINS:
            return BUILTINS[name]
        raise KeyError(name)
    return VAR_REF.sub(repl, expr)


def panel_exprs(dashboard):
    """[(source, raw expr)] for every panel target of one dashboard."""
    out = []
    for p in iter_panels(dashboard.get("panels", [])):
        for t in p.get("targets", []):
            out.append((f"{dashboard['uid']} panel {p['id']} '{p['title']}' {t.get('refId')}", t.get("expr", "")))
    return out


def variable_query(var):
    q = var.get("query")
    return q.get("query") if isinstance(q, dict) else q
