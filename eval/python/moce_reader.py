#!/usr/bin/python3
"""Reading moce corpora and evaluation results into pandas, with categorical columns decoded.

In a corpus, a categorical column (isp, city, app_version, event, incident_id, ...) holds integer
codes; its dataset's `dictionary` attribute names its dictionary under /dictionaries. The plain
pandas one-liner therefore shows codes. This module decodes them:

    import sys; sys.path.insert(0, "eval/python")
    import moce_reader as mr
    sessions = mr.read_table("q.h5", "/incidents/url_errors-00/sessions")   # isp etc. are pandas.Categorical
    index = mr.read_index("q.h5")                                           # one row per incident
    leads = mr.read_results("results/RUN")["per_incident"]                 # evaluation tables
    joined = mr.join_per_incident("results/RUN", "q.h5")                    # leads + the incident's alert

Needs h5py and pandas (Debian: python3-h5py, python3-pandas)."""
import os

import h5py
import pandas as pd


def _decode(f, dataset):
    values = dataset[:]
    name = dataset.attrs.get("dictionary")
    if name is None:
        if values.dtype.kind in ("S", "O"):
            return pd.Series(values).str.decode("utf-8") if values.dtype.kind == "S" else pd.Series(values)
        return values
    if isinstance(name, bytes):
        name = name.decode("utf-8")
    categories = f["dictionaries"][name].asstr()[:]
    return pd.Categorical.from_codes(values, categories=pd.Index(categories))


def read_table(path, group):
    """The relation stored at `group` (e.g. /incidents/<id>/sessions, /incidents/index) as a
    DataFrame: one column per dataset, categorical ones decoded through /dictionaries."""
    with h5py.File(path, "r") as f:
        g = f[group]
        columns = {k: _decode(f, g[k]) for k in g if isinstance(g[k], h5py.Dataset)}
    return pd.DataFrame(columns)


def read_index(path):
    """The incident index (/incidents/index), decoded: incident_id, category, kpi, truth, ..."""
    return read_table(path, "/incidents/index")


def read_results(run):
    """The tables of a `moce evaluate` run: summary, per_incident, shapley, robustness (DataFrames
    with scheme/category/lead columns as pandas.Categorical) and runtime (a dict)."""
    import json

    out = {}
    for name in ("summary", "per_incident", "shapley", "robustness"):
        path = os.path.join(run, name + ".csv")
        if os.path.exists(path):
            df = pd.read_csv(path, keep_default_na=False, na_values=[""])
            for column in ("scheme", "category", "expert", "level", "method", "incident", "lead"):
                if column in df.columns:
                    df[column] = df[column].astype("category")
            out[name] = df
    path = os.path.join(run, "runtime.json")
    if os.path.exists(path):
        out["runtime"] = json.load(open(path))
    return out


def join_per_incident(run, corpus):
    """per_incident.csv joined with the corpus' incident index on the incident id: every lead next
    to its incident's KPI, cohort and windows."""
    leads = read_results(run)["per_incident"]
    index = read_index(corpus)
    index = index.rename(columns={"incident_id": "incident"})
    index["incident"] = index["incident"].astype(str)
    leads = leads.assign(incident=leads["incident"].astype(str))
    drop = [c for c in ("category", "truth") if c in index.columns]
    return leads.merge(index.drop(columns=drop), on="incident", how="left")
