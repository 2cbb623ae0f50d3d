#!/usr/bin/python3
"""`moce rca` as a user runs it: JSON that parses, the same bytes at 1, 2 and 3 MPI ranks, DAG
statistics whose shared count is below the per-expert sum, a Graphviz file, and clear errors
(exit 1 naming the incident; exit 2 for a bad option)."""
import json, os, sys, tempfile

moce, mpiexec = sys.argv[1], sys.argv[2]

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../support"))
from moce_cli import Cli  # noqa: E402
run = Cli(moce, mpiexec, timeout=300).run

passed = 0
with tempfile.TemporaryDirectory() as d:
    corpus = os.path.join(d, "q.h5")
    run(["simulate", "--config", os.path.join(os.path.dirname(__file__), "../../configs/quickstart.ini"),
         "--incidents-per-category", "1", "--sessions-per-incident", "1500", "--out", corpus])
    for incident in ("cohort_latency-00", "url_errors-00"):
        outs = [run(["rca", "--corpus", corpus, "--incident", incident, "--json", "--dag-stats"], ranks=n).stdout
                for n in (1, 2, 3)]
        assert outs[0] == outs[1] == outs[2], (incident, outs)
        doc = json.loads(outs[0])
        assert doc["incident"] == incident
        assert len(doc["leads"]) <= 5
        for rank, lead in enumerate(doc["leads"], 1):
            assert lead["rank"] == rank and lead["votes"], lead
        scores = [lead["score"] for lead in doc["leads"]]
        assert scores == sorted(scores, reverse=True), scores
        dag = doc["dag"]
        assert 0 < dag["distinct_internal_nodes"] <= dag["per_expert_internal_nodes"], dag
        assert dag["per_expert_internal_nodes"] == sum(dag["per_expert"].values()), dag
        passed += 1
    dot = os.path.join(d, "dag.dot")
    run(["rca", "--corpus", corpus, "--incident", "cohort_latency-00", "--dag-dot", dot])
    text = open(dot).read()
    assert text.startswith("digraph") and "->" in text and "session_groups" in text, text[:200]
    passed += 1
    r = run(["rca", "--corpus", corpus, "--incident", "no-such-incident"], check=False)
    assert r.returncode == 1 and "no-such-incident" in r.stdout + r.stderr, r
    r = run(["rca", "--corpus", corpus, "--incident", "cohort_latency-00", "--bogus"], check=False)
    assert r.returncode == 2, r
    r = run(["rca", "--corpus", corpus, "--incident", "cohort_latency-00", "--experts", "nobody"], check=False)
    assert r.returncode != 0 and "unknown expert 'nobody'" in r.stdout + r.stderr, r
    r = run(["experts"])
    assert "cohort_differential" in r.stdout, r.stdout
    passed += 1
print(f"{passed} passed, 0 failed")
