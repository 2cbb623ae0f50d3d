#!/usr/bin/python3
"""Determinism of `moce evaluate`, beyond tests/eval/evaluate_cli_test.py (which covers P = 1, 2,
3 with R = 1 and P = 2, 4 with R = 2): the tables are byte-identical at P = 4 with R = 1 (four
groups), P = 3 with R = 3 and P = 4 with R = 4 (one group sharding every incident over all its
ranks), and across repeated runs of the same command (1 rank twice, 3 ranks with R = 1 twice).

usage: determinism_test.py MOCE MPIEXEC"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

moce = harness.Moce(sys.argv[1], sys.argv[2])
RUNS = [(1, 1), (1, 1), (3, 1), (3, 1), (4, 1), (3, 3), (4, 4)]  # (ranks, ranks per incident)
with tempfile.TemporaryDirectory() as d:
    corpus = moce.tiny_corpus(d, per_category=2)  # 6 incidents: every one of 4 groups gets some
    results = []
    for i, (p, r) in enumerate(RUNS):
        out = os.path.join(d, f"run-{i}")
        moce.run(["evaluate", "--corpus", corpus, "--out", out, "--ranks-per-incident", r] + harness.FAST, ranks=p)
        results.append(harness.tables(out))
    for (p, r), tables in zip(RUNS, results):
        for t in harness.TABLES:
            assert tables[t] == results[0][t], f"P={p} R={r}: {t} differs from the 1-rank run"
        assert "ranks = " in open(os.path.join(d, f"run-{RUNS.index((p, r))}", "config.ini")).read()
print(f"{len(RUNS)} passed, 0 failed")
