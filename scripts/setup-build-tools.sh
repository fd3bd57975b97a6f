#!/usr/bin/env bash
# setup-build-tools.sh: installs what building plansite needs, and only what is
# missing: Debian's cmark-gfm library with its GFM extensions (and pkg-config), and
# libcurl's development link (plansite is linked with the Swift libraries built in, for a
# quicker start; the preview server's library pulls in Foundation's networking, which
# links libcurl), and libxml2's (Foundation's XML parser, which checks SVG images, is built on it).
# Swift itself comes with the machine (/opt/swift). Idempotent; needs root for apt.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
pkgs=(libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config libcurl4-openssl-dev libxml2-dev)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
    echo "setup-build-tools: apt-get install ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup-build-tools: swift is not on PATH (expected /opt/swift/usr/bin)" >&2; exit 2; }
