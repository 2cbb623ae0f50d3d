#!/usr/bin/python3
"""`moce evaluate` as a user runs it: the tables are byte-identical at 1, 2 and 3 ranks and for
R = 1 and 2 ranks per incident (one and two groups); every output file is there and well-formed; a bad R is refused."""
import json, os, subprocess, sys, tempfile
import pandas as pd

moce, mpiexec = sys.argv[1], sys.argv[2]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
TABLES = ("summary.csv", "per_incident.csv", "shapley.csv", "robustness.csv")


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../support"))
from moce_cli import Cli  # noqa: E402
run = Cli(moce, mpiexec).run


passed = 0
with tempfile.TemporaryDirectory() as d:
    corpus = os.path.join(d, "q.h5")
    run(["simulate", "--config", os.path.join(root, "configs/quickstart.ini"), "--incidents-per-category", "1",
         "--sessions-per-incident", "800", "--out", corpus])
    outputs = {}
    for ranks, r in ((1, 1), (2, 1), (3, 1), (2, 2), (4, 2)):
        out = os.path.join(d, f"run-{ranks}-{r}")
        res = run(["evaluate", "--corpus", corpus, "--out", out, "--ranks-per-incident", str(r), "--no-plots",
                   "--runtime-incidents", "2", "--runtime-subsets", "1"], ranks=ranks)
        assert "moce" in res.stdout and "report.md" in res.stdout, res.stdout
        outputs[(ranks, r)] = {t: open(os.path.join(out, t), "rb").read() for t in TABLES}
        for f in ("config.ini", "report.md", "runtime.json"):
            assert os.path.getsize(os.path.join(out, f)) > 0, f
        assert not [f for f in os.listdir(out) if f.endswith(".tmp")], os.listdir(out)
    for key, tables in outputs.items():
        for t in TABLES:
            assert tables[t] == outputs[(1, 1)][t], (key, t)
    passed += 1

    out = os.path.join(d, "run-1-1")
    summary = pd.read_csv(os.path.join(out, "summary.csv"))
    for c in ("scheme", "category", "incidents", "recall_at_1", "recall_at_5", "precision", "recall_at_5_lo",
              "recall_at_5_hi", "false_alarm_rate"):
        assert c in summary.columns, c
    all_rows = summary[(summary.scheme == "moce") & (summary.category == "all")]
    assert len(all_rows) == 1 and 0 <= all_rows.recall_at_5.iloc[0] <= 1
    assert (summary.recall_at_5_lo.dropna() <= summary.recall_at_5.dropna() + 1e-9).all()
    index = subprocess.run(["/usr/bin/python3", "-c", "import h5py;f=h5py.File(%r);print(len(f['/incidents/index/incident_id']))" % corpus],
                           capture_output=True, text=True).stdout
    per = pd.read_csv(os.path.join(out, "per_incident.csv"), keep_default_na=False)
    assert per.incident.nunique() == int(index), (per.incident.nunique(), index)
    assert set(per.columns) >= {"incident", "scheme", "rank", "lead", "score", "votes"}
    shapley = pd.read_csv(os.path.join(out, "shapley.csv"))
    assert list(shapley.columns[:5]) == ["expert", "category", "shapley_recall_at_5", "shapley_precision", "stderr"]
    rt = json.load(open(os.path.join(out, "runtime.json")))
    for k in ("lazy_seconds", "naive_seconds", "distinct_internal_nodes", "per_expert_internal_nodes", "by_k",
              "events_per_second", "ranks"):
        assert k in rt, k
    assert rt["distinct_internal_nodes"] <= rt["per_expert_internal_nodes"], rt
    ini = open(os.path.join(out, "config.ini")).read()
    assert "git_sha = " in ini and "corpus_seed = " in ini and "ranks = 1" in ini, ini
    # config.ini reads back as a config.
    run(["evaluate", "--config", os.path.join(out, "config.ini"), "--out", os.path.join(d, "again"), "--quiet"])
    assert open(os.path.join(d, "again", "summary.csv"), "rb").read() == outputs[(1, 1)]["summary.csv"]
    passed += 1

    # The plot script draws the four figures (where Debian's matplotlib is installed).
    has_mpl = subprocess.run(["/usr/bin/python3", "-c", "import matplotlib"], capture_output=True).returncode == 0
    if has_mpl:
        subprocess.run(["/usr/bin/python3", os.path.join(root, "eval/python/plot_results.py"), out], check=True)
        for png in ("fig9a_schemes.png", "fig9b_runtime.png", "fig10_categories.png", "fig11_shapley.png"):
            assert os.path.getsize(os.path.join(out, png)) > 1000, png
        passed += 1
    else:
        print("matplotlib missing: plots not checked")
    r = run(["evaluate", "--corpus", corpus, "--out", os.path.join(d, "bad"), "--ranks-per-incident", "2"], ranks=3,
            check=False)
    assert r.returncode == 2 and "does not divide" in r.stdout + r.stderr, r
    r = run(["evaluate", "--corpus", corpus], check=False)
    assert r.returncode != 0 and "out" in r.stdout + r.stderr, r
    passed += 1
print(f"{passed} passed, 0 failed")
