"""The cube scan expert on real RS incidents against an independent re-implementation (pandas and
itertools, straight from the CSVs and anomaly.yaml, not moce's importer): every 9th incident is
imported by `moce import rs`, and `moce rca --experts cube_scan` must answer exactly the elements
computed here (experts/beyond/cube_scan.hpp, operators/stats/cube_scan.hpp: forecast = shrunk
historical failure rate x anomaly sessions per leaf; Poisson LLR; parent when its rest moved by
rest_ratio of the element's change with an LLR of rest_min_llr; same-cuboid elements above extra_share of its LLR).
Usage: rs_cube_scan_test.py MOCE RS_DIR. Exits 77 (skip) when the RS data is absent."""
import ast
import itertools
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import pandas as pd

REST_RATIO, REST_MIN_LLR, EXTRA_SHARE, MAX_ELEMENTS, PRIOR, HISTORY, ALPHA = 0.05, 10, 0.5, 3, 1.0, 240, 0.01


def labels(rs):
    out, entry = {}, {}
    for line in open(os.path.join(rs, "anomaly.yaml"), encoding="utf-8"):
        line = line.strip()
        if line.startswith("- data:"):
            entry = {"stem": line.split(":", 1)[1].strip()}
        elif line.startswith("timestamp:"):
            entry["t"] = int(line.split(":", 1)[1])
        elif line.startswith("cause:"):
            entry["cause"] = ast.literal_eval(line.split(":", 1)[1].strip())
            out[entry["stem"]] = entry
    return out


def llr(a, f):
    if not f > 0 or not a > f:
        return 0.0
    return (a * math.log(a / f) if a > 0 else 0.0) - (a - f)


def expected(csv, t):
    df = pd.read_csv(csv, dtype=str, keep_default_na=False)
    attrs = [c for c in df.columns if c not in ("min", "value", "cnt")]
    for c in ("min", "value", "cnt"):
        df[c] = df[c].astype(float)
    hist = df[(df["min"] >= t - HISTORY) & (df["min"] < t)].groupby(attrs)[["value", "cnt"]].sum()
    anom = df[df["min"] == t].groupby(attrs)[["value", "cnt"]].sum()
    leaves = hist.join(anom, how="outer", lsuffix="_h", rsuffix="_a").fillna(0).reset_index()
    base = (leaves.value_h.sum() + 0.5) / (leaves.cnt_h.sum() + 1)
    leaves["f"] = (leaves.value_h + PRIOR * base) / (leaves.cnt_h + PRIOR) * leaves.cnt_a
    leaves["a"] = leaves.value_a
    if not leaves.a.sum() > leaves.f.sum():
        return set()  # the incident's failures did not exceed their forecast: no lead
    totals = {}  # frozenset of (attribute, value) -> (A, F)
    for size in range(1, 4):
        for cuboid in itertools.combinations(attrs, size):
            for key, g in leaves.groupby(list(cuboid) if size > 1 else cuboid[0]):
                key = key if isinstance(key, tuple) else (key,)
                totals[frozenset(zip(cuboid, key))] = (g.a.sum(), g.f.sum())
    score = {e: llr(*v) for e, v in totals.items()}
    first = max(score, key=lambda e: (score[e], -len(e)))
    # The gate: 2 LLR is chi-square(1) under "nothing moved", Bonferroni over every element.
    if not math.erfc(math.sqrt(score[first])) * len(score) < ALPHA:
        return set()
    while len(first) > 1:
        a, f = totals[first]
        change, up = (a - f) / f, None
        for part in first:
            parent = first - {part}
            ra, rf = totals[parent][0] - a, totals[parent][1] - f
            if rf > 0 and (ra - rf) / rf >= REST_RATIO * change and llr(ra, rf) >= REST_MIN_LLR and (up is None or score[parent] > score[up]):
                up = parent
        if up is None:
            break
        first = up
    cuboid = {k for k, _ in first}
    others = sorted((e for e in score if {k for k, _ in e} == cuboid and e != first and score[e] > 0),
                    key=lambda e: -score[e])
    answer = [first] + [e for e in others if score[e] >= EXTRA_SHARE * score[first]][: MAX_ELEMENTS - 1]
    return {"&".join(sorted(f"{k}:{v}" for k, v in e)) for e in answer}


def main():
    moce, rs = sys.argv[1], sys.argv[2]
    if not os.path.isfile(os.path.join(rs, "anomaly.yaml")):
        print(f"skip: no RS data at {rs}")
        return 77
    labs = labels(rs)
    chosen = sorted(labs)[::9]
    with tempfile.TemporaryDirectory() as d:
        sub = os.path.join(d, "rs")
        os.mkdir(sub)
        with open(os.path.join(sub, "anomaly.yaml"), "w", encoding="utf-8") as y:
            for stem in chosen:
                shutil.copy(os.path.join(rs, stem + ".csv"), sub)
                y.write(f"- data: {stem}\n  timestamp: {labs[stem]['t']}\n  cause: {labs[stem]['cause']!r}\n")
        corpus = os.path.join(d, "rs.h5")
        r = subprocess.run([moce, "import", "rs", "--in", sub, "--out", corpus], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        found = 0
        for stem in chosen:
            want = expected(os.path.join(rs, stem + ".csv"), labs[stem]["t"])
            r = subprocess.run([moce, "rca", "--corpus", corpus, "--incident", stem, "--experts", "cube_scan", "--json"],
                               capture_output=True, text=True)
            assert r.returncode == 0, r.stdout + r.stderr
            expert = json.loads(r.stdout)["experts"][0]
            got = {lead["id"] for lead in expert["leads"]}
            assert got == want, (stem, got, want)
            found += bool(want)
        assert found >= len(chosen) // 2, (found, len(chosen))  # not silent on real anomalies
    print(f"cube_scan: {len(chosen)} RS incidents answered as re-computed independently ({found} with leads)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
