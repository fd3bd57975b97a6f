#!/usr/bin/env bash
# build.sh: the quick start's first command. Installs what is missing, builds
# plansite (release), and builds the real plan (site.yaml + content/) into output/.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scripts/setup-build-tools.sh
# The Swift runtime and Foundation linked in (--static-swift-stdlib): no dynamic linking of them at each start
# (about 20 ms of a 0.2 s build of the real plan), and every call into them direct.
swift build -c release --static-swift-stdlib --product plansite
# The preview server `plansite serve` runs (a program of its own: plansite itself does not link the HTTP stack).
swift build -c release --static-swift-stdlib --product plansite-serve
.build/release/plansite build "$@"
