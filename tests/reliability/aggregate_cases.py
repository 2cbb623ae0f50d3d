"""Bad input to `moce import rs|cube|log` and to `moce export` of what they write. Each case builds
a small valid input in ctx.dir (RS: a one-incident anomaly.yaml plus its CSV; cube:
tests/import/cube_fixture; log: a two-line server log and its templates, added to the tiny
simulated corpus), breaks one thing, and imports; nothing may be left at the output path."""
import os
import shutil

import harness
from catalogue import Case

RS_YAML = "- data: inc1\n  timestamp: 1020\n  cause: {'bitrate':500}\n"
# Lines 2-5; the anomaly minute is 1020, the 4 history minutes start at 780.
RS_CSV = "min,cdn,bitrate,value,cnt\n960,c1,500,1,10\n960,c1,800,0,5\n1020,c1,500,5,10\n1020,c1,800,0,5\n"
LOG = ("[Sun Dec 04 04:47:44 2005] [notice] worker 1 started\n"
       "[Sun Dec 04 04:47:45 2005] [error] worker 1 failed\n")
TEMPLATES = "EventId,EventTemplate\nE1,worker <*> started\nE2,worker <*> failed\n"
INCIDENT = "url_latency-00"  # an incident of the tiny corpus (harness.tiny_corpus)


def rs(yaml=RS_YAML, csv=RS_CSV, extra=None, options=()):
    """Writes ctx/rs/{anomaly.yaml, inc1.csv} (None leaves a file out; `extra` adds files) and
    returns `import rs` arguments."""
    def build(ctx):
        d = ctx.path("rs")
        os.makedirs(d)
        for name, text in [("anomaly.yaml", yaml), ("inc1.csv", csv)] + list((extra or {}).items()):
            if text is not None:
                open(os.path.join(d, name), "w", encoding="utf-8").write(text)
        return ["import", "rs", "--in", d, "--out", ctx.path("out")] + list(options)
    return build


def cube(edits=None, remove=(), options=()):
    """Copies tests/import/cube_fixture to ctx/cube, replaces whole files (`edits`: name -> text),
    removes `remove` and returns `import cube` arguments."""
    def build(ctx):
        d = shutil.copytree(os.path.join(ctx.fixture, "..", "cube_fixture"), ctx.path("cube"))
        for name, text in (edits or {}).items():
            open(os.path.join(d, name), "w", encoding="utf-8").write(text)
        for name in remove:
            os.remove(os.path.join(d, name))
        return ["import", "cube", "--in", d, "--out", ctx.path("out")] + list(options)
    return build


def log(text=LOG, templates=TEMPLATES, align=INCIDENT + "=1133671664", corpus=None, out="out"):
    """Writes ctx/a.log and ctx/t.csv and returns `import log` arguments adding them to the tiny
    corpus (or to `corpus`(ctx)), aligned by `align`; None leaves the file and its option out."""
    def build(ctx):
        args = ["import", "log", "--corpus", corpus(ctx) if corpus else ctx.corpus, "--out", ctx.path(out)]
        for name, content, option in (("a.log", text, "--in"), ("t.csv", templates, "--templates")):
            if content is not None:
                open(ctx.path(name), "w", encoding="utf-8").write(content)
                args += [option, ctx.path(name)]
        return args + (["--align", align] if align is not None else [])
    return build


def not_hdf5(ctx):
    open(ctx.path("c.h5"), "w").write("incident_id,kpi\n")
    return ctx.path("c.h5")


def export_of_cube(ctx):
    """A good `import cube` of the fixture into ctx/agg.h5, then `export events` of it."""
    ctx.moce.run(cube()(ctx)[:-2] + ["--out", ctx.path("agg.h5")])
    return ["export", "events", "--corpus", ctx.path("agg.h5"), "--out", ctx.path("out")]


def onto_previous(ctx):
    """A bad log imported onto a copy of the tiny corpus at ctx/prev.h5, which must stay."""
    harness.copy(ctx.corpus, ctx.path("prev.h5"))
    return log(text=LOG + "garbage\n", out="prev.h5")(ctx)


CUBE_LABELS = "timestamp,set\n1000,a=a1\n2000,b=b1&a=a2;a=a1&b=b3\n"
CUBE_1000 = "a,b,real,predict\na1,b1,10,100\n"  # the head of cube_fixture/1000.csv
CASES = [
    # RS: anomaly.yaml.
    Case("rs_not_a_directory", "import", "`import rs --in` names a file, not a directory",
         lambda ctx: (open(ctx.path("f"), "w").close(), ["import", "rs", "--in", ctx.path("f"), "--out", ctx.path("out")])[1],
         1, r"/f: not a directory \(expected the RS CSV files and anomaly\.yaml\)"),
    Case("rs_labels_missing", "import", "an RS folder without anomaly.yaml", rs(yaml=None), 1,
         r"anomaly\.yaml: cannot open \(expected the RS labels"),
    Case("rs_labels_not_key_value", "import", "an anomaly.yaml line without ':'",
         rs(yaml=RS_YAML.replace("timestamp: 1020", "timestamp 1020")), 1, r"anomaly\.yaml:2: expected 'key: value'"),
    Case("rs_labels_bad_timestamp", "import", "an anomaly.yaml timestamp that is not an integer",
         rs(yaml=RS_YAML.replace("1020", "soon")), 1, r"anomaly\.yaml:2: timestamp 'soon' is not an integer"),
    Case("rs_labels_unclosed_cause", "import", "a cause whose '{' never closes",
         rs(yaml=RS_YAML.replace("500}", "500")), 1, r"anomaly\.yaml:3: cause: expected '}' at character \d+"),
    Case("rs_labels_empty_cause_value", "import", "a cause with an empty value ({'bitrate':''})",
         rs(yaml=RS_YAML.replace("500}", "''}")), 1, r"anomaly\.yaml:3: cause: empty attribute or value"),
    Case("rs_labels_nul_byte", "import", "a cause value holding a NUL byte (found by fuzzing)",
         rs(yaml=RS_YAML.replace("500}", "'5\x000'}"), csv=RS_CSV.replace("c1,500", "c1,5\x000")), 1,
         r"strings '.*', value \d+: holds a NUL byte, which an HDF5 string cannot store"),
    Case("rs_labels_no_cause", "import", "an anomaly.yaml entry without its cause",
         rs(yaml=RS_YAML.split("  cause")[0]), 1, r"anomaly\.yaml:1: entry 'inc1' has no cause"),
    Case("rs_labels_unknown_key", "import", "an anomaly.yaml key other than data, timestamp, cause",
         rs(yaml=RS_YAML + "  colour: red\n"), 1, r"anomaly\.yaml:4: unknown key 'colour'"),
    Case("rs_labels_twice", "import", "the same incident labelled twice", rs(yaml=RS_YAML + RS_YAML), 1,
         r"anomaly\.yaml:4: entry 'inc1' is given twice"),
    Case("rs_file_without_label", "import", "an RS incident CSV that anomaly.yaml does not label",
         rs(extra={"inc2.csv": RS_CSV}), 1, r"inc2\.csv:1: no entry 'inc2' in .*anomaly\.yaml"),
    Case("rs_label_without_file", "import", "an anomaly.yaml entry whose CSV is missing",
         rs(yaml=RS_YAML + RS_YAML.replace("inc1", "inc2")), 1, r"anomaly\.yaml:4: entry 'inc2' has no file inc2\.csv"),
    Case("rs_cause_unknown_attribute", "import", "a cause naming an attribute the CSV lacks",
         rs(yaml=RS_YAML.replace("bitrate", "router")), 1,
         r"anomaly\.yaml:3: cause of 'inc1': attribute 'router' is not a column of .*inc1\.csv"),
    # RS: the incident CSV.
    Case("rs_missing_column", "import", "an RS CSV without its cnt column",
         rs(csv=RS_CSV.replace(",cnt\n", ",count\n")), 1, r"inc1\.csv.*'cnt'"),
    Case("rs_reserved_attribute", "import", "an RS attribute column whose name holds ':'",
         rs(csv=RS_CSV.replace("cdn,", "c:dn,")), 1, r"inc1\.csv:1: column 'c:dn' cannot be a cohort attribute"),
    Case("rs_bad_minute", "import", "an RS row whose min is not an integer",
         rs(csv=RS_CSV.replace("960,c1,800", "9.6e2x,c1,800")), 1, r"inc1\.csv:3: column 'min'"),
    Case("rs_value_above_cnt", "import", "an RS row with value > cnt",
         rs(csv=RS_CSV.replace("1020,c1,800,0,5", "1020,c1,800,9,5")), 1,
         r"inc1\.csv:5: value 9 and cnt 5: expected finite counts with 0 <= value <= cnt"),
    Case("rs_infinite_cnt", "import", "an RS row with cnt = inf",
         rs(csv=RS_CSV.replace("1020,c1,800,0,5", "1020,c1,800,0,inf")), 1, r"inc1\.csv:5: value 0 and cnt inf: expected finite"),
    Case("rs_no_anomaly_row", "import", "an RS CSV without a row in the labelled minute",
         rs(yaml=RS_YAML.replace("1020", "1080")), 1, r"inc1\.csv: no row in the anomaly minute 1080 \(.*anomaly\.yaml:1\)"),
    Case("rs_history_minutes_zero", "import", "--history-minutes 0", rs(options=["--history-minutes", "0"]), 1,
         r"history-minutes.*0 is outside the allowed range \[1, "),
    Case("rs_log_option", "cli", "`import rs` given a log-only option (--templates)",
         rs(options=["--templates", "t.csv"]), 2, r"moce import rs: --templates is an option of 'moce import log' only"),
    Case("cube_history_option", "cli", "`import cube` given the rs-only --history-minutes",
         cube(options=["--history-minutes", "5"]), 2, r"moce import cube: --history-minutes is an option of 'moce import rs'"),
    # Cube.
    Case("cube_labels_missing", "import", "a cube folder without injection_info.csv", cube(remove=["injection_info.csv"]),
         1, r"injection_info\.csv: no such file \(expected the injected causes\)"),
    Case("cube_labels_empty", "import", "injection_info.csv with a header only",
         cube({"injection_info.csv": "timestamp,set\n"}), 1, r"injection_info\.csv: no labels"),
    Case("cube_bad_set", "import", "a set entry that is not attribute=value",
         cube({"injection_info.csv": CUBE_LABELS.replace("a=a1\n", "a1\n")}), 1,
         r"injection_info\.csv:2: column 'set': 'a1' is not attribute=value"),
    Case("cube_bad_timestamp", "import", "a label timestamp that is not an integer",
         cube({"injection_info.csv": CUBE_LABELS + "soon,a=a1\n"}), 1, r"injection_info\.csv:4: column 'timestamp'"),
    Case("cube_labelled_twice", "import", "the same cube incident labelled twice",
         cube({"injection_info.csv": CUBE_LABELS + "1000,a=a2\n"}), 1,
         r"injection_info\.csv:4: column 'timestamp'.*'1000' is labelled twice"),
    Case("cube_label_without_file", "import", "a label whose incident CSV is missing",
         cube({"injection_info.csv": CUBE_LABELS + "3000,a=a1\n"}), 1,
         r"injection_info\.csv:4: incident '3000' has no file 3000\.csv"),
    Case("cube_unknown_attribute", "import", "a set naming an attribute the CSV lacks",
         cube({"injection_info.csv": CUBE_LABELS.replace("a=a1\n", "z=z1\n")}), 1,
         r"injection_info\.csv:2: column 'set': attribute 'z' is not a column of .*1000\.csv"),
    Case("cube_missing_predict", "import", "a cube CSV without its predict column",
         cube({"1000.csv": CUBE_1000.replace("predict", "forecast")}), 1, r"1000\.csv.*'predict'"),
    Case("cube_bad_real", "import", "a cube row with real = 12x", cube({"1000.csv": CUBE_1000 + "a1,b2,12x,120\n"}), 1,
         r"1000\.csv:3: column 'real': '12x' is not a number"),
    Case("cube_nan_predict", "import", "a cube row with predict = nan", cube({"1000.csv": CUBE_1000 + "a1,b2,12,nan\n"}),
         1, r"1000\.csv:3: column 'predict': is nan; expected a finite number"),
    Case("cube_field_count", "import", "a cube row with one field too many",
         cube({"1000.csv": CUBE_1000 + "a1,b2,12,120,7\n"}), 1, r"1000\.csv:3: .*field"),
    # Log.
    Case("log_missing_templates", "cli", "`import log` without --templates", log(templates=None), 2,
         r"moce import: --templates is required"),
    Case("log_missing_file", "import", "`import log --in` names no file",
         lambda ctx: log(text=None)(ctx) + ["--in", ctx.path("none.log")], 1, r"none\.log: cannot open \(expected a server log\)"),
    Case("log_templates_missing_column", "import", "a templates CSV without EventTemplate",
         log(templates=TEMPLATES.replace("EventTemplate", "Template")), 1, r"t\.csv.*'EventTemplate'"),
    Case("log_malformed_line", "import", "a log line without '[time] [level]'", log(text=LOG + "worker 2 started\n"), 1,
         r"a\.log:3: expected '\[Www Mmm dd hh:mm:ss yyyy\] \[level\] message'"),
    Case("log_bad_time", "import", "a log line whose time is not a date",
         log(text=LOG.replace("Sun Dec 04 04:47:44 2005", "Sun Dec 44 04:47:44 2005")), 1, r"a\.log:1: expected '\["),
    Case("log_no_template_fits", "import", "a log line no template matches",
         log(text=LOG + "[Sun Dec 04 04:47:46 2005] [error] disk full\n"), 1, r"a\.log:3: no template of .*t\.csv fits 'disk full'"),
    Case("log_bad_align", "cli", "--align without '=LOGTIME'", log(align=INCIDENT), 2,
         r"--align: 'url_latency-00' is not INCIDENT=LOGTIME"),
    Case("log_nan_align", "cli", "--align INCIDENT=nan", log(align=INCIDENT + "=nan"), 2,
         r"--align: 'url_latency-00=nan' is not INCIDENT=LOGTIME \(finite"),
    Case("log_unknown_align_incident", "cli", "--align naming an incident the corpus lacks", log(align="nope=1"), 2,
         r"--align: corpus '.*' has no incident 'nope'"),
    Case("log_corpus_not_hdf5", "import", "`import log --corpus` that is not HDF5", log(corpus=not_hdf5), 1,
         r"c\.h5.*(not an HDF5|HDF5)"),
    Case("log_bad_over_previous", "import", "a bad log imported onto an earlier corpus: the corpus stays",
         onto_previous, 1, r"a\.log:3: expected", absent=[], intact="prev.h5"),
    # Export of what import rs|cube writes.
    Case("export_aggregate_only", "import", "`export events` of an aggregate-only corpus (from `import cube`)",
         export_of_cube, 1, r"agg\.h5', incident '1000': no sessions table .*export needs session-level telemetry"),
]
