#!/usr/bin/python3
"""A failing rank during `moce evaluate`: one incident of the corpus is corrupt (a session's
cohort code outside its dictionary), so only the rank (or the group of ranks) that reads it
raises. Every rank must exit within 10 s of an uninterrupted run's time, the message must name
the rank and the fault, no table may be written and no `moce` process may be left running.
Runs at 3 ranks with R = 1 (three groups: only one rank reads the incident) and R = 3 (one
group: one rank's shard holds the bad row while the others wait in collectives).

usage: failing_rank_test.py MOCE MPIEXEC"""
import os
import shutil
import sys
import tempfile
import time

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

moce = harness.Moce(sys.argv[1], sys.argv[2], timeout=120)
INC = "cohort_latency-00"


def running_with(marker):
    """Processes whose command line mentions `marker` (our corpus path): leftovers of the job."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker in open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace"):
                found.append(pid)
        except OSError:
            pass
    return found


passed = 0
with tempfile.TemporaryDirectory() as d:
    good = moce.tiny_corpus(d)
    bad = shutil.copyfile(good, os.path.join(d, "one-bad-incident.h5"))
    with h5py.File(bad, "r+") as f:
        isp = f[f"/incidents/{INC}/sessions/isp"]
        isp[0] = 9999  # row 0: the first shard of the incident, whatever R
    t0 = time.time()
    moce.run(["evaluate", "--corpus", good, "--out", os.path.join(d, "good")] + harness.FAST, ranks=3)
    baseline = time.time() - t0
    for r in (1, 3):
        out = os.path.join(d, f"bad-r{r}")
        t0 = time.time()
        res = moce.run(["evaluate", "--corpus", bad, "--out", out, "--ranks-per-incident", r] + harness.FAST,
                       ranks=3, check=False)
        took = time.time() - t0
        text = res.stdout + res.stderr
        assert res.returncode != 0, text
        assert "moce: error on rank " in text and "code 9999 is outside its dictionary" in text, text
        assert INC in text, text
        assert took < baseline + 10, f"R={r}: the job took {took:.1f} s against {baseline:.1f} s for a good run"
        assert not os.path.exists(os.path.join(out, "summary.csv"))
        assert not running_with(bad), running_with(bad)
        print(f"R={r}: every rank gone after {took:.1f} s (a good run: {baseline:.1f} s)")
        passed += 1
print(f"{passed} passed, 0 failed")
