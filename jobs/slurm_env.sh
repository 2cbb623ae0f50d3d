# Sourced by the jobs/*.sbatch scripts and jobs/local.sh: where moce is, how ranks are launched,
# and the USR1 checkpoint-and-requeue handler. Nothing here writes files.
#   MOCE_ROOT     the checkout (default: the submit directory)
#   MOCE_BIN      the moce program (default: $MOCE_ROOT/build/moce)
#   MOCE_LAUNCH   mpirun (default) or srun: how a job starts its ranks inside the allocation.
#                 Debian's Open MPI picks up the Slurm allocation under mpirun; srun needs a
#                 PMIx-enabled Open MPI (srun --mpi=pmix).
MOCE_ROOT=${MOCE_ROOT:-${SLURM_SUBMIT_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}}
MOCE_BIN=${MOCE_BIN:-$MOCE_ROOT/build/moce}
MOCE_LAUNCH=${MOCE_LAUNCH:-mpirun}
export MOCE_ROOT MOCE_BIN
# Open MPI refuses root without these; they change nothing for a normal user.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cd "$MOCE_ROOT"

# MOCE_LAUNCHER: the words that start a command on every task of the allocation (or on
# $MOCE_RANKS local ranks without Slurm).
moce_launcher() {
  if [ -z "${SLURM_JOB_ID:-}" ]; then
    MOCE_LAUNCHER=(mpirun --oversubscribe -n "${MOCE_RANKS:-2}")
  elif [ "$MOCE_LAUNCH" = srun ]; then
    MOCE_LAUNCHER=(srun --mpi=pmix)
  else
    MOCE_LAUNCHER=(mpirun)
  fi
}

# moce_launch CMD...: CMD on every task.
moce_launch() {
  moce_launcher
  "${MOCE_LAUNCHER[@]}" "$@"
}

# moce_checkpointed CMD...: CMD on every task, in the background so that the batch shell can take
# USR1 (sbatch --signal=B:USR1@120: two minutes before the time limit, or `scancel --signal=USR1
# --batch`). On USR1 it stops the launcher -- every incident `moce evaluate` finished is already
# durable in its progress files -- and requeues the job, whose rerun resumes from them.
moce_checkpointed() {
  moce_launcher
  MOCE_CHILD=
  trap 'moce_requeue' USR1
  # Started directly (not through a function, which would be a subshell) so that $! is the
  # launcher itself and the TERM below reaches it.
  "${MOCE_LAUNCHER[@]}" "$@" &
  MOCE_CHILD=$!
  local rc=0
  wait "$MOCE_CHILD" || rc=$?
  return "$rc"
}

moce_requeue() {
  echo "moce: USR1 at $(date -u +%FT%TZ): stopping the sweep and requeueing job ${SLURM_JOB_ID:-?}" >&2
  local child=${MOCE_CHILD:-$!}  # $!: USR1 came between the launch and the assignment
  kill -TERM "$child" 2>/dev/null || true
  wait "$child" 2>/dev/null || true
  if [ -n "${SLURM_JOB_ID:-}" ]; then
    scontrol requeue "$SLURM_JOB_ID"
  fi
  exit 0
}
