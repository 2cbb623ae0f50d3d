#!/usr/bin/python3
"""eval/python/moce_reader.py decodes categorical columns through /dictionaries (for any table and
for per_incident.csv joins), checked against h5py directly."""
import os, subprocess, sys, tempfile
import h5py
import pandas as pd

moce, pydir = sys.argv[1], sys.argv[2]
sys.path.insert(0, pydir)
import moce_reader as mr  # noqa: E402

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
passed = 0
with tempfile.TemporaryDirectory() as d:
    corpus = os.path.join(d, "q.h5")
    subprocess.run([moce, "simulate", "--config", os.path.join(root, "configs/quickstart.ini"),
                    "--incidents-per-category", "1", "--sessions-per-incident", "800", "--out", corpus], check=True,
                   capture_output=True)
    index = mr.read_index(corpus)
    assert isinstance(index["incident_id"].dtype, pd.CategoricalDtype)
    assert isinstance(index["category"].dtype, pd.CategoricalDtype)
    with h5py.File(corpus, "r") as f:
        codes = f["/incidents/index/incident_id"][:]
        names = f["dictionaries"][f["/incidents/index/incident_id"].attrs["dictionary"]].asstr()[:]
        assert list(index["incident_id"].astype(str)) == [names[c] for c in codes]
        first = index["incident_id"].astype(str)[0]
        group = "/incidents/" + first + "/sessions"
        if group not in f:  # group names may be escaped: take the first incident group
            group = "/incidents/" + [k for k in f["incidents"] if k != "index"][0] + "/sessions"
        sessions = mr.read_table(corpus, group)
        cats = [c for c in sessions.columns if isinstance(sessions[c].dtype, pd.CategoricalDtype)]
        assert cats, sessions.dtypes
        for c in cats:
            ds = f[group][c]
            words = f["dictionaries"][ds.attrs["dictionary"]].asstr()[:]
            raw = ds[:]
            decoded = sessions[c].astype(object)
            for i in range(0, len(raw), 37):
                assert (raw[i] < 0 and pd.isna(decoded[i])) or decoded[i] == words[raw[i]], (c, i)
        assert not isinstance(sessions["session_id"].dtype, pd.CategoricalDtype)
    passed += 1
    out = os.path.join(d, "run")
    subprocess.run([moce, "evaluate", "--corpus", corpus, "--out", out, "--no-plots", "--quiet",
                    "--runtime-incidents", "0"], check=True, capture_output=True)
    res = mr.read_results(out)
    assert isinstance(res["summary"]["scheme"].dtype, pd.CategoricalDtype)
    assert "moce" in set(res["summary"]["scheme"])
    joined = mr.join_per_incident(out, corpus)
    assert len(joined) == len(res["per_incident"])
    assert joined["kpi"].notna().all() and isinstance(joined["kpi"].dtype, pd.CategoricalDtype), joined.dtypes
    passed += 1
print(f"{passed} passed, 0 failed")
