#!/usr/bin/python3
"""`moce calibrate`: a grid over an expert's parameters gives one sweep row per grid point, the
same config at 1 and 2 ranks, a config that `moce evaluate --config` accepts, and clear errors
for a grid naming an unknown expert or parameter."""
import os, sys, tempfile
import pandas as pd

moce, mpiexec = sys.argv[1], sys.argv[2]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../support"))
from moce_cli import Cli  # noqa: E402
run = Cli(moce, mpiexec).run


passed = 0
with tempfile.TemporaryDirectory() as d:
    corpus = os.path.join(d, "cal.h5")
    run(["simulate", "--config", os.path.join(root, "configs/quickstart.ini"), "--incidents-per-category", "1",
         "--sessions-per-incident", "800", "--seed", "7", "--out", corpus])
    grid = os.path.join(d, "grid.ini")
    open(grid, "w").write("[calibrate]\ngrid.cohort_differential.min_z = 2, 3, 5\n"
                          "grid.cohort_differential.alpha = 0.001, 0.05\n")
    outs = []
    for ranks in (1, 2):
        out = os.path.join(d, f"cal{ranks}", "calibrated.ini")
        run(["calibrate", "--corpus", corpus, "--out", out, "--config", grid], ranks=ranks)
        outs.append((open(out).read(), open(out + ".sweep.csv").read()))
    assert outs[0] == outs[1]
    ini, sweep = outs[0]
    assert "calibration corpus seed = 7" in ini, ini
    assert "[mixture]" in ini and "floor = " in ini and "weight.cohort_differential = " in ini, ini
    table = pd.read_csv(os.path.join(d, "cal1", "calibrated.ini.sweep.csv"))
    # The gridded expert: 3 x 2 settings, one chosen; every other expert: its one default setting.
    experts = table[(table.stage == "expert") & (table.expert == "cohort_differential")]
    assert len(experts) == 6 and experts.chosen.sum() == 1, experts
    others = table[(table.stage == "expert") & (table.expert != "cohort_differential")]
    assert (others.groupby("expert").chosen.sum() == 1).all(), others
    assert (table[table.stage == "floor"].chosen.sum()) == 1
    passed += 1
    run(["evaluate", "--config", os.path.join(d, "cal1", "calibrated.ini"), "--corpus", corpus, "--out",
         os.path.join(d, "run"), "--no-plots", "--quiet", "--runtime-incidents", "0"])
    passed += 1
    open(grid, "w").write("[calibrate]\ngrid.nobody.x = 1\n")
    r = run(["calibrate", "--corpus", corpus, "--out", os.path.join(d, "x.ini"), "--config", grid], check=False)
    assert r.returncode == 1 and "nobody" in r.stderr, r
    open(grid, "w").write("[calibrate]\ngrid.cohort_differential.bogus = 1\n")
    r = run(["calibrate", "--corpus", corpus, "--out", os.path.join(d, "x.ini"), "--config", grid], check=False)
    assert r.returncode == 1 and "bogus" in r.stderr, r
    passed += 1
print(f"{passed} passed, 0 failed")
