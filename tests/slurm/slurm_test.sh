#!/usr/bin/env bash
# Starts a private single-node Slurm in a temporary directory (../shared/SLURM.md records the
# settings that work on these machines), then:
#   1. a direct `mpirun -np 2 moce evaluate` of a small quickstart corpus (the reference);
#   2. jobs/evaluate.sbatch with 2 tasks: its tables must be byte-identical to the reference;
#   3. the same job sent USR1 mid-sweep (`scancel --signal=USR1 --batch`): it must requeue itself,
#      resume from its progress files, and end with byte-identical tables;
#   4. jobs/array.sbatch over two seeds (simulate + evaluate per task): each task's tables must be
#      byte-identical to jobs/local.sh running the same array task without Slurm.
# Exits 77 (ctest skip) saying why when Slurm or munge are missing and cannot be installed, or
# the daemons do not come up.
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
moce=$build/moce
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; dump_logs; echo "FAIL: $*"; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# --- Slurm and munge: Debian packages; installed here (as root, with apt) when missing.
need=(slurmctld slurmd munged sbatch squeue scontrol scancel)
missing() { for b in "${need[@]}"; do command -v "$b" >/dev/null || return 0; done; return 1; }
if missing; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null || [ "${MOCE_SLURM_APT:-1}" = 0 ]; then
    skip "slurmctld/slurmd/munge are not installed and cannot be installed here (need root and apt-get;" \
         "install: apt-get install slurmctld slurmd slurm-client munge)"
  fi
  if ! bash "$src/jobs/ensure_packages.sh" slurmctld slurmd slurm-client munge; then
    skip "apt-get could not install slurmctld slurmd slurm-client munge (no package mirror reachable?)"
  fi
  missing && skip "apt-get ran but ${need[*]} are still not all on PATH"
fi
[ "$(id -u)" -eq 0 ] || skip "the test runs slurmd, which must run as root to launch jobs; run ctest as root"

tmp=$(mktemp -d /tmp/moce-slurm.XXXXXX)
chmod 755 "$tmp"
export SLURM_CONF=$tmp/slurm.conf
dump_logs() {
  for f in "$tmp"/*.log "$tmp"/jobs/*.log; do
    [ -f "$f" ] && { echo "--- $f (last 30 lines)"; tail -30 "$f"; }
  done
  return 0
}
stop_daemons() {
  for p in slurmd slurmctld munged; do
    [ -f "$tmp/$p.pid" ] && kill "$(cat "$tmp/$p.pid")" 2>/dev/null || true
  done
  sleep 0.5
  for p in slurmd slurmctld munged; do
    [ -f "$tmp/$p.pid" ] && kill -9 "$(cat "$tmp/$p.pid")" 2>/dev/null || true
  done
}
trap 'stop_daemons; rm -rf "$tmp"' EXIT

# --- munge with a private key and socket.
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/jobs"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
munged --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.sock" --pid-file="$tmp/munged.pid" \
       --log-file="$tmp/munged.log" --seed-file="$tmp/munge/munged.seed" --force \
  || skip "munged did not start: $(tail -3 "$tmp/munged.log" 2>/dev/null)"

# --- slurm.conf: loopback, private ports, everything under $tmp.
host=$(hostname -s)
port=$((20000 + $$ % 20000))
mem=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
cat > "$SLURM_CONF" <<CONF
ClusterName=moce-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
# cred_expire also sets how long a requeued job waits before it may start again (default 120 s);
# starting it earlier fails with 'Job credential revoked'.
AuthInfo=socket=$tmp/munge/munge.sock,cred_expire=10
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -c || skip "slurmctld did not start: $(tail -3 "$tmp/slurmctld.log" 2>/dev/null)"
slurmd || skip "slurmd did not start: $(tail -3 "$tmp/slurmd.log" 2>/dev/null)"
for _ in $(seq 100); do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.2
done
[ "$state" = idle ] || skip "the Slurm node did not become idle in 20 s (state '$state'); slurmd log: $(tail -3 "$tmp/slurmd.log")"
echo "slurm: node $host idle"

# submit OUT [LAUNCH]: jobs/evaluate.sbatch with 2 tasks on $tmp/corpus.h5 into $tmp/OUT, its ranks
# started by LAUNCH (mpirun or srun); prints the job id.
submit() {
  sbatch --parsable --ntasks=2 --mem-per-cpu=100M --output="$tmp/jobs/$1-%j.log" --chdir="$src" \
    --export=ALL,MOCE_ROOT="$src",MOCE_BIN="$moce",MOCE_CORPUS="$tmp/corpus.h5",MOCE_OUT="$tmp/$1",MOCE_ARGS="$eval_args",MOCE_LAUNCH="${2:-mpirun}",MOCE_EVALUATE_PACE_MS="${pace_ms:-0}" \
    "$src/jobs/evaluate.sbatch"
}
job_field() { scontrol show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1; }
wait_done() {  # wait_done ID SECONDS: until the job has COMPLETED (fails on any other end state)
  local s
  for _ in $(seq $(($2 * 5))); do
    s=$(job_field "$1" JobState)
    case $s in
      COMPLETED) return 0 ;;
      FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE) fail "job $1 ended $s" ;;
    esac
    sleep 0.2
  done
  fail "job $1 not done after $2 s (state $s)"
}
eval_args="--runtime-incidents 0 --no-plots"
tables=(summary.csv per_incident.csv shapley.csv robustness.csv)
same_tables() {
  # One world of 2 ranks (not 2 singletons that each ran the whole sweep): config.ini records it.
  grep -qx "ranks = 2" "$tmp/$1/config.ini" || fail "$1/config.ini does not record 'ranks = 2'"
  for t in "${tables[@]}"; do
    cmp "$tmp/direct/$t" "$tmp/$1/$t" || fail "$1/$t differs from the direct mpirun's"
  done
  echo "ok: $1: ${tables[*]} byte-identical to mpirun -np 2"
}

# --- 0. The quickstart corpus (configs/quickstart.ini: 28 incidents, 3000 sessions each),
# simulated by jobs/simulate.sbatch on 2 tasks.
id=$(sbatch --parsable --ntasks=2 --mem-per-cpu=100M --output="$tmp/jobs/simulate-%j.log" --chdir="$src" \
       --export=ALL,MOCE_ROOT="$src",MOCE_BIN="$moce",MOCE_CONFIG="$src/configs/quickstart.ini",MOCE_CORPUS="$tmp/corpus.h5" \
       "$src/jobs/simulate.sbatch")
wait_done "$id" 120
grep -q "incidents.*on 2 rank(s)" "$tmp"/jobs/simulate-"$id".log || fail "job $id did not simulate on 2 ranks"
echo "ok: simulate job $id wrote the quickstart corpus on 2 ranks"

# --- 1. Reference: mpirun -np 2 directly.
# shellcheck disable=SC2086
mpirun --oversubscribe -np 2 "$moce" evaluate --corpus "$tmp/corpus.h5" --out "$tmp/direct" --quiet $eval_args \
  > "$tmp/direct.log"

# --- 2. The job as submitted.
id=$(submit slurm)
wait_done "$id" 120
[ "$(job_field "$id" NumTasks)" = 2 ] || fail "job $id ran with $(job_field "$id" NumTasks) tasks, not 2"
same_tables slurm

# --- 2b. The same with srun --mpi=pmix instead of mpirun, where Slurm offers PMIx.
if srun --mpi=list 2>&1 | grep -qw pmix; then
  id=$(submit srun srun)
  wait_done "$id" 120
  same_tables srun
else
  echo "note: srun --mpi=list offers no pmix here; the srun launch was not tested"
fi

# --- 3. USR1 mid-sweep: the job checkpoints, requeues and resumes.
total=$(wc -l < "$tmp/direct/per_incident.csv")
# Unpaced, the quickstart sweep can finish in about a second, before the signal arrives: pause
# 500 ms after each incident (MOCE_EVALUATE_PACE_MS changes no output).
pace_ms=500
id=$(submit requeue)
pace_ms=0
for _ in $(seq 600); do
  done_lines=$( (cat "$tmp"/requeue/progress/rank-*.jsonl 2>/dev/null || true) | wc -l)
  [ "$done_lines" -ge 1 ] && break
  sleep 0.1
done
[ "$done_lines" -ge 1 ] || fail "job $id finished no incident in 60 s"
[ -f "$tmp/requeue/summary.csv" ] && fail "the sweep finished before USR1 could be sent; the corpus is too small"
scancel --signal=USR1 --batch "$id"
echo "sent USR1 to job $id after $done_lines finished incident(s)"
wait_done "$id" 180
restarts=$(job_field "$id" Restarts)
[ "${restarts:-0}" -ge 1 ] || fail "job $id was not requeued (Restarts=$restarts)"
grep -q "USR1 at" "$tmp"/jobs/requeue-"$id".log || fail "job $id log does not show the USR1 handler"
grep -q "restart 1" "$tmp"/jobs/requeue-"$id".log || fail "job $id log does not show the requeued run"
# The rerun skipped what the first run had finished ("evaluate: 14/14 incidents (K resumed)", K >= 1).
resumed=$(sed -n 's/.*incidents (\([0-9]*\) resumed).*/\1/p' "$tmp"/jobs/requeue-"$id".log | tail -1)
incidents=$(cat "$tmp"/direct/progress/rank-*.jsonl | wc -l)
[ "${resumed:-0}" -ge "$done_lines" ] || fail "the requeued run resumed ${resumed:-no} incidents, expected >= $done_lines"
[ "${resumed:-0}" -lt "$incidents" ] || fail "USR1 did not stop the sweep: all $incidents incidents were done before the requeue"
same_tables requeue
echo "ok: job $id requeued $restarts time(s) after USR1, resumed $resumed finished incident(s), same tables ($total lines of per_incident.csv)"

# --- 4. A job array over two seeds against the local launcher.
cat > "$tmp/tiny.ini" <<INI
world = $src/configs/world_default.ini
incidents-per-category = 1
sessions-per-incident = 1000
incidents.categories = cohort_latency, url_errors
INI
printf '1\n2\n' > "$tmp/seeds.txt"
array_env="MOCE_ROOT=$src,MOCE_BIN=$moce,MOCE_LIST=$tmp/seeds.txt,MOCE_KIND=seed,MOCE_CONFIG=$tmp/tiny.ini"
id=$(sbatch --parsable --array=1-2 --ntasks=2 --mem-per-cpu=100M --output="$tmp/jobs/array-%A-%a.log" --chdir="$src" \
       --export=ALL,$array_env,MOCE_RESULTS="$tmp/array",MOCE_ARGS="$eval_args" "$src/jobs/array.sbatch")
wait_done "${id}_1" 120
wait_done "${id}_2" 120
MOCE_ROOT=$src MOCE_BIN=$moce MOCE_LIST=$tmp/seeds.txt MOCE_KIND=seed MOCE_CONFIG=$tmp/tiny.ini MOCE_RESULTS=$tmp/local \
  MOCE_ARGS=$eval_args MOCE_LOG_DIR=$tmp/jobs bash "$src/jobs/local.sh" array 1-2 >/dev/null
for task in 1 2; do
  for t in "${tables[@]}"; do
    cmp "$tmp/array/array-$id/$task/eval/$t" "$tmp/local/array-local/$task/eval/$t" \
      || fail "array task $task: $t differs between Slurm and jobs/local.sh"
  done
done
cmp -s "$tmp/array/array-$id/1/eval/per_incident.csv" "$tmp/array/array-$id/2/eval/per_incident.csv" \
  && fail "array tasks 1 and 2 (seeds 1 and 2) gave the same per_incident.csv: the seed was not used"
echo "ok: array job $id: tasks 1 and 2 (seeds 1, 2) byte-identical to jobs/local.sh array 1-2"
