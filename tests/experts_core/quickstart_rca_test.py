#!/usr/bin/python3
"""`moce rca` on one quickstart incident of every category, in the default world and in the
second world (every name different): the truth must be in the top 5 (any of a cause's `|`
alternatives; every cause of a `;` list counts), and a null incident must get no lead above the
confidence floor. Prints one row per incident. Usage: quickstart_rca_test.py MOCE CONFIGS_DIR
[MAX_MISSES]."""
import json, os, subprocess, sys, tempfile

moce, configs = sys.argv[1], sys.argv[2]
max_misses = int(sys.argv[3]) if len(sys.argv) > 3 else 0

def run(args):
    r = subprocess.run([moce] + args, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise AssertionError(f"moce {' '.join(args)} -> {r.returncode}: {r.stdout}{r.stderr}")
    return r.stdout

def truth_of(corpus):
    import h5py
    with h5py.File(corpus, "r") as f:
        g = f["incidents/index"]
        d = lambda name: f["dictionaries"][name].asstr()[:]
        ids, truths, cats = d("incident_id"), d("truth"), d("category")
        return [(ids[g["incident_id"][i]], cats[g["category"][i]], truths[g["truth"][i]])
                for i in range(len(g["incident_id"]))]

misses, rows = [], []
with tempfile.TemporaryDirectory() as d:
    worlds = [("default", "world_default.ini"), ("alt", "world_alt.ini")]
    for name, world in worlds:
        if not os.path.exists(os.path.join(configs, world)):
            raise AssertionError(f"missing {world}")
        corpus = os.path.join(d, f"{name}.h5")
        run(["simulate", "--config", os.path.join(configs, "quickstart.ini"), "--world", os.path.join(configs, world),
             "--incidents-per-category", "1", "--out", corpus])
        for incident, category, truth in truth_of(corpus):
            doc = json.loads(run(["rca", "--corpus", corpus, "--incident", incident, "--json"]))
            leads = [lead["id"] for lead in doc["leads"]]
            causes = [c for c in truth.split(";") if c]
            if not causes:
                ok = not leads
                where = "no lead" if ok else f"{len(leads)} false lead(s): {leads[0]}"
            else:
                ranks = []
                for cause in causes:
                    alts = cause.split("|")
                    hit = [i + 1 for i, lead in enumerate(leads) if lead in alts]
                    ranks.append(hit[0] if hit else 0)
                ok = all(ranks)
                where = ",".join(str(r) if r else "-" for r in ranks)
            rows.append((name, incident, truth, where, ok))
            if not ok:
                misses.append((name, incident, truth, leads))
for name, incident, truth, where, ok in rows:
    print(f"{name:8} {incident:28} {'hit ' if ok else 'MISS'} rank {where:10} truth {truth}")
print(f"{len(rows) - len(misses)} of {len(rows)} incidents: truth in the top 5 (null: no lead)")
for m in misses:
    print("miss:", m)
if len(misses) > max_misses:
    print(f"{len(rows) - len(misses)} passed, {len(misses)} failed")
    sys.exit(1)
print(f"{len(rows)} passed, 0 failed")
