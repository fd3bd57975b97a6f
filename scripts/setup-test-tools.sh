#!/usr/bin/env bash
# setup-test-tools.sh: installs the tools the accessibility harness
# (tests-a11y/) needs, and only what is missing:
#   - apt: chromium, chromium-driver, epubcheck, default-jre-headless
#   - <repo>/.venv with the pinned packages of tests-a11y/requirements.txt
# Idempotent: a second run does no installs. Needs root for apt.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.venv"
reqs="$repo/tests-a11y/requirements.txt"
marker="$venv/.a11y-requirements.sha256"

export DEBIAN_FRONTEND=noninteractive

# --- apt packages -----------------------------------------------------------
apt_pkgs=(chromium chromium-driver epubcheck default-jre-headless)
missing=()
for p in "${apt_pkgs[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup-test-tools: apt-get install ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python venv ------------------------------------------------------------
want_hash="$(sha256sum "$reqs" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$marker" && "$(cat "$marker")" == "$want_hash" ]]; then
    :   # up to date
else
    echo "setup-test-tools: pip install -r ${reqs#"$repo"/} into ${venv#"$repo"/}"
    [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$reqs"
    echo "$want_hash" >"$marker"
fi

echo "setup-test-tools: ok ($venv)"
