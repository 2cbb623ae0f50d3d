#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets of tests/fuzz/ (the `fuzz` preset: Debian's clang,
# -fsanitize=fuzzer,address,undefined, only the libraries they need) and runs each for
# MOCE_FUZZ_SECONDS (default 25) from its checked-in seed corpus tests/fuzz/corpus/<target>/,
# two targets at a time. New corpus entries go to a scratch folder, not into the checked-in seeds.
# A crash is copied to tests/fuzz/regressions/<target>/ (ctest then replays it in every build)
# and fails the job. MOCE_FUZZ_TARGETS picks targets (default: all eight).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash jobs/ensure_packages.sh clang libclang-rt-14-dev
cmake --preset fuzz ${MOCE_CMAKE_ARGS:-} >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

seconds=${MOCE_FUZZ_SECONDS:-25}
# A fixed seed makes CI try the same mutations on every machine (only the time cut-off differs);
# MOCE_FUZZ_SEED=0 lets libFuzzer pick one.
seed=${MOCE_FUZZ_SEED:-1}
targets=(${MOCE_FUZZ_TARGETS:-config truth corpus_reader telemetry_csv hypotheses rs cube log})
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1
in_hdf5() {  # in_hdf5 LOG: whether the fatal report's first stack frame outside the sanitizer and libc is libhdf5's
  # Only the last report counts: UBSan's recoverable "runtime error" reports print stacks of their
  # own earlier in the log. One awk pass, no `| head` (under pipefail a reader that closes early
  # can make the writer die of SIGPIPE and the pipeline fail even when the frame matched).
  awk '/ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:/ {
         decided = 0; found = 0 }
       !decided && /^ *#[0-9]+ 0x/ && !/__asan|__sanitizer| in free | in malloc | in realloc |libc\.so/ {
         decided = 1; found = ($0 ~ /libhdf5/) }
       END { exit !found }' "$1"
}
crash_in_hdf5() {  # crash_in_hdf5 TARGET WORK: the crash is libhdf5's, judged on the fuzzing log or,
  # failing that, on a standalone replay of each crash input (one report per log, no fork-mode noise)
  in_hdf5 "$2/log" && return 0
  local a
  for a in "$2"/artifacts/crash-*; do
    [ -f "$a" ] || continue
    if ! timeout 60 build-fuzz/tests/fuzz/fuzz_"$1" "$a" >"$2/replay" 2>&1 && in_hdf5 "$2/replay"; then
      return 0
    fi
  done
  return 1
}
run() {  # run TARGET: fuzz it; on a crash keep the input as a regression
  local t=$1 work=$scratch/$1
  mkdir -p "$work/new" "$work/artifacts"
  local extra=()
  # libhdf5 itself can spin for minutes on some corrupt files (tests/fuzz/hdf5_hangs/README.md):
  # for the corpus reader a timeout is reported, not fatal; a crash still is.
  if [ "$t" = corpus_reader ]; then extra=(-fork=1 -ignore_timeouts=1); fi
  if build-fuzz/tests/fuzz/fuzz_"$t" "$work/new" "tests/fuzz/corpus/$t" -max_total_time="$seconds" \
       -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -artifact_prefix="$work/artifacts/" \
       -print_final_stats=1 -seed="$seed" "${extra[@]}" >"$work/log" 2>&1; then
    # The last "#N" status line counts the inputs run (in fork mode too).
    echo "fuzz $t: $(grep -o '^#[0-9]\+' "$work/log" | tail -1 | tr -d '#') inputs in ${seconds} s, no crash"
  elif crash_in_hdf5 "$t" "$work"; then
    # A crash whose deepest frame above the fuzzer is inside libhdf5 1.10 itself (e.g. H5Literate
    # freeing a corrupt link table) is a library defect moce cannot prevent: keep the input beside
    # the hangs and report it without failing. A crash in moce's own frames still fails.
    cp "$work"/artifacts/* tests/fuzz/hdf5_hangs/ 2>/dev/null || true
    echo "fuzz $t: a crash inside libhdf5 (input copied to tests/fuzz/hdf5_hangs/; not a moce defect):"
    grep -m 6 '^ *#[0-9]* 0x' "$work/log" || true
  else
    mkdir -p "tests/fuzz/regressions/$t"
    cp "$work"/artifacts/* "tests/fuzz/regressions/$t/" 2>/dev/null || true
    echo "fuzz $t: CRASH (input copied to tests/fuzz/regressions/$t/); its reports, then the log tail:"
    grep -E 'ERROR: |runtime error:' "$work/log" | tail -5 || true
    tail -40 "$work/log"
    return 1
  fi
}
status=0
pids=()
for t in "${targets[@]}"; do
  run "$t" & pids+=($!)
  if ((${#pids[@]} == $(nproc))); then
    for p in "${pids[@]}"; do wait "$p" || status=1; done
    pids=()
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
