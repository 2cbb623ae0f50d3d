#!/usr/bin/python3
"""The bad-input catalogue (CATALOGUE.md): every case builds one bad input, runs the `moce`
binary on it and checks the exit code (2 usage, 1 bad input), that the message names what is at
fault and what was expected, that nothing partial is left behind and that earlier results stay
unchanged. Cases run 6 at a time (each costs mostly MPI start-up wait, not CPU).

usage: bad_input_test.py MOCE MPIEXEC [CASE-NAME-REGEX]"""
import os
import re
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from catalogue import Context, run_case  # noqa: E402
import aggregate_cases, config_cases, corpus_cases, import_cases  # noqa: E402,E401

CASES = corpus_cases.CASES + config_cases.CASES + import_cases.CASES + aggregate_cases.CASES
HERE = os.path.dirname(os.path.abspath(__file__))


def catalogue_names():
    text = open(os.path.join(HERE, "CATALOGUE.md")).read()
    return re.findall(r"^\| `([a-z0-9_]+)` \|", text, re.M)


def catalogue_table():
    """The catalogue's table, as CATALOGUE.md holds it (bad_input_test.py --table prints it)."""
    rows = ["| case (test) | area | bad input | exit | message (regex) |", "|---|---|---|---|---|"]
    for c in CASES:
        regex = c.message.replace("|", "\\|")
        rows.append(f"| `{c.name}` | {c.area} | {c.what} | {c.rc} | `{regex}` |")
    return "\n".join(rows) + "\n"


def main():
    if sys.argv[1] == "--table":
        print(catalogue_table(), end="")
        return 0
    moce = harness.Moce(sys.argv[1], sys.argv[2])
    pattern = re.compile(sys.argv[3] if len(sys.argv) > 3 else "")
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    listed = catalogue_names()
    problems = []
    if sorted(listed) != sorted(names):
        problems.append(f"CATALOGUE.md and the cases differ: only listed {sorted(set(listed) - set(names))}, "
                        f"only tested {sorted(set(names) - set(listed))}")
    with tempfile.TemporaryDirectory() as d:
        corpus = moce.tiny_corpus(d)
        previous = os.path.join(d, "previous")
        moce.run(["evaluate", "--corpus", corpus, "--out", previous] + harness.FAST)
        fixture = os.path.join(harness.ROOT, "tests/import/fixture")
        chosen = [c for c in CASES if pattern.search(c.name)]

        def one(case):
            case_dir = os.path.join(d, "cases", case.name)
            os.makedirs(case_dir)
            try:
                return case, run_case(case, Context(case_dir, corpus, previous, fixture, moce))
            except Exception as e:  # a broken case is a failure, not a crash of the whole run
                return case, [f"{type(e).__name__}: {e}"]

        with ThreadPoolExecutor(6) as pool:
            results = list(pool.map(one, chosen))
    failed = 0
    for case, failures in results:
        print(f"{'ok  ' if not failures else 'FAIL'} {case.name}")
        for f in failures:
            print("       " + f)
        failed += bool(failures)
    for p in problems:
        print("FAIL " + p)
    print(f"{len(results) - failed} passed, {failed + len(problems)} failed")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
