#!/usr/bin/env bash
# Runs a jobs/*.sbatch script on a workstation without Slurm: the same script, its ranks started
# by mpirun on this machine (the script's --ntasks, or $MOCE_RANKS), its log in results/local/.
#   jobs/local.sh simulate                      # jobs/simulate.sbatch
#   jobs/local.sh evaluate                      # Ctrl-C stops it; run it again to resume
#   MOCE_LIST=seeds.txt MOCE_KIND=seed jobs/local.sh array 1-3     # array tasks 1..3, one after another
# Resources: this machine, $MOCE_RANKS ranks (default: the script's #SBATCH --ntasks).
# Writes: what the script writes (see its header) and the log $MOCE_LOG_DIR/<script>[-<task>].log
# (default results/local).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
name=${1:?usage: jobs/local.sh simulate|evaluate|array [FIRST-LAST]}
script=$root/jobs/${name%.sbatch}.sbatch
[ -f "$script" ] || { echo "jobs/local.sh: no $script" >&2; exit 2; }
ntasks=$(sed -n 's/^#SBATCH --ntasks=\([0-9]*\).*/\1/p' "$script" | head -1)
export MOCE_ROOT=$root MOCE_RANKS=${MOCE_RANKS:-${ntasks:-2}}
unset SLURM_JOB_ID
logs=${MOCE_LOG_DIR:-$root/results/local}
mkdir -p "$logs"
if [ "${name%.sbatch}" = array ]; then
  range=${2:?usage: jobs/local.sh array FIRST-LAST}
  export SLURM_ARRAY_JOB_ID=local
  for task in $(seq "${range%-*}" "${range#*-}"); do
    SLURM_ARRAY_TASK_ID=$task bash "$script" 2>&1 | tee "$logs/array-$task.log"
  done
else
  bash "$script" 2>&1 | tee "$logs/${name%.sbatch}.log"
fi
