#!/usr/bin/python3
"""Kill and resume: `kill -9` of the whole `mpirun` (its process group: mpirun and every rank) at
seeded random moments during `moce evaluate`, in 10 trials of one or two kills each; the same
command then runs to the end, and its tables must be byte-identical to an uninterrupted run's,
with no temporary left behind. Kill moments spread over the whole run, so some land mid-incident,
some between a progress line's write and fsync, some while the tables are being written.

usage: kill_resume_test.py MOCE MPIEXEC [TRIALS]"""
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

moce = harness.Moce(sys.argv[1], sys.argv[2])
trials = int(sys.argv[3]) if len(sys.argv) > 3 else 10
RANKS = 2


def start(corpus, out):
    cmd = moce.command(["evaluate", "--corpus", corpus, "--out", out] + harness.FAST, ranks=RANKS)
    # A session of its own, so killpg reaches mpirun and every rank it started.
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=harness.ENV,
                            start_new_session=True)


def temporaries(out):
    return [os.path.join(b, f) for b, _, fs in os.walk(out) for f in fs if f.endswith(".tmp")]


with tempfile.TemporaryDirectory() as d:
    corpus = moce.tiny_corpus(d, sessions=400)
    ref = os.path.join(d, "ref")
    t0 = time.time()
    p = start(corpus, ref)
    assert p.wait(timeout=300) == 0, p.stderr.read()
    full = time.time() - t0
    expected = harness.tables(ref)
    rng = random.Random(14)
    killed_with_tables_missing = 0
    for trial in range(trials):
        out = os.path.join(d, f"trial-{trial}")
        kills = []
        for _ in range(rng.choice((1, 2))):
            delay = rng.uniform(0.1, 1.0) * full
            p = start(corpus, out)
            try:
                p.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
                kills.append(round(delay, 2))
        done_before = not os.path.exists(os.path.join(out, "summary.csv"))
        killed_with_tables_missing += bool(kills) and done_before
        p = start(corpus, out)
        err = p.communicate(timeout=300)[1].decode()
        assert p.returncode == 0, (trial, kills, err)
        got = harness.tables(out)
        for t in harness.TABLES:
            assert got[t] == expected[t], f"trial {trial} (killed at {kills} s): {t} differs after resume"
        assert not temporaries(out), (trial, temporaries(out))
        print(f"trial {trial}: killed at {kills} s of a {full:.1f} s run; resumed identical")
    assert killed_with_tables_missing >= trials // 2, "too few kills landed before the tables were written"
print(f"{trials} passed, 0 failed")
