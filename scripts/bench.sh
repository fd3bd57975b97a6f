#!/usr/bin/env bash
# bench.sh: plansite against Hugo on the same synthetic plan, plus the real
# plan, a one-file rebuild in `plansite serve`, and markdown against the
# cmark-gfm CLI. Prints a markdown table and writes .build/bench/results.md and
# .build/bench/results.json.
#
#   scripts/bench.sh [--scale small|full]
#
# full (default): ~110, ~1,000 and ~10,000 pages (takes several minutes).
# small: ~110 pages and the real plan only, quick; what CI runs (scripts/test.sh).
# Installs what it needs from Debian when missing (hugo, hyperfine, cmark-gfm,
# time, curl); needs root for apt. Fails only on a broken run (a build error, a
# page count showing the generator is broken), never on slow figures: the
# targets are reported, not asserted.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

scale=full
while (($#)); do
    case "$1" in
        --scale) scale="${2:-}"; shift 2 ;;
        --scale=*) scale="${1#--scale=}"; shift ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown argument '$1' (usage: scripts/bench.sh [--scale small|full])" >&2; exit 2 ;;
    esac
done
case "$scale" in small|full) ;; *) echo "bench.sh: --scale is small or full, not '$scale'" >&2; exit 2 ;; esac

scripts/setup-build-tools.sh
export DEBIAN_FRONTEND=noninteractive
pkgs=(hugo hyperfine cmark-gfm time curl python3)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
    echo "bench.sh: apt-get install ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "== build plansite and markdown-bench (release)"
# As scripts/build.sh builds it (the Swift libraries linked in); the same flags for both, so nothing is rebuilt.
swift build -c release --static-swift-stdlib --product plansite
swift build -c release --static-swift-stdlib --product plansite-serve
swift build -c release --static-swift-stdlib --product markdown-bench
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"

echo "== benchmark ($scale)"
exec python3 Benchmarks/bench.py --scale "$scale" --plansite "$bin/plansite" \
    --markdown-bench "$bin/markdown-bench" --out "$repo/.build/bench"
