"""Shared by the Python CLI tests: run `moce` (optionally under mpiexec) the way a user would.

Usage: sys.path.insert(0, <tests/support>); from moce_cli import Cli; cli = Cli(moce, mpiexec)."""
import os
import subprocess

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))


def config(name):
    """The path of a shipped config, e.g. config("quickstart.ini")."""
    return os.path.join(ROOT, "configs", name)


class Cli:
    def __init__(self, moce, mpiexec=None, timeout=600):
        self.moce, self.mpiexec, self.timeout = moce, mpiexec, timeout

    def command(self, args, ranks=1):
        launcher = [self.mpiexec, "--oversubscribe", "-n", str(ranks)] if ranks > 1 else []
        return launcher + [self.moce] + list(args)

    def run(self, args, ranks=1, check=True):
        """Runs moce; with check, a nonzero exit raises with the command and its output."""
        cmd = self.command(args, ranks)
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout)
        if check and r.returncode != 0:
            raise AssertionError(f"{cmd} -> {r.returncode}: {r.stdout}{r.stderr}")
        return r

    def simulate_quickstart(self, out, sessions, per_category=1):
        """A small quickstart corpus: every category, `per_category` incidents of `sessions` sessions."""
        return self.run(["simulate", "--config", config("quickstart.ini"), "--incidents-per-category",
                         str(per_category), "--sessions-per-incident", str(sessions), "--out", out])
