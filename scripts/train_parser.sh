#!/usr/bin/env bash
# Rebuilds data/models/parser.bin, the committed dependency-parser model, from the
# treebanks in ../shared: EWT train + the CC BY genres of GUM train (news, interview,
# voyage), with 4-fold jackknifed tags from our own tagger trainer so the parser learns
# on realistic tagger errors; EWT dev (tagged by a fold tagger) selects the epoch.
# A supertagger (relation, head side and dependent sides of each word) is trained with
# it and stored in the model; the parser learns on 4-fold jackknifed supertags.
# Training is deterministic: the same inputs and tagger-trainer code give the same file
# byte for byte, whatever the thread count. About 15 minutes on 2 cores (the 4 jackknife
# taggers train two at a time: ~8 min; the supertagger folds and 20 parser epochs: ~7 min).
#
#   scripts/train_parser.sh [path/to/khaldun]      (default: build/khaldun, built if absent)
#
# SHARED overrides the data folder (default ../shared); OUT the model path.
set -euo pipefail
cd "$(dirname "$0")/.."
KHALDUN=${1:-build/khaldun}
SHARED=${SHARED:-../shared}
if [ ! -x "$KHALDUN" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build -j"$(nproc)" --target khaldun
  KHALDUN=build/khaldun
fi
mkdir -p data/models
"$KHALDUN" train parser \
  --train "$SHARED/ud/en_ewt/en_ewt-ud-train.conllu" \
  --gum-train "$SHARED/ud/en_gum/en_gum-ud-train.conllu" \
  --jackknife 4 \
  --dev "$SHARED/ud/en_ewt/en_ewt-ud-dev.conllu" \
  --test "$SHARED/ud/en_ewt/en_ewt-ud-test.conllu" \
  --epochs 20 --supertag-folds 4 --action-bits 21 \
  -o "${OUT:-data/models/parser.bin}"
