#!/usr/bin/env bash
# The main job on the bundled example articles (examples/).
set -euo pipefail
KH=${1:-build/khaldun}
cd "$(dirname "$0")/.."
"$KH" --help
