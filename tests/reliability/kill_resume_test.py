#!/usr/bin/python3
"""Kill and resume: `kill -9` of the whole `mpirun` (its process group: mpirun and every rank) at
seeded random moments during `moce evaluate` on 2 ranks, in 10 trials of one or two kills each;
the same command then runs to the end, and its tables must be byte-identical to an uninterrupted
run's, with no temporary left behind. Each kill waits for a seeded random number of finished
incidents (0 to all of them) and then a random 0-50 ms more, so kills land before the first
incident, mid-incident, right after a progress line, and while the tables are being written.

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


def start(corpus, out, pace_ms=0):
    cmd = moce.command(["evaluate", "--corpus", corpus, "--out", out] + harness.FAST, ranks=RANKS)
    # On an idle machine the whole sweep takes a few ms after start-up, faster than this test polls:
    # runs to be killed pause pace_ms after each finished incident (MOCE_EVALUATE_PACE_MS, which
    # changes no output), so the kills land mid-sweep on fast and slow machines alike.
    env = dict(harness.ENV, MOCE_EVALUATE_PACE_MS=str(pace_ms))
    # A session of its own, so killpg reaches mpirun and every rank it started.
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)


def lines(out):
    """Finished incidents: lines in the progress files (a torn last line not counted)."""
    p = os.path.join(out, "progress")
    if not os.path.isdir(p):
        return 0
    return sum(open(os.path.join(p, f), "rb").read().count(b"\n") for f in os.listdir(p) if f.endswith(".jsonl"))


def temporaries(out):
    return [os.path.join(b, f) for b, _, fs in os.walk(out) for f in fs if f.endswith(".tmp")]


with tempfile.TemporaryDirectory() as d:
    corpus = moce.tiny_corpus(d, sessions=400, per_category=2)
    ref = os.path.join(d, "ref")
    p = start(corpus, ref)
    assert p.wait(timeout=300) == 0, p.stderr.read()
    expected = harness.tables(ref)
    rng = random.Random(14)
    incidents = lines(ref)  # one progress line per incident
    mid_sweep = 0  # kills that left some incidents unfinished
    for trial in range(trials):
        out = os.path.join(d, f"trial-{trial}")
        kills = []
        for _ in range(rng.choice((1, 2))):
            # Mostly mid-sweep (after 0..N-1 finished incidents), sometimes while the tables are written.
            target = rng.randint(0, incidents - 1) if rng.random() < 0.8 else incidents
            extra = rng.uniform(0, 0.05)
            p = start(corpus, out, pace_ms=100)
            deadline = time.time() + 300
            while lines(out) < target and p.poll() is None and time.time() < deadline:
                time.sleep(0.005)
            time.sleep(extra)
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
                kills.append(f"{lines(out)}/{incidents} done")
                mid_sweep += lines(out) < incidents
        p = start(corpus, out)
        err = p.communicate(timeout=300)[1].decode()
        assert p.returncode == 0, (trial, kills, err)
        got = harness.tables(out)
        for t in harness.TABLES:
            assert got[t] == expected[t], f"trial {trial} (killed at {kills}): {t} differs after resume"
        assert not temporaries(out), (trial, temporaries(out))
        print(f"trial {trial}: killed at {kills}; resumed identical")
    assert mid_sweep >= 3, f"only {mid_sweep} kills landed mid-sweep"
    print(f"{mid_sweep} kills landed mid-sweep")
    assert incidents == 6, incidents
print(f"{trials} passed, 0 failed")
