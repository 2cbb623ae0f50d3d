"""Scores of `moce evaluate`'s per_incident.csv by split and cause shape (results/reference/rs/README.md).
Split: incidents sorted by id; even positions = tune (the settings of configs/rs.ini and the cube
scan's parameters were chosen on these alone), odd = held out. Metrics as eval/evaluate/metrics.hpp:
F1 = 2TP / (2TP + FP + FN) summed over incidents, over the answer set (the leads marked answered:
within configs/rs.ini's relative_floor of the top), recall@K = share
of an incident's causes among its first K leads, precision = 1 / rank of the first right lead in
the first 5 (0 if none). Usage: splits.py per_incident.csv [summary.csv] > splits.csv; with
summary.csv, checks that the 'all' rows agree with moce's own."""
import csv
import sys
from collections import defaultdict

SCHEMES = ["moce", "expert:cube_scan", "expert:adtributor", "expert:cohort_lattice",
           "expert:cohort_differential", "expert:cohort_mle", "expert:explain_away"]


def main():
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    incidents = sorted({r["incident"] for r in rows})
    split = {inc: ("tune" if i % 2 == 0 else "held_out") for i, inc in enumerate(incidents)}
    leads = defaultdict(list)  # (scheme, incident) -> (rank, id, answered)
    meta = {}
    for r in rows:
        meta[r["incident"]] = (r["category"], r["truth"].split(";"))
        if r["rank"] != "0":
            leads[(r["scheme"], r["incident"])].append((int(r["rank"]), r["lead"], r.get("answered", "1") != "0"))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["scheme", "split", "shape", "incidents", "tp", "fp", "fn", "f1", "recall_at_1", "recall_at_5", "precision"])
    check = {}
    for scheme in SCHEMES:
        for sp in ("all", "tune", "held_out"):
            for shape in ("all", "rs_single", "rs_combination", "rs_multi_element"):
                tp = fp = fn = n = 0
                r1 = r5 = prec = 0.0
                for inc in incidents:
                    category, truth = meta[inc]
                    if sp != "all" and split[inc] != sp or shape != "all" and category != shape:
                        continue
                    ranked = sorted(leads[(scheme, inc)])
                    ids = [lead for _, lead, _ in ranked]
                    answer = [lead for _, lead, answered in ranked if answered]
                    alts = [set(c.split("|")) for c in truth]
                    names = lambda i: any(i in a for a in alts)
                    hit = [any(i in a for i in answer) for a in alts]
                    tp += sum(hit)
                    fn += len(alts) - sum(hit)
                    fp += sum(1 for i in answer if not names(i))
                    r1 += sum(any(i in a for i in ids[:1]) for a in alts) / len(alts)
                    r5 += sum(any(i in a for i in ids[:5]) for a in alts) / len(alts)
                    first = next((k + 1 for k, i in enumerate(ids[:5]) if names(i)), 0)
                    prec += 1 / first if first else 0
                    n += 1
                if n == 0:
                    continue
                f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
                out.writerow([scheme, sp, shape, n, tp, fp, fn, f"{f1:.6f}", f"{r1 / n:.6f}", f"{r5 / n:.6f}", f"{prec / n:.6f}"])
                if sp == "all":
                    check[(scheme, "all" if shape == "all" else shape)] = (tp, fp, fn)
    if len(sys.argv) > 2:
        for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
            key = (r["scheme"], r["category"])
            if key in check and check[key] != (int(r["tp"]), int(r["fp"]), int(r["fn"])):
                sys.exit(f"{key}: per_incident.csv gives TP, FP, FN {check[key]}, summary.csv {r['tp']}, {r['fp']}, {r['fn']}")


if __name__ == "__main__":
    main()
