"""Bad corpora: each case copies the tiny simulated corpus, breaks one thing with h5py (or with
plain file operations), and runs `moce evaluate`, `inspect` or `rca` on it."""
import os
import shutil

import h5py
import numpy as np

import harness
from catalogue import Case

INC = "url_latency-00"  # an incident of the tiny corpus with a cause
SESSIONS, EVENTS = f"/incidents/{INC}/sessions", f"/incidents/{INC}/events"
INDEX = "/incidents/index"


def broken(change):
    """A case's argument builder: copies the corpus to c.h5, applies change(h5py.File) and returns
    evaluate's arguments with --out pointing at a fresh folder."""
    def build(ctx):
        path = shutil.copyfile(ctx.corpus, ctx.path("c.h5"))
        with h5py.File(path, "r+") as f:
            change(f)
        return ["evaluate", "--corpus", path, "--out", ctx.path("out")] + harness.FAST
    return build


def raw(make):
    """Like broken, for a file made without h5py: make(ctx, path) writes it."""
    def build(ctx):
        path = ctx.path("c.h5")
        make(ctx, path)
        return ["evaluate", "--corpus", path, "--out", ctx.path("out")] + harness.FAST
    return build


def truncated(fraction):
    def make(ctx, path):
        data = open(ctx.corpus, "rb").read()
        open(path, "wb").write(data[:int(len(data) * fraction)])
    return raw(make)


def replace(f, path, values):
    """Replaces dataset `path` by `values`, keeping its attributes."""
    attrs = dict(f[path].attrs)
    del f[path]
    f.create_dataset(path, data=values, maxshape=(None,), chunks=True)
    for k, v in attrs.items():
        f[path].attrs[k] = v


def set_value(path, index, value):
    def change(f):
        data = f[path][:]
        data[index] = value
        replace(f, path, data)
    return change


def index_row(f, incident):
    names = [n.decode() for n in f["/dictionaries/incident_id"][:]]
    return list(f[INDEX + "/incident_id"][:]).index(names.index(incident))


def set_index(column, value):
    def change(f):
        data = f[INDEX + "/" + column][:]
        data[index_row(f, INC)] = value
        replace(f, INDEX + "/" + column, data)
    return change


def set_dictionary(name, position, value):
    def change(f):
        values = [v for v in f["/dictionaries/" + name][:]]
        values[position] = value.encode()
        del f["/dictionaries/" + name]
        f.create_dataset("/dictionaries/" + name, data=values, dtype=h5py.string_dtype())
    return change


def swap_event_times(f):
    ts = f[EVENTS + "/ts"][:]
    off = f[f"/incidents/{INC}/events_offsets"][:]
    s = next(i for i in range(len(off) - 1) if off[i + 1] - off[i] >= 2)  # a session with 2+ events
    a, b = off[s], off[s] + 1
    ts[a], ts[b] = ts[b] + 1.0, ts[a]  # the session's first event now comes after its second
    replace(f, EVENTS + "/ts", ts)


def empty_incident(f):
    """url_latency-00 keeps its index row and its groups, with zero rows everywhere."""
    for group in (SESSIONS, EVENTS, f"/incidents/{INC}/logs"):
        for name in list(f[group]):
            replace(f, f"{group}/{name}", f[f"{group}/{name}"][:0])
    replace(f, f"/incidents/{INC}/events_offsets", np.zeros(1, dtype=np.int64))


def shift_windows(seconds):
    """Moves the incident's windows `seconds` later: no session falls in them any more."""
    def change(f):
        for column in ("hist_start", "hist_end", "anomaly_start", "anomaly_end"):
            data = f[INDEX + "/" + column][:]
            data[index_row(f, INC)] += seconds
            replace(f, INDEX + "/" + column, data)
    return change


def evaluate_into_previous(ctx, corpus_builder):
    """Runs a bad corpus into a copy of an earlier run's folder (which must stay unchanged)."""
    args = corpus_builder(ctx)
    harness.copy(ctx.previous, ctx.path("prev"))
    return args[:args.index("--out") + 1] + [ctx.path("prev")] + harness.FAST


def not_hdf5(ctx, path):
    open(path, "w").write("incident_id,category\nx,y\n")


CASES = [
    Case("corpus_missing", "corpus", "the corpus file does not exist",
         lambda ctx: ["evaluate", "--corpus", ctx.path("none.h5"), "--out", ctx.path("out")], 1,
         r"corpus '.*none\.h5': no such file"),
    Case("corpus_is_a_directory", "corpus", "the corpus path is a directory",
         lambda ctx: ["evaluate", "--corpus", ctx.dir, "--out", ctx.path("out")], 1, r"not a regular file"),
    Case("corpus_not_hdf5", "corpus", "a CSV file given as the corpus", raw(not_hdf5), 1,
         r"c\.h5': not an HDF5 file"),
    Case("corpus_empty_file", "corpus", "a zero-byte corpus file", raw(lambda ctx, p: open(p, "w").close()), 1,
         r"c\.h5': not an HDF5 file"),
    Case("corpus_truncated_header", "corpus", "the corpus cut after 1% of its bytes (superblock only)",
         truncated(0.01), 1, r"c\.h5'.*truncated or corrupt"),
    Case("corpus_truncated_half", "corpus", "the corpus cut at half its bytes", truncated(0.5), 1,
         r"c\.h5'.*truncated or corrupt"),
    Case("corpus_truncated_tail", "corpus", "the corpus missing its last 1% of bytes", truncated(0.99), 1,
         r"c\.h5'.*truncated or corrupt"),
    Case("corpus_truncated_into_previous", "corpus",
         "a truncated corpus evaluated into the folder of an earlier run: the earlier tables stay",
         lambda ctx: evaluate_into_previous(ctx, truncated(0.5)), 1, r"truncated or corrupt", absent=[],
         intact="prev"),
    Case("corpus_wrong_format", "corpus", "root attribute format = 'other-tool'",
         broken(lambda f: f.attrs.__setitem__("format", "other-tool")), 1,
         r"attribute 'format' is 'other-tool', expected 'moce-corpus'"),
    Case("corpus_no_format", "corpus", "an HDF5 file without the root attribute format",
         broken(lambda f: f.attrs.__delitem__("format")), 1, r"attribute 'format' is missing; expected 'moce-corpus'"),
    Case("corpus_wrong_version", "corpus", "format_version = 2 (this moce reads 1)",
         broken(lambda f: f.attrs.__setitem__("format_version", np.int64(2))), 1,
         r"format_version is 2, this moce reads version 1"),
    Case("corpus_missing_index", "corpus", "no /incidents/index group",
         broken(lambda f: f.__delitem__(INDEX)), 1, r"/incidents/index.*missing"),
    Case("corpus_missing_index_column", "corpus", "the index lacks its kpi column",
         broken(lambda f: f.__delitem__(INDEX + "/kpi")), 1, r"/incidents/index/kpi.*missing"),
    Case("corpus_missing_sessions", "corpus", "an incident without its sessions group",
         broken(lambda f: f.__delitem__(SESSIONS)), 1, rf"incident '{INC}' has no sessions table and no aggregates table",
         absent=["out/summary.csv"]),
    Case("corpus_missing_offsets", "corpus", "an incident with events but no events_offsets",
         broken(lambda f: f.__delitem__(f"/incidents/{INC}/events_offsets")), 1, r"events_offsets.*missing",
         absent=["out/summary.csv"]),
    Case("corpus_missing_dictionary", "corpus", "the dictionary the isp column names is gone",
         broken(lambda f: f.__delitem__("/dictionaries/isp")), 1, r"/dictionaries/isp.*dictionary is missing",
         absent=["out/summary.csv"]),
    Case("corpus_unequal_columns", "corpus", "sessions/isp one row shorter than the other columns",
         broken(lambda f: replace(f, SESSIONS + "/isp", f[SESSIONS + "/isp"][:-1])), 1,
         r"columns of unequal length", absent=["out/summary.csv"]),
    Case("corpus_index_unequal_columns", "corpus", "the index's truth column one row short",
         broken(lambda f: replace(f, INDEX + "/truth", f[INDEX + "/truth"][:-1])), 1,
         r"/incidents/index.*columns of unequal length"),
    Case("corpus_code_out_of_range", "corpus", "sessions/isp holds code 9999 (the dictionary has 30 values)",
         broken(set_value(SESSIONS + "/isp", 3, 9999)), 1, r"sessions/isp.*code 9999 is outside its dictionary",
         absent=["out/summary.csv"]),
    Case("corpus_negative_code", "corpus", "an index category code of -7",
         broken(set_index("category", -7)), 1, r"index/category.*code -7 is outside"),
    Case("corpus_offsets_decrease", "corpus", "events_offsets decreasing at one entry",
         broken(set_value(f"/incidents/{INC}/events_offsets", 5, 0)), 1, r"offsets decrease at entry",
         absent=["out/summary.csv"]),
    Case("corpus_unsorted_events", "corpus", "a session's events out of time order",
         broken(swap_event_times), 1, r"events.*not sorted by time", absent=["out/summary.csv"]),
    Case("corpus_wrong_dtype", "corpus", "sessions/start stored as float32",
         broken(lambda f: replace(f, SESSIONS + "/start", f[SESSIONS + "/start"][:].astype(np.float32))), 1,
         r"sessions/start.*unsupported column type", absent=["out/summary.csv"]),
    Case("corpus_nan_event_time", "corpus", "an event time that is NaN",
         broken(set_value(EVENTS + "/ts", 10, np.nan)), 1, r"events/ts.*not a finite", absent=["out/summary.csv"]),
    Case("corpus_inf_session_start", "corpus", "a session start of +inf",
         broken(set_value(SESSIONS + "/start", 0, np.inf)), 1, r"sessions/start.*not a finite",
         absent=["out/summary.csv"]),
    Case("corpus_nan_window", "corpus", "an anomaly window ending at NaN", broken(set_index("anomaly_end", np.nan)),
         1, rf"incident '{INC}'\): anomaly .* ends at nan; expected start < end"),
    Case("corpus_window_reversed", "corpus", "an anomaly window ending before it starts",
         broken(set_index("anomaly_end", 1.0)), 1, rf"incident '{INC}'.*anomaly"),
    Case("corpus_bad_truth_id", "corpus", "a truth id that is not canonical ('no colon here')",
         broken(set_dictionary("truth", 0, "no colon here")), 1, r"truth.*'no colon here'"),
    Case("corpus_empty_incident", "corpus", "an incident with zero sessions and events",
         broken(empty_incident), 1, rf"incident '{INC}'.*no sessions", absent=["out/summary.csv"]),
    Case("corpus_no_sessions_in_windows", "corpus", "windows moved a day past every session of the incident",
         broken(shift_windows(86400.0)), 1, rf"incident '{INC}'.*no session.*window", absent=["out/summary.csv"]),
    Case("corpus_kpi_not_a_column", "corpus", "the index names a KPI its sessions lack",
         broken(lambda f: f.__delitem__(SESSIONS + "/play_start_time")), 1,
         rf"{SESSIONS}: the incident's KPI column 'play_start_time' is missing",
         absent=["out/summary.csv"]),
    Case("corpus_rca_unknown_incident", "corpus", "rca asked for an incident the corpus lacks",
         lambda ctx: ["rca", "--corpus", ctx.corpus, "--incident", "no-such-incident"], 1,
         r"no incident 'no-such-incident' in /incidents/index", absent=[]),
    Case("corpus_inspect_truncated", "corpus", "inspect on a truncated corpus",
         lambda ctx: ["inspect", truncated(0.5)(ctx)[2]], 1, r"truncated or corrupt", absent=[]),
]
