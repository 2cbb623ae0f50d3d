#!/usr/bin/python3
"""A writer stopped by SIGTERM (Slurm's time limit, `kill`) or SIGINT (Ctrl-C) leaves no temporary
behind and the previous output intact, and the next run succeeds:
  1. `mpiexec -n 2 moce simulate` over an earlier corpus, SIGTERM to mpiexec once the temporary
     OUT.tmp-<pid> exists: no OUT.tmp-* remains, OUT is byte-identical to before;
  2. the same with one rank (no mpiexec) and SIGINT;
  3. a temporary of a dead process (what SIGKILL leaves) is removed by the next simulate, one of
     a live process is kept, and that simulate writes a corpus h5py reads;
  4. the same for `moce export`'s temporary folder.

usage: signal_cleanup_test.py MOCE MPIEXEC"""
import glob
import os
import signal
import subprocess
import sys
import tempfile
import time

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def dead_pid():
    """The id of a process that has ended (and been reaped)."""
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def interrupt(moce, args, ranks, signal_number, out):
    """Starts moce, sends `signal_number` to it (mpiexec for several ranks) once OUT.tmp-* exists,
    and returns its exit status."""
    proc = subprocess.Popen(moce.command(args, ranks), env=harness.ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 120
    while not glob.glob(out + ".tmp-*"):
        if proc.poll() is not None:
            raise AssertionError(f"moce ended ({proc.returncode}) before its temporary appeared: "
                                 f"make the corpus larger\n{proc.stdout.read()}")
        if time.time() > deadline:
            proc.kill()
            raise AssertionError("no temporary appeared within 120 s")
        time.sleep(0.01)
    time.sleep(0.1)  # mid-write: past the file's creation, into the generation and writing
    assert proc.poll() is None, f"moce ended ({proc.returncode}) before the signal: make the corpus larger"
    proc.send_signal(signal_number)
    try:
        output, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"moce did not end within 60 s of signal {signal_number}")
    finished = "simulated " in output  # the signal came too late: the run had already committed
    print(f"  {ranks} rank(s), signal {signal_number}: exit {proc.returncode}"
          f"{' (too late: it had finished)' if finished else ''}")
    assert finished or proc.returncode != 0, f"moce exited 0 after signal {signal_number}:\n{output}"
    assert "Traceback" not in output
    return finished


def main():
    moce = harness.Moce(sys.argv[1], sys.argv[2])
    with tempfile.TemporaryDirectory() as d:
        moce.tiny_corpus(d)  # writes d/tiny.ini
        out = os.path.join(d, "out.h5")
        base = ["simulate", "--config", os.path.join(d, "tiny.ini"), "--out", out, "--incidents-per-category"]
        moce.run(base + ["1", "--sessions-per-incident", "400"])
        before = open(out, "rb").read()
        # Large enough that the write takes a second or more, so the signal lands while the temporary
        # is open; a run that finished first (a fast machine) is undone and retried twice as large.
        for ranks, sig in ((2, signal.SIGTERM), (1, signal.SIGINT)):
            for sessions in (8000, 16000, 32000):
                if not interrupt(moce, base + ["3", "--sessions-per-incident", sessions], ranks, sig, out):
                    break
                open(out, "wb").write(before)
            else:
                raise AssertionError("every run finished before the signal")
            left = glob.glob(os.path.join(d, "*.tmp*"))
            assert not left, f"{ranks} rank(s), signal {sig}: left behind {left}"
            assert open(out, "rb").read() == before, f"{ranks} rank(s), signal {sig}: the earlier corpus changed"
        print("SIGTERM (2 ranks) and SIGINT (1 rank): no temporary left, the earlier corpus unchanged")

        # What SIGKILL leaves: the next run removes a dead process' temporary, keeps a live one's.
        dead, live = f"{out}.tmp-{dead_pid()}", f"{out}.tmp-{os.getpid()}"
        for p in (dead, live):
            open(p, "wb").write(b"partial")
        moce.run(base + ["1", "--sessions-per-incident", "500"], ranks=2)
        assert not os.path.exists(dead), "the dead process' temporary is still there"
        assert os.path.exists(live), "a live process' temporary was removed"
        os.remove(live)
        with h5py.File(out, "r") as f:
            assert open(out, "rb").read() != before and len(f["/incidents/index/incident_id"]) == 3
        print("rerun: succeeds, a dead process' temporary removed, a live one's kept")

        stale = os.path.join(d, f".exp.tmp-{dead_pid()}")
        os.makedirs(stale)
        open(os.path.join(stale, "events.csv"), "w").write("partial")
        moce.run(["export", "events", "--corpus", out, "--out", os.path.join(d, "exp")])
        assert not os.path.exists(stale) and os.path.isfile(os.path.join(d, "exp", "events.csv"))
        print("export: a dead process' temporary folder removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
