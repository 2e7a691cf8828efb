#!/usr/bin/env python3
"""Renders the finance view (the "AI spend" dashboard's spend panels) to a PNG, from a live Prometheus.

The PromQL is read from dashboards/grafana/dashboards/ai-spend.json by panel title, with the
variables set to "All", so the picture shows exactly what those Grafana panels show.

    render_spend.py --prometheus http://127.0.0.1:9090 --out docs/img/spend.png --source "synthetic exporter"
"""
import argparse
import json
import sys
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import promql_exprs as px  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DASHBOARD = REPO / "dashboards/grafana/dashboards/ai-spend.json"


def panel_queries(title):
    board = json.loads(DASHBOARD.read_text())
    values = {v["name"]: v.get("allValue") or ".*" for v in board["templating"]["list"]}
    for p in px.iter_panels(board["panels"]):
        if p["title"] == title:
            return [px.substitute(t["expr"], values) for t in p["targets"]]
    raise KeyError(f"no panel titled {title!r} in {DASHBOARD.name}")


def query(base, expr):
    url = f"{base}/api/v1/query?{urllib.parse.urlencode({'query': expr})}"
    with urllib.request.urlopen(url, timeout=10) as r:
        body = json.loads(r.read())
    if body["status"] != "success":
        raise RuntimeError(f"{expr}: {body.get('error')}")
    return body["data"]["result"]


def by_label(base, expr, label):
    return {s["metric"].get(label, ""): float(s["value"][1]) for s in query(base, expr)}


def scalar(base, expr):
    r = query(base, expr)
    return float(r[0]["value"][1]) if r else 0.0


def money(v):
    return f"${v:,.0f}" if abs(v) >= 100 else f"${v:,.2f}"


def budget_panel(ax, spent, soft, hard, title, spent_label):
    teams = sorted(spent, key=lambda t: spent[t])
    y = range(len(teams))
    colors = ["#d62728" if spent[t] >= hard.get(t, float("inf")) else
              "#ff7f0e" if spent[t] >= soft.get(t, float("inf")) else "#2ca02c" for t in teams]
    ax.barh(y, [spent[t] for t in teams], color=colors, height=0.55, label=spent_label)
    for i, t in enumerate(teams):
        if t in soft:
            ax.plot([soft[t]] * 2, [i - 0.4, i + 0.4], color="#ff7f0e", lw=2, ls="--")
        if t in hard:
            ax.plot([hard[t]] * 2, [i - 0.4, i + 0.4], color="#d62728", lw=2.5)
        ax.text(spent[t], i, f" {money(spent[t])}", va="center", fontsize=9)
    ax.plot([], [], color="#ff7f0e", ls="--", lw=2, label="soft threshold")
    ax.plot([], [], color="#d62728", lw=2.5, label="hard limit")
    ax.set_yticks(list(y), teams)
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.xaxis.set_major_formatter(lambda v, _: money(v))
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.margins(x=0.18)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--prometheus", required=True)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--source", default="live services", help="where the data came from, printed on the picture")
    a = ap.parse_args()
    base = a.prometheus.rstrip("/")

    spent_q, soft_q, hard_q = panel_queries("Burn against budget (soft and hard lines)")
    spent, soft, hard = (by_label(base, q, "team") for q in (spent_q, soft_q, hard_q))
    forecast_q, _ = panel_queries("Forecast to month end by team")
    forecast = by_label(base, forecast_q, "team")
    (model_q,) = panel_queries("Spend rate by model (USD/h, last 5m)")
    by_model = by_label(base, model_q, "model")
    (team_rate_q,) = panel_queries("Spend rate by team (USD/h)")
    (savings_rate_q,) = panel_queries("On-prem savings by team (USD/h)")
    team_rate, team_savings = by_label(base, team_rate_q, "team"), by_label(base, savings_rate_q, "team")
    (total_q,) = panel_queries("Spent this month")
    total = scalar(base, total_q)
    if not spent or not hard:
        raise SystemExit("no budget series in Prometheus: nothing to draw")

    plt.rcParams.update({"text.parse_math": False, "font.family": "DejaVu Sans", "axes.spines.top": False, "axes.spines.right": False})
    fig, axes = plt.subplots(2, 2, figsize=(14, 8.5), gridspec_kw={"height_ratios": [1.15, 1]})
    budget_panel(axes[0][0], spent, soft, hard, "Burn against budget, month to date", "spent")
    budget_panel(axes[0][1], forecast, soft, hard, "Forecast to month end (last hour's burn rate)", "forecast")

    ax = axes[1][0]
    models = sorted(by_model, key=by_model.get, reverse=True)
    ax.bar(models, [by_model[m] for m in models], color="#1f77b4")
    for i, m in enumerate(models):
        ax.text(i, by_model[m], money(by_model[m]), ha="center", va="bottom", fontsize=9)
    ax.set_title("Spend rate by model (USD per hour, last 5 minutes)", loc="left", fontsize=11, fontweight="bold")
    ax.yaxis.set_major_formatter(lambda v, _: money(v))

    ax = axes[1][1]
    teams = sorted(team_rate, key=team_rate.get, reverse=True)
    xs = range(len(teams))
    ax.bar([x - 0.2 for x in xs], [team_rate[t] for t in teams], width=0.4, color="#9467bd", label="spend")
    ax.bar([x + 0.2 for x in xs], [team_savings.get(t, 0.0) for t in teams], width=0.4, color="#2ca02c",
           label="on-prem savings vs hosted prices")
    ax.set_xticks(list(xs), teams)
    ax.set_title("Spend and on-prem savings by team (USD per hour)", loc="left", fontsize=11, fontweight="bold")
    ax.yaxis.set_major_formatter(lambda v, _: money(v))
    ax.legend(fontsize=8, frameon=False)

    month = datetime.now(timezone.utc).strftime("%B %Y")
    fig.suptitle(f"AI spend — {month}: {money(total)} spent of {money(sum(hard.values()))} budgeted", x=0.01,
                 ha="left", fontsize=15, fontweight="bold")
    fig.text(0.01, 0.005, f"Rendered from Prometheus with the queries of dashboards/grafana/dashboards/ai-spend.json; "
             f"data: {a.source}; {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC", fontsize=8, color="#555")
    fig.tight_layout(rect=(0, 0.02, 1, 0.96))
    a.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(a.out, dpi=100)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
