#!/usr/bin/env bash
# test.sh: the quick start's second command, and what CI runs. Installs what is
# missing, runs the Swift test suite, builds the real plan, then checks every
# page of it in headless Chromium with axe-core, with the Nu Html Checker, and
# the EPUB with epubcheck; then the same over the example site of `plansite new`.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scripts/setup-build-tools.sh
scripts/setup-test-tools.sh

echo "== swift test"
swift test

echo "== fuzz every loader and the reference grammar for 30 s each (scripts/fuzz.sh)"
scripts/fuzz.sh 30

echo "== build the real plan"
swift build --product plansite
swift build --product plansite-serve   # for tests-a11y/test_serve.py (plansite serve runs it)
site_out="$repo/.build/a11y-site"
.build/debug/plansite build --output "$site_out"

echo "== accessibility and validity of every page (axe-core, Nu Html Checker, epubcheck)"
PLANSITE_OUTPUT="$site_out" A11Y_REPORT="$repo/.build/a11y-report.json" \
    .venv/bin/python -m pytest -q tests-a11y

echo "== the same checks over the example plan of plansite new"
example_root="$repo/.build/a11y-example"
rm -rf "$example_root"
.build/debug/plansite new "$example_root" >/dev/null
.build/debug/plansite build --root "$example_root" --strict --quiet
PLANSITE_OUTPUT="$example_root/output" .venv/bin/python -m pytest -q tests-a11y/test_site.py

echo "== record the results the accessibility statement publishes"
.venv/bin/python tests-a11y/record.py "$repo/.build/a11y-report.json" content/accessibility-checks.json

echo "== benchmark at the smallest scale (figures reported, not asserted; fails only on a broken run)"
scripts/bench.sh --scale small
