#!/usr/bin/python3
"""The installed package end to end: `cmake --install` into a temporary prefix, examples/my_expert
built against it with find_package(moce), loaded by the installed moce with --plugin. Checks the
plugin's expert is listed; that its rca leads are the ones its documented formula gives from its
own evidence, and include the injected root cause of each cohort incident (read with h5py); and
that `moce evaluate` under 2 ranks scores the same leads in per_incident.csv and summary.csv, and
draws its plots with the plot script installed under <prefix>/share/moce. Then
the loader's errors: a missing file, a missing entry point, a wrong ABI version and a taken name,
each exit 1 naming the file."""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest

ARGS = None


def run(cmd, expect=0, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != expect:
        raise AssertionError(f"{' '.join(map(str, cmd))}: exit {p.returncode}, expected {expect}\n"
                             f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p


class InstalledPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="moce-install-")
        t = cls.tmp.name
        prefix = os.path.join(t, "prefix")
        run(["cmake", "--install", ARGS.build, "--prefix", prefix])
        cls.moce = os.path.join(prefix, "bin", "moce")
        example = os.path.join(t, "example")
        # Only the install tree is on the prefix path: the example cannot see the source tree.
        run(["cmake", "-S", os.path.join(ARGS.source, "examples", "my_expert"), "-B", example, "-G", "Ninja",
             "-DCMAKE_BUILD_TYPE=Release", f"-DCMAKE_PREFIX_PATH={prefix}"])
        run(["cmake", "--build", example])
        cls.plugin = os.path.join(example, "libmy_expert.so")
        # A small corpus: two cohort categories and a URL one, one incident each.
        ini = os.path.join(t, "small.ini")
        with open(ini, "w") as f:
            f.write(f"world = {os.path.join(ARGS.source, 'configs', 'world_default.ini')}\nseed = 1\n"
                    "incidents-per-category = 1\nsessions-per-incident = 2000\ncompression = 1\n"
                    "incidents.categories = cohort_latency, cohort_errors, url_latency\n")
        cls.corpus = os.path.join(t, "small.h5")
        run([cls.moce, "simulate", "--config", ini, "--out", cls.corpus])
        cls.truth = ground_truth(cls.corpus)
        cls.rca = {}  # incident -> cohort_share's leads in `moce rca --json`
        for incident in cls.truth:
            out = run([cls.moce, "rca", "--plugin", cls.plugin, "--corpus", cls.corpus, "--incident", incident,
                       "--experts", "cohort_share", "--json"]).stdout
            cls.rca[incident] = json.loads(out)["leads"]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_installed_layout(self):
        prefix = os.path.join(self.tmp.name, "prefix")
        for rel in ["bin/moce", "include/moce/experts/core/expert.hpp", "include/moce/experts/core/plugin.hpp",
                    "lib/cmake/moce/moceConfig.cmake", "lib/cmake/moce/moceConfigVersion.cmake",
                    "lib/libmoce_experts.a", "lib/libmoce_runtime.a"]:
            self.assertTrue(os.path.exists(os.path.join(prefix, rel)), rel)

    def test_experts_lists_the_plugin(self):
        out = run([self.moce, "experts", "--plugin", self.plugin]).stdout
        self.assertIn("cohort_share  [plugin]", out)
        self.assertNotIn("cohort_share", run([self.moce, "experts"]).stdout)

    def test_rca_leads_follow_the_formula(self):
        checked = 0
        for incident, (category, causes, higher_is_better) in self.truth.items():
            if not category.startswith("cohort_"):
                continue
            checked += 1
            leads = self.rca[incident]
            self.assertTrue(leads, f"{incident}: no lead from cohort_share")
            self.assertLessEqual(len(leads), 3)  # max_leads
            for lead in leads:
                (vote,) = lead["votes"]
                self.assertEqual(vote["expert"], "cohort_share")
                e = vote["evidence"]
                # share = na_v (a_v - h_v) / (na (a - h)), oriented: recomputed from the evidence.
                worse = (-1 if higher_is_better else 1) * (e["anomaly_mean"] - e["hist_mean"])
                share = e["anomaly_n"] * worse / (e["alert_anomaly_n"] * e["alert_change"])
                self.assertAlmostEqual(e["share"], share, delta=1e-9 * max(1, abs(share)))
                self.assertGreaterEqual(share, 0.2)  # min_share
                self.assertAlmostEqual(vote["confidence"], min(share, 1.0), places=9)
            confidences = [l["votes"][0]["confidence"] for l in leads]
            self.assertEqual(confidences, sorted(confidences, reverse=True))
            # The injected cohort is among the leads (a value containing it, e.g. its region, may rank first).
            ids = [l["id"] for l in leads]
            self.assertTrue(set(ids) & set(causes), f"{incident}: leads {ids}, injected {causes}")
        self.assertEqual(checked, 2)

    def test_evaluate_scores_the_plugin(self):
        out = os.path.join(self.tmp.name, "eval")
        # Two ranks, as on a cluster: every rank loads the plugin.
        run(["mpirun", "--oversubscribe", "-np", "2", self.moce, "evaluate", "--plugin", self.plugin, "--corpus", self.corpus, "--out", out,
             "--no-plots", "--quiet", "--runtime-incidents", "0"])
        with open(os.path.join(out, "per_incident.csv")) as f:
            rows = [r for r in csv.DictReader(f) if r["scheme"] == "expert:cohort_share"]
        hits_at_1 = 0
        for incident, (_, causes, _) in self.truth.items():
            mine = sorted((int(r["rank"]), r["lead"], r["correct"]) for r in rows if r["incident"] == incident)
            # The sweep's leads are the ones `moce rca` gave, in the same order...
            self.assertEqual([lead for _, lead, _ in mine], [l["id"] for l in self.rca[incident]], incident)
            # ...and each is marked correct exactly when it is an injected cause (read with h5py).
            self.assertEqual([c for _, _, c in mine], ["1" if lead in causes else "0" for _, lead, _ in mine])
            hits_at_1 += bool(mine) and mine[0][1] in causes
        with open(os.path.join(out, "summary.csv")) as f:
            summary = {(r["scheme"], r["category"]): r for r in csv.DictReader(f)}
        overall = summary[("expert:cohort_share", "all")]
        self.assertEqual(int(overall["incidents"]), len(self.truth))
        self.assertAlmostEqual(float(overall["recall_at_1"]), hits_at_1 / len(self.truth), places=6)
        with open(os.path.join(out, "config.ini")) as f:
            self.assertIn(self.plugin, f.read())  # the plugin is part of the recorded config

    def test_evaluate_plots_with_the_installed_script(self):
        """The installed moce finds <prefix>/share/moce/python/plot_results.py by itself (no
        MOCE_PLOT_SCRIPT), and never falls back to the source tree it was built from."""
        try:
            subprocess.run(["/usr/bin/python3", "-c", "import matplotlib, h5py, pandas"], check=True,
                           capture_output=True)
        except subprocess.CalledProcessError:
            self.skipTest("/usr/bin/python3 lacks matplotlib, h5py or pandas: the plot script cannot run")
        env = {k: v for k, v in os.environ.items() if k != "MOCE_PLOT_SCRIPT"}
        prefix = os.path.join(self.tmp.name, "prefix")
        script = os.path.join(prefix, "share", "moce", "python", "plot_results.py")
        figures = ["fig9a_schemes.png", "fig10_categories.png"]
        out = os.path.join(self.tmp.name, "eval-plots")
        run([self.moce, "evaluate", "--corpus", self.corpus, "--out", out, "--quiet", "--runtime-incidents", "0"],
            env=env)
        for figure in figures:
            self.assertTrue(os.path.exists(os.path.join(out, figure)), figure)
        with open(os.path.join(out, "report.md")) as f:
            self.assertIn("fig10_categories.png", f.read())
        # Without the installed copy there are no plots, although the source tree still has the script.
        hidden = script + ".hidden"
        os.rename(script, hidden)
        try:
            out = os.path.join(self.tmp.name, "eval-no-plots")
            run([self.moce, "evaluate", "--corpus", self.corpus, "--out", out, "--quiet", "--runtime-incidents", "0"],
                env=env)
            for figure in figures:
                self.assertFalse(os.path.exists(os.path.join(out, figure)), figure)
        finally:
            os.rename(hidden, script)

    def test_missing_file(self):
        missing = os.path.join(self.tmp.name, "nowhere", "libnothing.so")
        err = run([self.moce, "experts", "--plugin", missing], expect=1).stderr
        self.assertIn(f"--plugin '{missing}': no such file", err)

    def test_name_taken(self):
        err = run([self.moce, "experts", "--plugin", self.plugin, "--plugin", self.plugin], expect=1).stderr
        self.assertIn(f"--plugin '{self.plugin}': registers expert 'cohort_share', a name already taken", err)

    def test_missing_entry_point(self):
        err = run([self.moce, "experts", "--plugin", ARGS.no_entry], expect=1).stderr
        self.assertIn(f"--plugin '{ARGS.no_entry}': no symbol 'moce_register_experts'", err)

    def test_wrong_abi(self):
        err = run([self.moce, "rca", "--plugin", ARGS.bad_abi, "--corpus", self.corpus, "--incident", "x"],
                  expect=1).stderr
        self.assertIn(f"--plugin '{ARGS.bad_abi}': built for plugin ABI version 2, but this moce has version 1", err)


def ground_truth(corpus):
    """incident id -> (category, the ids of its injected causes, higher_is_better), read with h5py (independent of
    moce; operators/io/README.md: ';' separates causes, '|' equivalent ids of one cause)."""
    import h5py
    with h5py.File(corpus, "r") as f:
        index = f["incidents/index"]

        def column(name):
            names = f["dictionaries"][index[name].attrs["dictionary"]].asstr()[:]
            return [names[c] for c in index[name][:]]

        out = {}
        better = index["higher_is_better"][:]
        for incident, category, truth, b in zip(column("incident_id"), column("category"), column("truth"), better):
            out[incident] = (category, [i for cause in truth.split(";") for i in cause.split("|") if i], bool(b))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    for a in ["--build", "--source", "--bad-abi", "--no-entry"]:
        parser.add_argument(a, required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
