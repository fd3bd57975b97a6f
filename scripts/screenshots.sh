#!/usr/bin/env bash
# screenshots.sh: headless-Chromium screenshots of built plansite pages for a
# visual check of the desktop and the 320px (reflow) layouts.
#
#   scripts/screenshots.sh SITE_DIR OUT_DIR [PAGE...]
#
# PAGE is a path relative to SITE_DIR (default: index.html). Writes, per page,
# OUT_DIR/<page>-1280.png and OUT_DIR/<page>-320.png (window 1280x2000 and
# 320x2000; "/" in the page path becomes "_", ".html" is dropped).
# Chromium comes from scripts/setup-test-tools.sh.
set -euo pipefail

if (($# < 2)); then
    sed -n '5,9s/^# \{0,1\}//p' "$0" >&2
    exit 2
fi
site="$(cd "$1" && pwd)"
mkdir -p "$2"
out="$(cd "$2" && pwd)"
shift 2
(($#)) || set -- index.html

status=0
for page in "$@"; do
    if [[ ! -f "$site/$page" ]]; then
        echo "screenshots: no such page: $site/$page" >&2
        status=1
        continue
    fi
    name="${page%.html}"
    name="${name//\//_}"
    for width in 1280 320; do
        png="$out/$name-$width.png"
        rm -f "$png"
        # Chromium prints harmless dbus/dev-shm noise on stderr; keep it for failures only.
        if ! log="$(chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
                     --screenshot="$png" --window-size="$width,2000" "file://$site/$page" 2>&1)" \
           || [[ ! -s "$png" ]]; then
            echo "screenshots: failed for $page at $width px:" >&2
            echo "$log" >&2
            status=1
            continue
        fi
        echo "$png"
    done
done
exit "$status"
