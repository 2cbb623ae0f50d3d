#!/usr/bin/python3
"""jobs/bench_compare.py on crafted Google Benchmark JSON: the medians, ratios, verdicts and
geometric mean below were worked out by hand."""
import importlib.util
import io
import json
import os
import tempfile
import unittest
from contextlib import redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("bench_compare", os.path.join(HERE, "..", "..", "jobs", "bench_compare.py"))
bc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bc)


def run(name, real, unit="ns", **extra):
    return dict({"name": name, "run_name": name, "run_type": "iteration", "real_time": real, "cpu_time": real,
                 "time_unit": unit}, **extra)


def median(name, real, unit="ns"):
    return {"name": name + "_median", "run_name": name, "run_type": "aggregate", "aggregate_name": "median",
            "real_time": real, "cpu_time": real, "time_unit": unit}


class Medians(unittest.TestCase):
    def test_median_of_repetitions_and_units(self):
        report = {"benchmarks": [run("A", 10, "ms"), run("A", 30, "ms"), run("A", 20, "ms"),
                                 run("B", 4, "us"), run("B", 2, "us"),  # even count: mean of the middle two
                                 run("C", 1, "s")]}
        self.assertEqual(bc.medians(report), {"A": 20e6, "B": 3e3, "C": 1e9})

    def test_aggregate_median_wins_and_others_are_ignored(self):
        report = {"benchmarks": [run("A", 1), run("A", 2), median("A", 7.5, "us"),
                                 {"name": "A_mean", "run_name": "A", "run_type": "aggregate", "aggregate_name": "mean",
                                  "real_time": 99, "time_unit": "ns"},
                                 run("E", 5, error_occurred=True, error_message="x")]}
        self.assertEqual(bc.medians(report), {"A": 7500.0})


class Compare(unittest.TestCase):
    def test_ratios_verdicts_and_geomean(self):
        base = {"a": 100.0, "b": 200.0, "c": 50.0, "gone": 1.0}
        cur = {"a": 125.0, "b": 100.0, "c": 52.0, "new": 3.0}
        rows = bc.compare(base, cur, threshold=0.10)
        self.assertEqual([r[0] for r in rows], ["a", "b", "c", "gone", "new"])
        by = {r[0]: r for r in rows}
        self.assertEqual(by["a"][3:], (1.25, "slower"))  # 125 / 100
        self.assertEqual(by["b"][3:], (0.5, "faster"))   # 100 / 200
        self.assertEqual(by["c"][3:], (1.04, "same"))    # 52 / 50, inside x1.10
        self.assertEqual(by["gone"][3:], (None, "gone"))
        self.assertEqual(by["new"][3:], (None, "new"))
        # (1.25 * 0.5 * 1.04) ** (1/3) = 0.65 ** (1/3) = 0.86624...
        self.assertAlmostEqual(bc.geomean(rows), 0.65 ** (1 / 3), places=12)
        self.assertAlmostEqual(bc.geomean(rows), 0.866239, places=6)

    def test_threshold_edges(self):
        rows = bc.compare({"x": 100.0, "y": 100.0}, {"x": 111.0, "y": 90.0}, threshold=0.10)
        self.assertEqual([r[4] for r in rows], ["slower", "faster"])  # 1.11 > 1.10; 0.90 < 1/1.10 = 0.909


class Modes(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        t = self.tmp.name
        self.baseline = os.path.join(t, "baseline.json")
        self.current = os.path.join(t, "current.json")
        with open(self.current, "w") as f:
            json.dump({"benchmarks": [median("A", 3, "ms")]}, f)

    def tearDown(self):
        self.tmp.cleanup()

    def quiet(self, argv):
        with redirect_stdout(io.StringIO()) as out:
            rc = bc.main(argv)
        return rc, out.getvalue()

    def test_update_then_check_then_report(self):
        rc, _ = self.quiet(["--update-baseline", "--current", self.current, "--baseline", self.baseline])
        self.assertEqual(rc, 0)
        with open(self.baseline) as f:
            self.assertEqual(json.load(f)["benchmarks_ns"], {"A": 3e6})
        rc, out = self.quiet(["--current", self.current, "--baseline", self.baseline])
        self.assertEqual(rc, 0)
        self.assertIn("1.000", out)
        with open(self.current, "w") as f:  # twice as slow
            json.dump({"benchmarks": [median("A", 6, "ms")]}, f)
        rc, out = self.quiet(["--current", self.current, "--baseline", self.baseline])
        self.assertEqual(rc, 1)
        self.assertIn("2.000  slower", out)
        rc, _ = self.quiet(["--report", "--current", self.current, "--baseline", self.baseline])
        self.assertEqual(rc, 0)

    def test_report_never_fails(self):
        rc, out = self.quiet(["--report", "--current", self.current, "--baseline", self.baseline + ".missing"])
        self.assertEqual(rc, 0)
        self.assertIn("could not compare", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
