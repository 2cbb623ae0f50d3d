#!/usr/bin/env bash
# Set-up (jobs/setup.sh), then the main job on a small built-in default, on 2 MPI ranks:
# writes a corpus under results/quickstart/ and validates it with `moce inspect`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/jobs/setup.sh"
build=${MOCE_BUILD_DIR:-$root/build}
out=${MOCE_RESULTS_DIR:-$root/results/quickstart}
mkdir -p "$out"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
ranks=${MOCE_RANKS:-2}
mpiexec --oversubscribe -n "$ranks" "$build/moce" demo --out "$out/corpus.h5" --incidents 4 --sessions-per-incident 20000
"$build/moce" inspect "$out/corpus.h5"
echo "quickstart: results in $out"
