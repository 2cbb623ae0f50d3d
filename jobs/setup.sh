#!/usr/bin/env bash
# One-time set-up, safe to repeat: installs the Debian 12 packages moce needs (only those
# missing; with sudo when not root), then configures and builds into build/ (or $MOCE_BUILD_DIR).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packages=(build-essential cmake ninja-build git
          libopenmpi-dev openmpi-bin libhdf5-openmpi-dev hdf5-tools
          libeigen3-dev libboost-program-options-dev libgtest-dev libbenchmark-dev
          python3 python3-numpy python3-h5py python3-pandas python3-matplotlib)
bash "$root/jobs/ensure_packages.sh" "${packages[@]}"
build=${MOCE_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${MOCE_BUILD_TYPE:-Release} ${MOCE_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j "$(nproc)"
