#!/usr/bin/python3
"""Plots of a `moce evaluate` run, in the spirit of MoCE's Figures 9-11:

    python3 eval/python/plot_results.py results/RUN

writes into results/RUN/: fig9a_schemes.png (recall@5 and precision by scheme), fig9b_runtime.png
(runtime vs number of experts, lazy and naive), fig10_categories.png (recall@5 by incident
category and scheme), fig11_shapley.png (Shapley value of each expert family and expert).
`moce evaluate` runs it when matplotlib is importable. Needs pandas and matplotlib."""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def headline_schemes(summary):
    schemes = [s for s in summary["scheme"].unique() if not s.startswith("expert:")]
    return schemes


def fig9a(run, summary):
    rows = summary[(summary["category"] == "all")]
    fig, ax = plt.subplots(figsize=(max(6, 0.5 * len(rows) + 3), 4))
    x = range(len(rows))
    ax.bar([i - 0.2 for i in x], rows["recall_at_5"], width=0.4, label="recall@5",
           yerr=[rows["recall_at_5"] - rows["recall_at_5_lo"], rows["recall_at_5_hi"] - rows["recall_at_5"]],
           color=["black" if s == "moce" else "tab:blue" for s in rows["scheme"]])
    ax.bar([i + 0.2 for i in x], rows["precision"], width=0.4, label="precision", color="tab:orange")
    ax.set_xticks(list(x))
    ax.set_xticklabels(rows["scheme"], rotation=45, ha="right", fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share of incidents")
    ax.set_title("Fig. 9a: recall@5 (95% CI) and precision by scheme")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(run, "fig9a_schemes.png"), dpi=110)
    plt.close(fig)


def fig9b(run):
    path = os.path.join(run, "runtime.json")
    if not os.path.exists(path):
        return
    doc = json.load(open(path))
    rows = doc.get("by_k", [])
    if not rows:
        return
    fig, ax = plt.subplots(figsize=(6, 4))
    ks = [r["k"] for r in rows]
    ax.plot(ks, [r["lazy_seconds"] / max(1, r["runs"]) for r in rows], "o-", color="black", label="lazy (MoCE DAG)")
    ax.plot(ks, [r["naive_seconds"] / max(1, r["runs"]) for r in rows], "s--", color="tab:red", label="naive")
    ax.set_xlabel("number of experts")
    ax.set_ylabel("seconds per incident")
    ax.set_title("Fig. 9b: runtime vs number of experts")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(run, "fig9b_runtime.png"), dpi=110)
    plt.close(fig)


def fig10(run, summary):
    rows = summary[(summary["category"] != "all") & (summary["category"] != "null")]
    schemes = headline_schemes(summary)
    cats = sorted(rows["category"].unique())
    if not cats:
        return
    fig, ax = plt.subplots(figsize=(7, max(3, 0.45 * len(cats) * max(1, len(schemes)) / 2 + 1)))
    h = 0.8 / max(1, len(schemes))
    for j, s in enumerate(schemes):
        vals = [rows[(rows["scheme"] == s) & (rows["category"] == c)]["recall_at_5"].sum() for c in cats]
        ax.barh([i + j * h for i in range(len(cats))], vals, height=h, label=s,
                color="black" if s == "moce" else None)
    ax.set_yticks([i + 0.4 - h / 2 for i in range(len(cats))])
    ax.set_yticklabels(cats, fontsize=8)
    ax.set_xlim(0, 1.05)
    ax.set_xlabel("recall@5")
    ax.set_title("Fig. 10: recall@5 by incident category")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(run, "fig10_categories.png"), dpi=110)
    plt.close(fig)


def fig11(run):
    shapley = pd.read_csv(os.path.join(run, "shapley.csv"), keep_default_na=False, na_values=[""])
    rows = shapley[shapley["category"] == "all"].copy()
    if rows.empty:
        return
    rows = rows.sort_values(["level", "shapley_recall_at_5"])
    fig, ax = plt.subplots(figsize=(7, max(3, 0.3 * len(rows) + 1)))
    colors = ["tab:green" if lv == "family" else "tab:blue" for lv in rows["level"]]
    ax.barh(range(len(rows)), rows["shapley_recall_at_5"], xerr=rows["stderr"], color=colors)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows["expert"], fontsize=8)
    ax.set_xlabel("Shapley value of recall@5 (green: families, blue: experts)")
    ax.set_title("Fig. 11: contribution of each expert to the mixture")
    fig.tight_layout()
    fig.savefig(os.path.join(run, "fig11_shapley.png"), dpi=110)
    plt.close(fig)


def main(run):
    # keep_default_na=False: the category `null` is a name, not a missing value.
    summary = pd.read_csv(os.path.join(run, "summary.csv"), keep_default_na=False, na_values=[""])
    failed = []
    # One figure failing does not stop the others.
    for name, draw in (("fig9a", lambda: fig9a(run, summary)), ("fig9b", lambda: fig9b(run)),
                       ("fig10", lambda: fig10(run, summary)), ("fig11", lambda: fig11(run))):
        try:
            draw()
        except Exception as error:  # noqa: BLE001
            print(f"plot_results: {name} failed: {error!r}", file=sys.stderr)
            failed.append(name)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: plot_results.py results/RUN")
    main(sys.argv[1])
