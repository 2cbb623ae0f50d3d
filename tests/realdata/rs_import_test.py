#!/usr/bin/python3
"""`moce import rs` on the real RS incidents (../shared/data/rs): every incident, row, count,
failure sum, UTF-8 value and truth in the corpus equals what this script computes on its own
from the CSVs and anomaly.yaml (pandas and ast, not moce's parsers); then `moce rca` runs the
mixture on a few single-cause incidents of the aggregate-only corpus and names the cause."""
import ast, glob, os, re, subprocess, sys, tempfile
import h5py, pandas as pd

moce, data = sys.argv[1], sys.argv[2]
if not os.path.isfile(os.path.join(data, "anomaly.yaml")):
    print(f"SKIP: the RS data is not at {data}")
    sys.exit(77)


def labels():
    out, stem = {}, None
    for line in open(os.path.join(data, "anomaly.yaml"), encoding="utf-8"):
        key, _, value = line.strip().lstrip("- ").partition(":")
        if key == "data":
            stem = value.strip()
            out[stem] = {}
        elif key in ("timestamp", "cause"):
            out[stem][key] = ast.literal_eval(value.strip())
    return out


def truth_of(cause):
    elements = cause if isinstance(cause, list) else [cause]
    return ";".join("&".join(f"{k}:{v}" for k, v in sorted(e.items())) for e in elements)


with tempfile.TemporaryDirectory() as d:
    corpus = os.path.join(d, "rs.h5")
    r = subprocess.run([moce, "import", "rs", "--in", data, "--out", corpus], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    expected = labels()
    files = sorted(glob.glob(os.path.join(data, "*.csv")))
    assert len(files) == len(expected) == 135, (len(files), len(expected))
    f = h5py.File(corpus, "r")
    index = f["/incidents/index"]
    dec = lambda col: [f["dictionaries"][index[col].attrs["dictionary"]].asstr()[c] for c in index[col][:]]
    ids, truths, cats = dec("incident_id"), dec("truth"), dec("category")
    assert sorted(ids) == sorted(os.path.basename(p)[:-4] for p in files)
    singles = 0
    for i, stem in enumerate(ids):
        lab = expected[stem]
        assert truths[i] == truth_of(lab["cause"]), (stem, truths[i], lab["cause"])
        assert index["anomaly_start"][i] == lab["timestamp"] and index["anomaly_end"][i] == lab["timestamp"] + 60
        assert index["hist_start"][i] == lab["timestamp"] - 240 and index["hist_end"][i] == lab["timestamp"]
        single = isinstance(lab["cause"], dict) and len(lab["cause"]) == 1
        singles += single
        assert (cats[i] == "rs_single") == single, (stem, cats[i])
        df = pd.read_csv(os.path.join(data, stem + ".csv"), dtype=str, keep_default_na=False)
        g = f[f"/incidents/{stem}/aggregates"]
        assert len(g["bucket"]) == len(df), stem
        cnt, value = df.cnt.astype(float), df.value.astype(float)
        assert (g["bucket"][:] == df["min"].astype(float).values).all(), stem
        assert (g["count"][:] == cnt.values).all() and (g["sum"][:] == (cnt - value).values).all(), stem
        attrs = [c for c in df.columns if c not in ("min", "value", "cnt")]
        assert g.attrs["cohort_attributes"] == ",".join(attrs), stem
        for a in attrs:  # the decoded strings are the CSV's, byte for byte (UTF-8 ISP names)
            values = f["dictionaries"][g[a].attrs["dictionary"]].asstr()[:]
            assert [values[c] for c in g[a][:]] == list(df[a]), (stem, a)
    assert singles == 71, singles
    print("import: 135 incidents match")

    # The mixture on aggregate-only incidents: four single-value causes, each named in the top 5.
    for stem in ("case5_0824_1500728851", "case6_0923_100523075", "case9_0926_1199512718563",
                 "case14_1006_2227875499"):
        r = subprocess.run([moce, "rca", "--corpus", corpus, "--incident", stem], capture_output=True, text=True,
                           timeout=120)
        assert r.returncode == 0, r.stdout + r.stderr
        top = [m.group(2) for m in re.finditer(r"^(\d+)\. (\S+)  score", r.stdout, re.M) if int(m.group(1)) <= 5]
        assert truth_of(expected[stem]["cause"]) in top, (stem, r.stdout)
    print("rca: the mixture names the cause")
