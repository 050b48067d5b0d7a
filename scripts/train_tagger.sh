#!/bin/sh
# Rebuilds the committed tagger model data/models/tagger.bin from the UD treebanks in
# ../shared (EWT train, the CC BY genres of GUM train; EWT dev selects the epochs).
# Training is deterministic: the same inputs give the same file byte for byte.
# Usage: scripts/train_tagger.sh [path/to/khaldun]   (default: build/khaldun)
set -eu
cd "$(dirname "$0")/.."
KHALDUN=${1:-build/khaldun}
UD=${UD:-../shared/ud}
"$KHALDUN" train tagger \
  --train "$UD/en_ewt/en_ewt-ud-train.conllu" \
  --gum-train "$UD/en_gum/en_gum-ud-train.conllu" \
  --dev "$UD/en_ewt/en_ewt-ud-dev.conllu" \
  --wordnet "${WORDNET:-/usr/share/wordnet}" \
  -o data/models/tagger.bin \
  --test "$UD/en_ewt/en_ewt-ud-dev.conllu,$UD/en_ewt/en_ewt-ud-test.conllu,$UD/en_gum/en_gum-ud-test.conllu"
