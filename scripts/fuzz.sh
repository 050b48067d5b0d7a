#!/usr/bin/env bash
# Runs libFuzzer targets of a KHALDUN_FUZZ build for SECONDS each, starting from the
# committed seeds (tests/fuzz/corpus/<name>/) plus what earlier runs found, kept in
# BUILD/fuzz-work/<name>/. Crashes and leaks land in BUILD/fuzz-artifacts/ and fail the run.
#
#   scripts/fuzz.sh [BUILD] [SECONDS] [NAME...]     (default: build-asan 600, every target)
#   FUZZ_JOBS=2 scripts/fuzz.sh ...                  (run that many targets at once)
#
# Prints one summary line per target (seconds, executions, coverage, corpus size,
# result) and writes them to BUILD/fuzz-summary.txt.
set -uo pipefail
BUILD=${1:-build-asan}
SECONDS_EACH=${2:-600}
shift 2 2>/dev/null || shift $#
JOBS=${FUZZ_JOBS:-1}
cd "$(dirname "$0")/.."
mkdir -p "$BUILD/fuzz-work" "$BUILD/fuzz-artifacts"
summary="$BUILD/fuzz-summary.txt"
: > "$summary"

targets=()
all=$(find "$BUILD" -maxdepth 4 -type f -name '*_fuzz' -perm -u+x | sort)
if [ $# -gt 0 ]; then
  for want in "$@"; do  # in the order given
    for f in $all; do [ "$(basename "$f" _fuzz)" = "$want" ] && targets+=("$f"); done
  done
else
  for f in $all; do targets+=("$f"); done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz.sh: no fuzz targets in $BUILD (configure with -DKHALDUN_FUZZ=ON under clang)"; exit 1; }

run_one() {
  local f=$1 name work seeds log start end rc runs cov corpus verdict
  name=$(basename "$f" _fuzz)
  work="$BUILD/fuzz-work/$name"; mkdir -p "$work"
  seeds=()
  [ -d "tests/fuzz/corpus/$name" ] && seeds=("tests/fuzz/corpus/$name")
  log="$BUILD/fuzz-work/$name.log"
  start=$(date +%s)
  ASAN_OPTIONS=detect_leaks=1 "$f" -max_total_time="$SECONDS_EACH" -timeout=20 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$BUILD/fuzz-artifacts/${name}-" "$work" "${seeds[@]}" > "$log" 2>&1
  rc=$?
  end=$(date +%s)
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  corpus=$(find "$work" -type f | wc -l)
  if [ $rc = 0 ]; then verdict=ok; else verdict="FAILED (see $log)"; fi
  printf '%-16s %5ss %12s runs  cov %6s  corpus %6s  %s\n' "$name" "$((end - start))" \
    "${runs:-?}" "${cov:-?}" "$corpus" "$verdict" | tee -a "$summary"
  [ $rc = 0 ]
}

status=0
running=0
for f in "${targets[@]}"; do
  run_one "$f" &
  running=$((running + 1))
  if [ $running -ge "$JOBS" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while [ $running -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
