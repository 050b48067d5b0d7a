#!/usr/bin/env bash
# Benchmarks: accuracy and speed figures quoted in README.md, printed and kept in
# bench/results/<date>-<host>.txt. Needs a KHALDUN_BENCH=ON Release build in BUILD and
# ../shared (skipped parts say so). The machine should be otherwise idle.
set -uo pipefail
BUILD=${1:-build}
KH=$BUILD/khaldun
SHARED=${SHARED:-../shared}
cd "$(dirname "$0")/.."
mkdir -p bench/results
OUT=bench/results/$(date -u +%Y-%m-%d)-$(hostname).txt
exec > >(tee "$OUT") 2>&1
echo "# khaldun bench $(date -u +%FT%TZ) on $(hostname): $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"

if [ -d "$SHARED/ud" ]; then
  echo "== tag+parse accuracy, EWT test, gold tokenization (1 thread)"
  "$KH" eval ud "$SHARED/ud/en_ewt/en_ewt-ud-test.conllu" --threads 1
  echo "== same, 2 threads (speed ratio)"
  "$KH" eval ud "$SHARED/ud/en_ewt/en_ewt-ud-test.conllu" --threads 2 | tail -1
  echo "== GUM test, news documents only (out of domain)"
  "$KH" eval ud "$SHARED/ud/en_gum/en_gum-ud-test.conllu" --doc-prefix GUM_news_ | head -12
  echo "== peak memory of khaldun parse on EWT test text"
  grep '^# text = ' "$SHARED/ud/en_ewt/en_ewt-ud-test.conllu" | cut -c10- > /tmp/khaldun-bench-text.txt
  /usr/bin/time -f "peak RSS %M KB, %e s" "$KH" parse /tmp/khaldun-bench-text.txt --threads 1 > /dev/null
else
  echo "(../shared/ud absent: UD figures skipped)"
fi
if [ -f "$SHARED/petrarch/validation/PETR.UnitTest.records.ud.xml" ]; then
  echo "== PETRARCH unit-test suite"
  "$KH" eval petrarch "$SHARED/petrarch/validation/PETR.UnitTest.records.ud.xml" --repeat 50
fi
if [ -f "$SHARED/gold/plover_gsr_dev.json" ]; then
  echo "== PLOVER gold records, raw text through the whole chain"
  "$KH" eval plover "$SHARED/gold/plover_gsr_dev.json"
fi
echo "== per-stage Google Benchmarks"
for b in $(find "$BUILD" -type f -name '*_bench' -perm -u+x | sort); do
  echo "-- $(basename "$b")"
  "$b" --benchmark_min_time=0.5 2>&1 | grep -vE '^(\*\*\*|-----|Run on|CPU Caches|  L[123]|Load Average)' 
done
echo "results kept in $OUT"
