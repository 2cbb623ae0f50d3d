#!/usr/bin/env bash
# Set-up (jobs/setup.sh), then the main job on a small built-in default, on 2 MPI ranks:
# simulates the quickstart incident corpus (configs/quickstart.ini) under results/quickstart/
# and validates it with `moce inspect`. (The evaluation joins here when it lands.)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/jobs/setup.sh"
build=${MOCE_BUILD_DIR:-$root/build}
out=${MOCE_RESULTS_DIR:-$root/results/quickstart}
mkdir -p "$out"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
ranks=${MOCE_RANKS:-2}
mpiexec --oversubscribe -n "$ranks" "$build/moce" simulate --config "$root/configs/quickstart.ini" --out "$out/corpus.h5"
"$build/moce" inspect "$out/corpus.h5"
echo "quickstart: results in $out"
