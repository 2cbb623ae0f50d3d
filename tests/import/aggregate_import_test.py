#!/usr/bin/python3
"""`moce import cube` on the hand-written fixture (cube_fixture/): sums, truths and windows as
worked out by hand; and bad input to `moce import rs|cube` (a malformed row, a missing label, an
unknown attribute in a label, value > cnt): exit 1, one error naming the file and line, no output."""
import os, shutil, subprocess, sys, tempfile
import h5py

moce, rs_data = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))


def run(*args):
    return subprocess.run([moce, *args], capture_output=True, text=True, timeout=120)


def fails(r, out, *texts):
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    for t in texts:
        assert t in r.stderr + r.stdout, (t, r.stderr + r.stdout)
    assert not os.path.exists(out) and not [f for f in os.listdir(os.path.dirname(out)) if ".tmp" in f]


with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "cube.h5")
    r = run("import", "cube", "--in", os.path.join(here, "cube_fixture"), "--out", out)
    assert r.returncode == 0, r.stdout + r.stderr
    f = h5py.File(out, "r")
    ix = f["/incidents/index"]
    dec = lambda col: [f["dictionaries"][ix[col].attrs["dictionary"]].asstr()[c] for c in ix[col][:]]
    assert dec("incident_id") == ["1000", "2000"]
    # Several elements stay several causes; each element's parts are sorted by attribute.
    assert dec("truth") == ["a:a1", "a:a2&b:b1;a:a1&b:b3"], dec("truth")
    assert dec("category") == ["cube_1x1", "cube_2x2"]
    assert list(ix["higher_is_better"][:]) == [1, 1]  # both totals dropped
    assert list(ix["anomaly_start"][:]) == [1000, 2000] and list(ix["hist_start"][:]) == [940, 1940]
    for stem, predict, real in (("1000", 600, 330), ("2000", 600, 471)):
        g = f[f"/incidents/{stem}/aggregates"]
        b, s = g["bucket"][:], g["sum"][:]
        assert len(b) == 12 and s[b < int(stem)].sum() == predict and s[b == int(stem)].sum() == real, stem
        assert (g["count"][:] == 1).all() and (g["sumsq"][:] == s * s).all()
    f.close()
    print("cube: fixture imported as worked by hand")
    # The mixture on it (single-observation leaves): the cube scan finds a:a1 for 1000 and both
    # pairs for 2000 (worked by hand in tests/operators_stats/cube_scan_test.cpp): TP 3, FP 0, FN 0.
    r = run("evaluate", "--corpus", out, "--out", os.path.join(d, "eval"), "--no-plots", "--quiet",
            "--runtime-incidents", "0")
    assert r.returncode == 0, r.stdout + r.stderr
    import csv
    row = next(x for x in csv.DictReader(open(os.path.join(d, "eval", "summary.csv")))
               if x["scheme"] == "moce" and x["category"] == "all")
    assert (row["tp"], row["fp"], row["fn"]) == ("3", "0", "0"), row
    print("cube: the mixture answers exactly the injected causes")
    # `import log` onto it: a real log line count; an --align naming no incident is a usage error.
    log = os.path.join(os.path.dirname(rs_data), "loghub", "Apache_2k.log")
    if os.path.isfile(log):
        args = ["import", "log", "--in", log, "--templates", log + "_templates.csv", "--corpus", out]
        r = run(*args, "--align", "1000=1133752664", "--out", os.path.join(d, "log.h5"))
        assert r.returncode == 0 and "2000 log lines (6 templates) into 1 incidents" in r.stdout, r.stdout + r.stderr
        assert len(h5py.File(os.path.join(d, "log.h5"), "r")["/incidents/1000/logs/ts"]) == 2000
        r = run(*args, "--align", "nope=1", "--out", os.path.join(d, "log2.h5"))
        assert r.returncode == 2 and "has no incident 'nope'" in r.stderr + r.stdout, r.stderr
        assert not os.path.exists(os.path.join(d, "log2.h5"))
        print("log: 2000 lines added; an unknown --align incident is a usage error")

    # Bad input. RS: two real incidents and their labels.
    if not os.path.isfile(os.path.join(rs_data, "anomaly.yaml")):
        print("SKIP: no RS data for the bad-input cases")
        sys.exit(77)
    stems = ["case1_0821_1741394221", "case5_0824_1500728851"]
    src = open(os.path.join(rs_data, "anomaly.yaml"), encoding="utf-8").read().split("- data: ")
    entries = ["- data: " + e for e in src if e.split("\n")[0].strip() in stems]

    def rs_dir(name, yaml=None, extra_row=None):
        p = os.path.join(d, name)
        os.makedirs(p)
        for s in stems:
            shutil.copy(os.path.join(rs_data, s + ".csv"), p)
        open(os.path.join(p, "anomaly.yaml"), "w", encoding="utf-8").write(yaml if yaml is not None else "".join(entries))
        if extra_row:
            open(os.path.join(p, stems[0] + ".csv"), "a").write(extra_row + "\n")
        return p

    rows = sum(1 for _ in open(os.path.join(rs_data, stems[0] + ".csv")))
    good = rs_dir("good")
    r = run("import", "rs", "--in", good, "--out", os.path.join(d, "ok.h5"))
    assert r.returncode == 0 and "2 incidents" in r.stdout, r.stdout + r.stderr
    out = os.path.join(d, "bad.h5")
    fails(run("import", "rs", "--in", rs_dir("row", extra_row="1566397200,5,500,C3,1,oops,48"), "--out", out),
          out, f"{stems[0]}.csv:{rows + 1}: column 'value'")
    fails(run("import", "rs", "--in", rs_dir("cnt", extra_row="1566397200,5,500,C3,1,9,4"), "--out", out),
          out, f"{stems[0]}.csv:{rows + 1}:", "value <= cnt")
    fails(run("import", "rs", "--in", rs_dir("missing", yaml=entries[0]), "--out", out), out,
          f"{stems[1]}.csv:1: no entry '{stems[1]}'")
    bad_cause = entries[0].replace("{'bitrate':2000,'p2p':1}", "{'bitrate':2000,'router':1}")
    fails(run("import", "rs", "--in", rs_dir("attr", yaml=bad_cause + entries[1]), "--out", out), out,
          "anomaly.yaml:3: cause of 'case1_0821_1741394221': attribute 'router' is not a column of")
    fails(run("import", "rs", "--in", rs_dir("yaml", yaml=entries[0].replace("'p2p':1}", "'p2p':1") + entries[1]),
              "--out", out), out, "anomaly.yaml:3: cause: expected '}'")
    cube = os.path.join(d, "cube_bad")
    shutil.copytree(os.path.join(here, "cube_fixture"), cube)
    open(os.path.join(cube, "injection_info.csv"), "w").write("timestamp,set\n1000,a=a1\n2000,z=z1\n")
    fails(run("import", "cube", "--in", cube, "--out", out), out, "injection_info.csv:3: column 'set': attribute 'z'")
    print("bad input: named and nothing written")
