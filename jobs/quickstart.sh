#!/usr/bin/env bash
# Set-up (jobs/setup.sh), then the main job on a small built-in default, on 2 MPI ranks:
# simulates the quickstart incident corpus (configs/quickstart.ini) under results/quickstart/,
# then evaluates the mixture of experts on it (`moce evaluate`): prints the summary table and the
# path of report.md; tables, plots, runtime.json and config.ini land in results/quickstart/eval/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/jobs/setup.sh"
build=${MOCE_BUILD_DIR:-$root/build}
out=${MOCE_RESULTS_DIR:-$root/results/quickstart}
mkdir -p "$out"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
ranks=${MOCE_RANKS:-2}
mpiexec --oversubscribe -n "$ranks" "$build/moce" simulate --config "$root/configs/quickstart.ini" --out "$out/corpus.h5"
# A fresh evaluation each time (a kept progress/ folder would resume the previous one).
rm -rf "$out/eval"
mpiexec --oversubscribe -n "$ranks" "$build/moce" evaluate --corpus "$out/corpus.h5" --out "$out/eval" \
  --runtime-incidents "${MOCE_RUNTIME_INCIDENTS:-4}" --runtime-subsets 1
echo "quickstart: corpus $out/corpus.h5, evaluation in $out/eval (report: $out/eval/report.md)"
