#!/usr/bin/env bash
# The sanitizer jobs of CI (assumes jobs/setup.sh has installed the packages):
#  1. AddressSanitizer + UndefinedBehaviorSanitizer (`asan` preset): the unit and MPI tests.
#  2. ThreadSanitizer (`tsan` preset): builds only the runtime tests and runs them (the DAG's
#     thread pool and parallel execution are the code that uses threads).
#  3. libFuzzer (jobs/fuzz.sh, `fuzz` preset): each fuzz target for MOCE_FUZZ_SECONDS (default 25).
# MOCE_SANITIZE_JOBS picks a subset, e.g. "tsan fuzz".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
for job in ${MOCE_SANITIZE_JOBS:-asan tsan fuzz}; do
  start=$(date +%s)
  case $job in
    asan|tsan)
      cmake --preset "$job" ${MOCE_CMAKE_ARGS:-} >/dev/null
      cmake --build --preset "$job" -j "$(nproc)"
      ctest --preset "$job" -j "$(nproc)" ;;
    fuzz) bash jobs/fuzz.sh ;;
    *) echo "sanitize.sh: unknown job '$job' (asan, tsan, fuzz)" >&2; exit 2 ;;
  esac
  echo "sanitize.sh: $job took $(( $(date +%s) - start )) s"
done
