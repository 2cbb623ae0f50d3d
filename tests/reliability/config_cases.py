"""Bad configs and command lines: each case writes an INI file (or none) and runs `moce`."""
import os

import harness
from catalogue import Case


def evaluate_with(ini=None, *extra):
    """evaluate on the tiny corpus into ctx/out, with `ini` as --config when given."""
    def build(ctx):
        args = ["evaluate", "--corpus", ctx.corpus, "--out", ctx.path("out")] + harness.FAST + list(extra)
        if ini is not None:
            open(ctx.path("c.ini"), "w").write(ini)
            args += ["--config", ctx.path("c.ini")]
        return args
    return build


def tiny_ini(ctx):
    return os.path.join(os.path.dirname(ctx.corpus), "tiny.ini")


def command(*args):
    return lambda ctx: [a.format(dir=ctx.dir, corpus=ctx.corpus) for a in args]


CASES = [
    # Config files.
    Case("config_missing_file", "config", "--config names a file that does not exist",
         lambda ctx: evaluate_with()(ctx) + ["--config", ctx.path("none.ini")], 1,
         r"config file '.*none\.ini': cannot be read"),
    Case("config_malformed_line", "config", "a line without '='", evaluate_with("[mixture]\nk 5\n"), 1,
         r"c\.ini:2: expected 'key = value', got 'k 5'"),
    Case("config_malformed_section", "config", "a section header without ']'", evaluate_with("[mixture\nk = 5\n"), 1,
         r"c\.ini:1: malformed section header '\[mixture', expected \[name\]"),
    Case("config_unknown_key", "config", "a misspelt key ([evaluate] bootstrapp)",
         evaluate_with("[evaluate]\nbootstrapp = 10\n"), 1, r"unknown config key 'evaluate\.bootstrapp' \(.*c\.ini:2\)"),
    Case("config_wrong_type_int", "config", "an integer key given a word ([mixture] k = five)",
         evaluate_with("[mixture]\nk = five\n"), 1, r"'mixture\.k' \(.*c\.ini:2\): expected an integer.*got 'five'"),
    Case("config_wrong_type_bool", "config", "a boolean given 'maybe' (json = maybe, for rca)",
         lambda ctx: (open(ctx.path("c.ini"), "w").write("json = maybe\n"),
                      ["rca", "--corpus", ctx.corpus, "--incident", "url_latency-00", "--config", ctx.path("c.ini")])[1],
         1, r"'json' \(.*c\.ini:1\): expected true or false, got 'maybe'", absent=[]),
    Case("config_wrong_type_list", "config", "a list of numbers with a word in it",
         evaluate_with("[evaluate]\nrobustness_fractions = 0, 0.1, lots\n"), 1,
         r"evaluate\.robustness_fractions: 'lots' is not a number"),
    Case("config_out_of_range", "config", "[evaluate] bootstrap = -1 (allowed 0..1000000)",
         evaluate_with("[evaluate]\nbootstrap = -1\n"), 1, r"'evaluate\.bootstrap'.*-1 is outside the allowed range \[0, "),
    Case("config_nan_number", "config", "[mixture] floor = nan", evaluate_with("[mixture]\nfloor = nan\n"), 1,
         r"'mixture\.floor'.*expected a number in"),
    Case("config_robustness_fraction_out_of_range", "config", "a corrupted-lead fraction of 1.5",
         evaluate_with("[evaluate]\nrobustness_fractions = 0, 1.5\n"), 1, r"robustness_fractions.*1\.5.*\[0, 1\]"),
    Case("config_unknown_expert", "config", "--experts names an expert that is not registered",
         evaluate_with(None, "--experts", "cohort_mle,no_such_expert"), 1, r"no_such_expert"),
    Case("config_empty_expert_set", "config", "--experts with only commas", evaluate_with(None, "--experts", ",,"), 1,
         r"'experts' names no expert"),
    Case("config_empty_mixture_experts", "config", "[mixture] experts = (empty)",
         evaluate_with("[mixture]\nexperts =\n"), 1, r"'mixture\.experts' names no expert"),
    Case("config_unknown_expert_section", "config", "parameters for an expert that does not exist",
         evaluate_with("[expert.no_such_expert]\nmin_z = 3\n"), 1, r"no_such_expert"),
    Case("config_unknown_expert_parameter", "config", "an expert parameter that expert does not have",
         evaluate_with("[expert.cohort_differential]\nno_such_param = 3\n"), 1, r"cohort_differential\.no_such_param"),
    Case("config_weight_of_absent_expert", "config", "a weight for an expert left out of the mixture",
         evaluate_with("[mixture]\nweight.url_mle_duration = 2\n", "--experts", "cohort_mle"), 1,
         r"weighs expert 'url_mle_duration', which is not in the mixture"),
    Case("config_k_zero", "config", "K = 0 on the command line", evaluate_with(None, "--k", "0"), 1,
         r"'k'.*0 is outside the allowed range \[1, "),
    Case("config_k_negative", "config", "K = -3 in the INI file", evaluate_with("k = -3\n"), 1,
         r"'k' \(.*c\.ini:1\).*-3 is outside the allowed range \[1, "),
    Case("config_mixture_k_zero", "config", "[mixture] k = 0 for rca",
         lambda ctx: (open(ctx.path("c.ini"), "w").write("[mixture]\nk = 0\n"),
                      ["rca", "--corpus", ctx.corpus, "--incident", "url_latency-00", "--config", ctx.path("c.ini")])[1],
         1, r"'mixture\.k'.*0 is outside the allowed range \[1, ", absent=[]),
    Case("config_simulate_no_categories", "config", "simulate with an empty incident category list",
         lambda ctx: (open(ctx.path("c.ini"), "w").write(
             open(tiny_ini(ctx)).read().replace(
                 "incidents.categories = url_latency, cohort_latency, null", "incidents.categories =")),
             ["simulate", "--config", ctx.path("c.ini"), "--out", ctx.path("out.h5")])[1],
         1, r"incidents\.categories", absent=["out.h5", "out.h5.tmp"]),
    # Command lines.
    Case("cli_no_command", "cli", "moce with no command", command(), 2, r"no command given"),
    Case("cli_unknown_command", "cli", "an unknown command", command("evalute"), 2, r"unknown command 'evalute'"),
    Case("cli_unknown_option", "cli", "an option evaluate does not have",
         command("evaluate", "--corpus", "{corpus}", "--out", "{dir}/out", "--rankz", "2"), 2,
         r"moce evaluate: .*rankz.*see 'moce evaluate --help'"),
    Case("cli_missing_corpus", "cli", "evaluate without --corpus", command("evaluate", "--out", "{dir}/out"), 2,
         r"moce evaluate: --corpus is required"),
    Case("cli_missing_out", "cli", "evaluate without --out", command("evaluate", "--corpus", "{corpus}"), 2,
         r"moce evaluate: --out is required"),
    Case("cli_option_without_value", "cli", "--k given no value",
         command("evaluate", "--corpus", "{corpus}", "--out", "{dir}/out", "--k"), 2, r"moce evaluate: .*'--k'"),
    Case("cli_option_twice", "cli", "--k given twice (5 and 6)",
         command("evaluate", "--corpus", "{corpus}", "--out", "{dir}/out", "--k", "5", "--k", "6"), 2,
         r"moce evaluate: option '--k' cannot be specified more than once"),
    Case("cli_extra_positional", "cli", "a stray word after evaluate's options",
         command("evaluate", "--corpus", "{corpus}", "--out", "{dir}/out", "stray"), 2, r"moce evaluate: too many positional options"),
    Case("cli_ranks_per_incident_not_dividing", "cli", "--ranks-per-incident 2 on 3 ranks (contradictory)",
         command("evaluate", "--corpus", "{corpus}", "--out", "{dir}/out", "--ranks-per-incident", "2"), 2,
         r"--ranks-per-incident 2 does not divide the 3 ranks", ranks=3),
    Case("cli_import_without_kind", "cli", "import without saying what to import",
         command("import", "--in", "{dir}", "--out", "{dir}/out.h5"), 2, r"say what to import"),
    Case("cli_import_unknown_kind", "cli", "import of a kind other than events",
         command("import", "metrics", "--in", "{dir}", "--out", "{dir}/out.h5"), 2, r"unknown kind 'metrics'",
         absent=["out.h5"]),
    Case("cli_rca_missing_incident", "cli", "rca without --incident", command("rca", "--corpus", "{corpus}"), 2,
         r"moce rca: --incident is required", absent=[]),
    Case("cli_simulate_missing_out", "cli", "simulate without --out",
         lambda ctx: ["simulate", "--config", tiny_ini(ctx)], 2, r"moce simulate: --out is required", absent=[]),
    Case("cli_export_into_nonempty_dir", "cli", "export into a folder that already holds files",
         lambda ctx: (open(ctx.path("keep.txt"), "w").write("mine"),
                      ["export", "events", "--corpus", ctx.corpus, "--out", ctx.dir])[1],
         1, r"cli_export_into_nonempty_dir: already exists and is not an empty directory", absent=[], intact="keep.txt"),
]
