"""The bad-input catalogue's machinery: a Case names one bad input, how to build it, the command
that meets it, and what the user must see (exit code, a message matching a regex, no output
left behind, earlier results unchanged). CATALOGUE.md lists every case by name."""
import os
import re
from dataclasses import dataclass, field
from typing import Callable, List

import harness


@dataclass
class Context:
    """What a case may use: its own empty folder, the shared tiny corpus (read only: copy it
    before changing it), an earlier evaluate run, the import fixture and the moce runner."""
    dir: str
    corpus: str
    previous: str
    fixture: str
    moce: harness.Moce

    def path(self, name):
        return os.path.join(self.dir, name)


@dataclass
class Case:
    name: str
    area: str       # corpus, config, cli, import
    what: str       # the bad input, in words (the catalogue's row)
    args: Callable[[Context], List[str]]  # builds the input in ctx.dir; returns moce's arguments
    rc: int         # 2 = usage error, 1 = bad input
    message: str    # regex the output must match (what is at fault and what was expected)
    absent: List[str] = field(default_factory=lambda: ["out"])  # paths in ctx.dir that must not exist
    intact: str = ""  # a path in ctx.dir copied from earlier results before the run, unchanged after
    ranks: int = 1


def run_case(case, ctx):
    """Returns a list of failures (empty = passed)."""
    args = case.args(ctx)
    before = harness.snapshot(ctx.path(case.intact)) if case.intact else None
    if case.intact and not before:
        return [f"the case did not set up '{case.intact}'"]
    entries = set(os.listdir(ctx.dir))
    r = ctx.moce.run(args, ranks=case.ranks, check=False)
    text = r.stdout + r.stderr
    failures = []
    if r.returncode != case.rc:
        failures.append(f"exit {r.returncode}, expected {case.rc}")
    if not re.search(case.message, text):
        failures.append(f"message does not match /{case.message}/")
    if "Traceback" in text or "terminate called" in text or "HDF5-DIAG" in text:
        failures.append("a raw library diagnostic reached the user")
    for p in case.absent:
        if os.path.exists(ctx.path(p)):
            failures.append(f"'{p}' was left behind")
    # Nothing else new in the case's folder: no temporary or partial file (a case whose error comes
    # mid-run may leave the top folder of a nested `absent` path, e.g. evaluate's progress/).
    allowed = {p.split("/")[0] for p in case.absent if "/" in p}
    extra = set(os.listdir(ctx.dir)) - entries - allowed
    if extra:
        failures.append(f"left behind: {sorted(extra)}")
    if case.intact and harness.snapshot(ctx.path(case.intact)) != before:
        failures.append(f"earlier results in '{case.intact}' changed")
    if failures:
        failures.append("output: " + text.strip()[-600:])
    return failures
