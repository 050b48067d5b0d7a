#!/usr/bin/env bash
# Rebuilds the committed models from ../shared/ud (deterministic: same data, same
# models). Tagger first: the parser trains on jackknifed predicted tags.
set -euo pipefail
KH=${1:-build/khaldun}
cd "$(dirname "$0")/.."
bash scripts/train_tagger.sh "$KH"
bash scripts/train_parser.sh "$KH"
