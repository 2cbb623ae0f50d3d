"""Shared by the reliability tests: run `moce` as a user would, make one tiny simulated corpus per
test run, and compare output folders byte for byte.

A test imports it with sys.path.insert(0, <this folder>); every path it makes lives under the
temporary folder the caller passes in."""
import os
import re
import shutil
import subprocess

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
TABLES = ("summary.csv", "per_incident.csv", "shapley.csv", "robustness.csv")
# Fast evaluate settings: no plots, no progress lines, a small runtime measurement.
FAST = ["--no-plots", "--quiet", "--runtime-incidents", "0"]
# Open MPI refuses root without these; they change nothing for a normal user.
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1")


class Moce:
    def __init__(self, moce, mpiexec=None, timeout=300):
        self.moce, self.mpiexec, self.timeout = moce, mpiexec, timeout

    def command(self, args, ranks=1):
        launcher = [self.mpiexec, "--oversubscribe", "-n", str(ranks)] if ranks > 1 else []
        return launcher + [self.moce] + [str(a) for a in args]

    def run(self, args, ranks=1, check=True, env=None):
        """Runs moce; with check, a nonzero exit raises with the command and its output."""
        cmd = self.command(args, ranks)
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout, env=env or ENV)
        if check and r.returncode != 0:
            raise AssertionError(f"{cmd} -> {r.returncode}: {r.stdout}{r.stderr}")
        return r

    def tiny_corpus(self, d, sessions=400, per_category=1):
        """Simulates a tiny corpus (per_category url_latency, cohort_latency and null incidents) into
        d/tiny.h5 from configs/quickstart.ini with fewer categories; returns its path."""
        ini = open(os.path.join(ROOT, "configs/quickstart.ini")).read()
        ini = re.sub(r"(?m)^incidents\.categories = .*$", "incidents.categories = url_latency, cohort_latency, null", ini)
        ini = re.sub(r"(?m)^world = (.*)$", lambda m: "world = " + os.path.join(ROOT, "configs", m.group(1)), ini)
        config = os.path.join(d, "tiny.ini")
        open(config, "w").write(ini)
        out = os.path.join(d, f"tiny-{per_category}.h5")
        self.run(["simulate", "--config", config, "--incidents-per-category", per_category, "--sessions-per-incident", sessions,
                  "--out", out])
        return out


def snapshot(folder):
    """Every file under `folder` (relative path -> bytes); {} when it does not exist."""
    if os.path.isfile(folder):
        return {os.path.basename(folder): open(folder, "rb").read()}
    out = {}
    for base, _, files in os.walk(folder):
        for f in files:
            p = os.path.join(base, f)
            out[os.path.relpath(p, folder)] = open(p, "rb").read()
    return out


def tables(folder):
    return {t: open(os.path.join(folder, t), "rb").read() for t in TABLES}


def copy(src, dst):
    (shutil.copytree if os.path.isdir(src) else shutil.copyfile)(src, dst)
    return dst
