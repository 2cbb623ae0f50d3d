#!/usr/bin/python3
"""A killed `moce evaluate` restarts where it stopped and ends with byte-identical tables: once
stopped after one incident per group (--stop-after), once killed with SIGKILL mid-run, with a torn
last progress line and a stale temporary left behind."""
import os, signal, subprocess, sys, tempfile, time

moce, mpiexec = sys.argv[1], sys.argv[2]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
TABLES = ("summary.csv", "per_incident.csv", "shapley.csv", "robustness.csv")
FAST = ["--no-plots", "--quiet", "--runtime-incidents", "1", "--runtime-subsets", "1"]


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../support"))
from moce_cli import Cli  # noqa: E402
run = Cli(moce, mpiexec).run


def tables(out):
    return {t: open(os.path.join(out, t), "rb").read() for t in TABLES}


def lines(out):
    p = os.path.join(out, "progress")
    return sum(open(os.path.join(p, f)).read().count("\n") for f in os.listdir(p)
               if f.endswith(".jsonl")) if os.path.isdir(p) else 0


passed = 0
with tempfile.TemporaryDirectory() as d:
    corpus = os.path.join(d, "q.h5")
    run(["simulate", "--config", os.path.join(root, "configs/quickstart.ini"), "--incidents-per-category", "1",
         "--sessions-per-incident", "800", "--out", corpus])
    ref = os.path.join(d, "ref")
    run(["evaluate", "--corpus", corpus, "--out", ref] + FAST)
    expected = tables(ref)

    # Stopped after one incident per group, on 2 ranks: no tables yet, 2 progress lines.
    out = os.path.join(d, "stopped")
    r = run(["evaluate", "--corpus", corpus, "--out", out, "--stop-after", "1"] + FAST, ranks=2, check=False)
    assert r.returncode == 3, (r.returncode, r.stderr)
    assert not os.path.exists(os.path.join(out, "summary.csv"))
    assert lines(out) == 2, lines(out)
    r = run(["evaluate", "--corpus", corpus, "--out", out] + FAST, ranks=2)
    assert tables(out) == expected
    passed += 1

    # SIGKILL mid-run, then a torn line and a stale temporary, then the same command again.
    out = os.path.join(d, "killed")
    p = subprocess.Popen([moce, "evaluate", "--corpus", corpus, "--out", out] + FAST,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while lines(out) < 2 and p.poll() is None and time.time() < deadline:
        time.sleep(0.005)
    p.send_signal(signal.SIGKILL)
    p.wait()
    done = lines(out)
    with open(os.path.join(out, "progress", "rank-0.jsonl"), "a") as f:
        f.write('{"id":"url_errors-00","category":"url_err')  # torn mid-write
    with open(os.path.join(out, "summary.csv.tmp"), "w") as f:
        f.write("stale")
    run(["evaluate", "--corpus", corpus, "--out", out] + FAST)
    assert tables(out) == expected
    assert not os.path.exists(os.path.join(out, "summary.csv.tmp"))
    body = open(os.path.join(out, "progress", "rank-0.jsonl")).read()
    assert body.endswith("\n") and "url_err\n" not in body and '"category":"url_err{' not in body
    report = open(os.path.join(out, "report.md")).read()
    assert "resumed from progress files" in report
    print(f"killed after {done} incidents")
    passed += 1

    # A restart with other expert parameters into the same folder is refused (records would mix).
    other = os.path.join(d, "other.ini")
    open(other, "w").write("[expert.cohort_differential]\nmin_z = 4\n")
    r = run(["evaluate", "--corpus", corpus, "--out", out, "--config", other] + FAST, check=False)
    assert r.returncode == 1 and "another corpus, experts or expert parameters" in r.stderr, r
    assert tables(out) == expected
    passed += 1
print(f"{passed} passed, 0 failed")
