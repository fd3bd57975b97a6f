#!/usr/bin/env bash
# build.sh: the quick start's first command. Installs what is missing, builds
# plansite (release), and builds the real plan (site.yaml + content/) into output/.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scripts/setup-build-tools.sh
swift build -c release --product plansite
.build/release/plansite build "$@"
