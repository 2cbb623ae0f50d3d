#!/usr/bin/python3
"""A corpus written by `moce` loads into pandas with the README's one-liner, and its values are
what the corpus layout promises (checked independently of the C++ reader)."""
import math, subprocess, sys, tempfile, os
import h5py
import numpy as np
import pandas as pd

moce = sys.argv[1]
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "demo.h5")
    subprocess.run([moce, "demo", "--out", path, "--sessions-per-incident", "300", "--incidents", "2"], check=True)
    f = h5py.File(path, "r")
    assert f.attrs["format"] == "moce-corpus", f.attrs["format"]
    assert f.attrs["format_version"] == 1
    # The README's one-liner.
    g = "/incidents/demo-0/sessions"
    df = pd.DataFrame({k: f[g][k][:] for k in f[g]})
    assert len(df) == 300, len(df)
    assert list(df["session_id"]) == list(range(300))
    assert set(f[g].attrs["kpis"].split(",")) <= set(df.columns)
    # Categorical columns decode through their dictionary, non-ASCII strings included.
    isp = pd.Categorical.from_codes(df["isp"], f["dictionaries"][f[g]["isp"].attrs["dictionary"]].asstr()[:])
    assert "中国电信" in set(isp.categories), list(isp.categories)
    # Events: sorted by (session, ts); the CSR offsets frame each session's events.
    e = "/incidents/demo-0/events"
    ev = pd.DataFrame({k: f[e][k][:] for k in f[e]})
    off = f["/incidents/demo-0/events_offsets"][:]
    assert len(off) == len(df) + 1 and off[0] == 0 and off[-1] == len(ev)
    for s in range(len(df)):
        rows = ev.iloc[off[s]:off[s + 1]]
        assert (rows["session"] == s).all()
        assert rows["ts"].is_monotonic_increasing
    # Login time (KPI) equals the span of the session's login_start..login_end events.
    event_names = f["dictionaries/event"].asstr()[:]
    names = event_names[ev["event"]]
    for s in range(0, len(df), 17):
        rows = ev.iloc[off[s]:off[s + 1]]
        n = names[off[s]:off[s + 1]]
        if "login_start" in n:
            span = (rows["ts"].values[list(n).index("login_end")] - rows["ts"].values[0]) * 1000
            assert math.isclose(span, df["login_time"][s], rel_tol=1e-9), (span, df["login_time"][s])
        else:
            assert math.isnan(df["login_time"][s])
    idx = pd.DataFrame({k: f["/incidents/index"][k][:] for k in f["/incidents/index"]})
    assert len(idx) == 2
    assert list(f["dictionaries/incident_id"].asstr()[:][idx["incident_id"]]) == ["demo-0", "demo-1"]
print("1 passed, 0 failed")
