#!/usr/bin/env bash
# Runs every libFuzzer target of a KHALDUN_FUZZ build for SECONDS each, starting from
# the committed seeds (tests/fuzz/corpus/<name>/) and keeping what it finds in
# BUILD/fuzz-work/<name>/. Crashes land in BUILD/fuzz-artifacts/ and fail the run.
set -uo pipefail
BUILD=${1:-build-asan}
SECONDS_EACH=${2:-600}
cd "$(dirname "$0")/.."
status=0
for f in $(find "$BUILD" -maxdepth 4 -type f -name '*_fuzz' -perm -u+x | sort); do
  name=$(basename "$f" _fuzz)
  work="$BUILD/fuzz-work/$name"; mkdir -p "$work" "$BUILD/fuzz-artifacts"
  seeds=()
  [ -d "tests/fuzz/corpus/$name" ] && seeds=("tests/fuzz/corpus/$name")
  echo "== $name: ${SECONDS_EACH}s"
  if ASAN_OPTIONS=detect_leaks=1 "$f" -max_total_time="$SECONDS_EACH" -timeout=20 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$BUILD/fuzz-artifacts/${name}-" "$work" "${seeds[@]}" \
      > "$BUILD/fuzz-work/$name.log" 2>&1; then
    grep -E 'stat::number_of_executed_units|cov:' "$BUILD/fuzz-work/$name.log" | tail -2
  else
    echo "FAILED: $name (see $BUILD/fuzz-work/$name.log)"; status=1
  fi
done
exit $status
