#!/usr/bin/env bash
# ensure_packages.sh PKG...: installs the Debian packages among PKG that are not installed yet
# (apt-get; as root directly, otherwise through sudo). Prints what it installs; exits nonzero when
# apt-get cannot (no root or sudo, no mirror), so a caller can say why it skips. One copy of the
# loop jobs/setup.sh, jobs/fuzz.sh and tests/slurm/slurm_test.sh need.
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]})) || exit 0
echo "installing ${missing[*]} with apt-get"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "ensure_packages: not root and no sudo to install ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
