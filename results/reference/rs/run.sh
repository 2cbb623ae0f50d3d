#!/usr/bin/env bash
# Reproduces results/reference/rs/ (README.md there). Run from the build directory:
#   cd build && bash ../results/reference/rs/run.sh [WORKDIR]
# Imports the 135 RS incidents, evaluates the mixture with configs/rs.ini, scores the tune and
# held-out splits and the cause shapes (splits.py), and times the mixture and two experts alone
# (evaluate_seconds / incidents, one rank).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../.." && pwd)
work=${1:-/tmp/moce_rs_reference}
data=${MOCE_SHARED_DATA:-$src/../shared/data}/rs
mkdir -p "$work"
rm -rf "$work/eval" "$work"/time_*  # a fresh run (evaluate resumes a folder of the same run)
./moce import rs --in "$data" --out "$work/rs.h5"
./moce evaluate --config "$src/configs/rs.ini" --corpus "$work/rs.h5" --out "$work/eval" --no-plots --quiet \
  --runtime-incidents 0 > "$work/evaluate.log"
/usr/bin/python3 "$here/splits.py" "$work/eval/per_incident.csv" "$work/eval/summary.csv" > "$work/splits.csv"
echo "scheme,incidents,median_seconds,ms_per_incident" > "$work/time_per_incident.csv"
for scheme in all cube_scan adtributor; do
  # the mixture with configs/rs.ini; an expert alone with the defaults (rs.ini weighs cube_scan).
  # Three runs, the median (the machine is shared; evaluate_seconds covers reading and scoring).
  if [ "$scheme" = all ]; then opts=(--config "$src/configs/rs.ini"); else opts=(--experts "$scheme"); fi
  for rep in 1 2 3; do
    rm -rf "$work/time_$scheme"
    ./moce evaluate "${opts[@]}" --corpus "$work/rs.h5" --out "$work/time_$scheme" --no-plots --quiet \
      --runtime-incidents 0 > /dev/null
    /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['evaluated_incidents'], r['evaluate_seconds'])" \
      "$work/time_$scheme/runtime.json"
  done | sort -k2 -g | sed -n 2p | awk -v s="$scheme" '{printf "%s,%d,%.3f,%.2f\n", s, $1, $2, 1000 * $2 / $1}' \
    >> "$work/time_per_incident.csv"
done
cp "$work/eval/summary.csv" "$work/eval/config.ini" "$work/splits.csv" "$work/time_per_incident.csv" "$here/"
echo "results/reference/rs: updated from $work"
