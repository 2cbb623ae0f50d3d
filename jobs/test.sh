#!/usr/bin/env bash
# Set-up (jobs/setup.sh), then the whole test suite with ctest: unit, MPI (1, 2 and 3 ranks),
# Python and integration tests. Tests labelled `slow` run too unless MOCE_SKIP_SLOW=1.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/jobs/setup.sh"
build=${MOCE_BUILD_DIR:-$root/build}
# Open MPI refuses to start as root without these; they change nothing for a normal user.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
args=(--test-dir "$build" --output-on-failure -j "$(nproc)")
if [ "${MOCE_SKIP_SLOW:-0}" = 1 ]; then args+=(-LE slow); fi
ctest "${args[@]}"
