#!/usr/bin/python3
"""A rank that fails mid-run prints its error and brings the whole MPI job down (MPI_Abort):
nonzero exit well within the timeout, the message names the rank, and no file is left behind."""
import os, subprocess, sys, tempfile

moce, mpiexec = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "x.h5")
    p = subprocess.run([mpiexec, "--oversubscribe", "-n", "3", moce, "demo", "--out", out, "--fail-rank", "1"],
                       capture_output=True, text=True, timeout=60)
    text = p.stdout + p.stderr
    assert p.returncode != 0, text
    assert "moce: error on rank 1: injected failure on rank 1" in text, text
    assert os.listdir(d) == [], os.listdir(d)  # neither the corpus nor its temporary file
print("1 passed, 0 failed")
