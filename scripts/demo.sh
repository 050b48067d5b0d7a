#!/usr/bin/env bash
# The main job on the bundled example articles (examples/, written for this project):
# read -> clean -> parse -> code -> date/place -> store, then the flagged escalations
# and the HTML report.
set -euo pipefail
KH=${1:-build/khaldun}
cd "$(dirname "$0")/.."
mkdir -p out
rm -f out/demo.sqlite out/demo.sqlite-wal out/demo.sqlite-shm
echo "== khaldun run examples/* --db out/demo.sqlite"
"$KH" run examples/* --db out/demo.sqlite --events out/demo-events.jsonl
echo
echo "== events (source -> target, CAMEO, PLOVER, date, place)"
"$KH" query --db out/demo.sqlite --format csv | cut -d, -f1-12 | head -40 || true
echo
echo "== khaldun analyze --db out/demo.sqlite"
"$KH" analyze --db out/demo.sqlite
echo
"$KH" report --db out/demo.sqlite -o out/report.html
echo "report written: out/report.html (self-contained, opens offline)"
