"""Bad telemetry CSV for `moce import events`: each case copies tests/import/fixture, changes one
row of one file kind, and imports it; nothing may be left at the output path."""
import os
import shutil

import harness
from catalogue import Case


def edited(file, old, new, out="out.h5"):
    """Copies the fixture to ctx/in, replaces `old` (which must occur once) by `new` in `file`
    (new=None deletes the file) and returns import's arguments."""
    def build(ctx):
        src = shutil.copytree(ctx.fixture, ctx.path("in"))
        path = os.path.join(src, file)
        if new is None:
            os.remove(path)
        else:
            text = open(path, encoding="utf-8").read()
            assert text.count(old) == 1, (file, old)
            open(path, "w", encoding="utf-8").write(text.replace(old, new))
        return ["import", "events", "--in", src, "--out", ctx.path(out)]
    return build


def added(file, text):
    """Copies the fixture to ctx/in, adds `file` holding `text` and returns import's arguments."""
    def build(ctx):
        args = edited("events.csv", "incident_id,", "incident_id,")(ctx)
        open(os.path.join(ctx.path("in"), file), "w", encoding="utf-8").write(text)
        return args
    return build


def over_previous(file, old, new):
    """The same, importing onto an earlier good corpus at ctx/prev.h5, which must stay unchanged."""
    def build(ctx):
        harness.copy(ctx.corpus, ctx.path("prev.h5"))
        return edited(file, old, new, "prev.h5")(ctx)
    return build


def hypotheses(text):
    """Writes `text` as ctx/h.json and returns `moce opportunities` arguments reading it."""
    def build(ctx):
        path = ctx.path("h.json")
        open(path, "w", encoding="utf-8").write(text)
        return ["opportunities", "--corpus", ctx.corpus, "--kpi", "all", "--hypotheses", path, "--out", ctx.path("out")]
    return build


H = '{"hypotheses": [{"template": "static", "kpi": %s, "derived": "all", "op": ">=", "value": 1%s}]}'
S = "inc-login,11,u2,2100,2120,ISP-2,480"  # a sessions.csv row prefix
CASES = [
    Case("import_missing_incidents_csv", "import", "the input folder lacks incidents.csv",
         edited("incidents.csv", None, None), 1, r"incidents\.csv.*(missing|cannot|no such)"),
    Case("import_missing_column", "import", "events.csv without its ts column",
         edited("events.csv", "incident_id,session_id,ts,", "incident_id,session_id,time,"), 1,
         r"events\.csv.*'ts'"),
    Case("import_wrong_field_count", "import", "a sessions.csv row with one field too many",
         edited("sessions.csv", S + ",", S + ",extra,"), 1, r"sessions\.csv:3: .*field"),
    Case("import_unclosed_quote", "import", "a logs.csv field whose quote never closes",
         edited("logs.csv", '"otp timeout for <*>"', '"otp timeout for <*>'), 1, r"logs\.csv:.*quote"),
    Case("import_bad_number", "import", "events.csv latency_ms = 12x",
         edited("events.csv", "/api/otp,480,ok", "/api/otp,12x,ok"), 1,
         r"events\.csv:5: column 'latency_ms': '12x' is not a number"),
    Case("import_nan_time", "import", "an event time of nan",
         edited("events.csv", "inc-login,11,2100.5,", "inc-login,11,nan,"), 1, r"events\.csv:2: column 'ts'.*nan"),
    Case("import_bad_session_time", "import", "a session start that is a date string",
         edited("sessions.csv", S, "inc-login,11,u2,2026-01-01,2120,ISP-2,480"), 1,
         r"sessions\.csv:3: column 'start'"),
    Case("import_session_ends_before_start", "import", "a session ending before it starts",
         edited("sessions.csv", S, "inc-login,11,u2,2100,2000,ISP-2,480"), 1, r"sessions\.csv:3: .*end"),
    Case("import_unknown_incident", "import", "an event of an incident incidents.csv lacks",
         edited("events.csv", "inc-login,10,1500,login_start", "inc-nope,10,1500,login_start"), 1,
         r"events\.csv:3: .*inc-nope"),
    Case("import_unknown_session", "import", "an event of a session sessions.csv lacks",
         edited("events.csv", "inc-login,10,1500,login_start", "inc-login,99,1500,login_start"), 1,
         r"events\.csv:3: .*99"),
    Case("import_unknown_status", "import", "an event status other than ok, error, timeout",
         edited("events.csv", "/api/otp,480,ok", "/api/otp,480,fine"), 1, r"events\.csv:5: .*'fine'"),
    Case("import_bad_truth_id", "import", "a truth id without an attribute ('ISP-2')",
         edited("incidents.csv", "isp:ISP-2&url:/api/otp,", "ISP-2,"), 1, r"incidents\.csv:2: .*'ISP-2'"),
    Case("import_truth_unsorted_combination", "import", "a combination id whose names are not sorted",
         edited("incidents.csv", "isp:ISP-2&url:/api/otp,", "os:iOS&isp:ISP-2,"), 1,
         r"incidents\.csv:2: .*os:iOS&isp:ISP-2"),
    Case("import_truth_empty_alternative", "import", "a cause with an empty alternative ('isp:ISP-1|')",
         edited("incidents.csv", "isp:ISP-1|device:android;", "isp:ISP-1|;"), 1, r"incidents\.csv:3: .*truth"),
    Case("import_window_order", "import", "a historical window ending after the anomaly starts",
         edited("incidents.csv", "1000,2000,2000,2600", "1000,2500,2000,2600"), 1, r"incidents\.csv:2: .*window"),
    Case("import_bad_kpi_kind", "import", "kpi_kind = percent",
         edited("incidents.csv", "login_time,real,", "login_time,percent,"), 1, r"incidents\.csv:2: .*percent"),
    Case("import_logs_bad_time", "import", "a log line with ts = soon",
         edited("logs.csv", "inc-login,2105,ERROR", "inc-login,soon,ERROR"), 1, r"logs\.csv:2: column 'ts'"),
    Case("import_dictionaries_bad_code", "import", "a dictionaries.csv code that is not an integer",
         added("dictionaries.csv", "dictionary,code,value\nisp,0,ISP-1\nisp,one,ISP-2\n"), 1,
         r"dictionaries\.csv:3: column 'code'"),
    Case("import_bad_over_previous", "import", "a bad import onto an earlier corpus: the corpus stays",
         over_previous("events.csv", "/api/otp,480,ok", "/api/otp,12x,ok"), 1, r"'12x' is not a number",
         absent=[], intact="prev.h5"),
    Case("hypotheses_unknown_field", "import", "a --hypotheses entry with a field its template lacks",
         hypotheses(H % ('"search_time"', ', "colour": "red"')), 1,
         r"h\.json: hypotheses\[0\]\.colour: unknown field \(allowed here: .*\)"),
    Case("hypotheses_unknown_kpi", "import", "a --hypotheses entry naming a KPI the corpus lacks",
         hypotheses(H % ('"nope"', "")), 1, r"h\.json: hypotheses\[0\]\.kpi: unknown value \"nope\" \(expected one of"),
    Case("hypotheses_truncated", "import", "a --hypotheses file that is cut off mid-list",
         hypotheses('{"hypotheses": [\n'), 1, r"h\.json: line 2, column 1: unexpected end of input"),
]
