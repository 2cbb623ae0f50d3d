#!/usr/bin/python3
"""Benchmark regression tracking: runs a fast subset of the Google Benchmark binaries in
build/bench with repetitions, takes each benchmark's median real time, and compares it with the
baseline checked in at results/bench/baseline.json, printing one ratio per benchmark (current /
baseline: above 1 is slower) and their geometric mean, in the spirit of google/benchmark's
tools/compare.py.

  jobs/bench_compare.py                    run, compare; exit 1 if a benchmark is slower than --threshold
  jobs/bench_compare.py --report           run, compare, never fail (CI: the machines are noisy)
  jobs/bench_compare.py --update-baseline  run and rewrite results/bench/baseline.json
  jobs/bench_compare.py --current a.json   compare saved Google Benchmark JSON instead of running

Run it before and after performance work on the same machine; the baseline records the host it
was measured on. Writes only the baseline (with --update-baseline) and --save FILE when given."""
import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_BASELINE = os.path.join(ROOT, "results", "bench", "baseline.json")

# The CI subset: (binary in build/bench, --benchmark_filter). Each is well under a second per
# repetition at the min time below, so 5 repetitions of all of them take about a minute.
SUITE = [
    ("moce_relational_bench", "BM_GroupByDenseCohorts|BM_GroupByHashedCohorts|BM_NGramCount"),
    ("moce_stats_bench", "BM_WelchTTest|BM_AhoCorasick|BM_TreeFit"),
    ("moce_runtime_bench", "BM_ChainBuildAndResolve/1000$|BM_CacheHit|BM_DedupLookup"),
    ("moce_simulator_bench", "BM_GenerateEvents|BM_SimulateCorpus"),
    ("moce_import_bench", "BM_CsvTokenize|BM_CsvParseEvents"),
]

TO_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def medians(report):
    """{benchmark name: median real time in ns} of one Google Benchmark JSON report. Uses the
    'median' aggregates when the report has them, else the median of the repetitions."""
    out, runs = {}, {}
    for b in report.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        ns = float(b["real_time"]) * TO_NS[b.get("time_unit", "ns")]
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                out[name] = ns
        elif "error_occurred" not in b:
            runs.setdefault(name, []).append(ns)
    for name, values in runs.items():
        out.setdefault(name, statistics.median(values))
    return out


def compare(baseline, current, threshold):
    """Rows (name, baseline ns, current ns, ratio current/baseline, verdict) over the union of the
    names, sorted; verdict is 'slower' / 'faster' beyond a factor 1 + threshold, else 'same',
    and 'new' / 'gone' for a benchmark on one side only (ratio None)."""
    rows = []
    for name in sorted(set(baseline) | set(current)):
        base, cur = baseline.get(name), current.get(name)
        if base is None or cur is None:
            rows.append((name, base, cur, None, "new" if base is None else "gone"))
            continue
        ratio = cur / base
        verdict = "slower" if ratio > 1 + threshold else "faster" if ratio < 1 / (1 + threshold) else "same"
        rows.append((name, base, cur, ratio, verdict))
    return rows


def geomean(rows):
    ratios = [r[3] for r in rows if r[3] is not None]
    return math.exp(sum(map(math.log, ratios)) / len(ratios)) if ratios else None


def human(ns):
    if ns is None:
        return "-"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def table(rows):
    width = max([len("Benchmark")] + [len(r[0]) for r in rows])
    lines = [f"{'Benchmark':<{width}}  {'Baseline':>10}  {'Current':>10}  {'Ratio':>7}  Verdict"]
    for name, base, cur, ratio, verdict in rows:
        r = "-" if ratio is None else f"{ratio:.3f}"
        lines.append(f"{name:<{width}}  {human(base):>10}  {human(cur):>10}  {r:>7}  {verdict}")
    g = geomean(rows)
    lines.append(f"{'geometric mean of ratios':<{width}}  {'':>10}  {'':>10}  {('-' if g is None else f'{g:.3f}'):>7}")
    return "\n".join(lines)


def run_suite(build, repetitions, min_time, suite=SUITE):
    """Runs the suite from the build directory; returns ({"binary:benchmark": median ns}, problems)."""
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    out, problems = {}, []
    for binary, bench_filter in suite:
        path = os.path.join(build, "bench", binary)
        if not os.path.exists(path):
            problems.append(f"{path}: not built (cmake --build {build})")
            continue
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            cmd = [path, f"--benchmark_filter={bench_filter}", f"--benchmark_repetitions={repetitions}",
                   f"--benchmark_min_time={min_time}", "--benchmark_report_aggregates_only=true",
                   f"--benchmark_out={f.name}", "--benchmark_out_format=json"]
            p = subprocess.run(cmd, cwd=build, env=env, capture_output=True, text=True)
            if p.returncode != 0:
                problems.append(f"{binary}: exit {p.returncode}: {p.stderr.strip()[-500:]}")
                continue
            for name, ns in medians(json.load(f)).items():
                out[f"{binary}:{name}"] = ns
    return out, problems


def git_sha():
    p = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return p.stdout.strip() or "unknown"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--report", action="store_true", help="print the comparison and exit 0 whatever it says")
    mode.add_argument("--update-baseline", action="store_true", help="run the suite and rewrite the baseline")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="build directory (default: build/)")
    ap.add_argument("--baseline", default=DEFAULT_BASELINE, help="baseline file (default: results/bench/baseline.json)")
    ap.add_argument("--current", nargs="+", help="Google Benchmark JSON files to compare instead of running the suite")
    ap.add_argument("--repetitions", type=int, default=5, help="repetitions per benchmark (default 5)")
    ap.add_argument("--min-time", type=float, default=0.05, help="--benchmark_min_time in seconds (default 0.05)")
    ap.add_argument("--threshold", type=float, default=0.10, help="relative change that counts (default 0.10)")
    ap.add_argument("--save", help="also write the current medians to this file (baseline format)")
    a = ap.parse_args(argv)
    try:
        return run_mode(a)
    except Exception as e:  # --report never fails the build, whatever went wrong
        if a.report:
            print(f"bench_compare: could not compare ({type(e).__name__}: {e})")
            return 0
        raise


def run_mode(a):
    problems = []
    if a.current:
        current = {}
        for path in a.current:
            with open(path) as f:
                current.update(medians(json.load(f)))
    else:
        current, problems = run_suite(a.build, a.repetitions, a.min_time)
    record = {"context": {"host": platform.node(), "cpus": os.cpu_count(), "git_sha": git_sha(),
                          "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                          "repetitions": a.repetitions, "min_time_s": a.min_time, "statistic": "median real time"},
              "benchmarks_ns": current}
    for p in problems:
        print(f"bench_compare: {p}", file=sys.stderr)
    if a.save:
        write_json(a.save, record)
    if a.update_baseline:
        if problems or not current:
            print("bench_compare: baseline not updated (see above)", file=sys.stderr)
            return 1
        write_json(a.baseline, record)
        print(f"bench_compare: wrote {len(current)} medians to {a.baseline}")
        return 0
    with open(a.baseline) as f:
        base = json.load(f)
    c = base["context"]
    print(f"baseline: {a.baseline} ({c['git_sha']} on {c['host']}, {c['date']}, median of {c['repetitions']})")
    rows = compare(base["benchmarks_ns"], current, a.threshold)
    print(table(rows))
    slower = [r[0] for r in rows if r[4] == "slower"]
    if a.report:
        return 0
    if slower or problems:
        print(f"bench_compare: {len(slower)} benchmark(s) slower than x{1 + a.threshold:.2f}", file=sys.stderr)
        return 1
    return 0


def write_json(path, record):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(record, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main())
