#!/usr/bin/python3
"""A full disk: the output folder lives on a tiny tmpfs. A first `moce evaluate` fits; then the
disk is filled and the same command runs again (rewriting every table). It must fail with a
clear message (the file and 'No space left on device', exit 1), and the earlier results must be
byte-identical, with no temporary left. Needs root to mount tmpfs: otherwise it skips (exit 77,
ctest SKIP_RETURN_CODE) and says why.

usage: full_disk_test.py MOCE MPIEXEC"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

moce = harness.Moce(sys.argv[1], sys.argv[2])
with tempfile.TemporaryDirectory() as d:
    mnt = os.path.join(d, "disk")
    os.mkdir(mnt)
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt], capture_output=True, text=True)
    if m.returncode != 0:
        print(f"SKIP: cannot mount a tmpfs here ({m.stderr.strip() or 'mount failed'}); needs root")
        sys.exit(77)
    try:
        corpus = moce.tiny_corpus(d)
        out = os.path.join(mnt, "run")
        args = ["evaluate", "--corpus", corpus, "--out", out] + harness.FAST
        moce.run(args)
        before = harness.snapshot(out)
        # Fill the disk: one file takes whatever space is left.
        fd = os.open(os.path.join(mnt, "filler"), os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        os.close(fd)
        r = moce.run(args, check=False)
        text = r.stdout + r.stderr
        assert r.returncode == 1, (r.returncode, text)
        assert "No space left on device" in text and out in text, text
        assert harness.snapshot(out) == before, "earlier results changed"
        print("the full disk gave: " + text.strip().splitlines()[-1])
        # Space again: the same command completes with the same tables.
        os.remove(os.path.join(mnt, "filler"))
        moce.run(args)
        assert harness.snapshot(out).keys() == before.keys()
        for t in harness.TABLES:
            assert harness.snapshot(out)[t] == before[t], t
        print("full disk: clear error, earlier results intact; 1 passed, 0 failed")
    finally:
        subprocess.run(["umount", mnt])
