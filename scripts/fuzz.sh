#!/usr/bin/env bash
# fuzz.sh: builds the libFuzzer harnesses in Fuzz/ (one per loader and one for
# the reference grammar) and runs each for SECONDS, seeded from content/.
# Prints a markdown table of iterations and crashes per target; exits 1 when
# any target crashed (the crashing input is kept in .build/fuzz/TARGET/).
# Leak detection is off: Swift's once-initialised globals (a static Regex)
# are reported as leaks when the process exits.
#
#   scripts/fuzz.sh SECONDS [TARGET ...]     (default: every target)
set -euo pipefail
seconds="${1:?usage: fuzz.sh SECONDS [TARGET ...]}"
shift
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(SiteYAML FrontMatter WorkArea Register Glossary Schedule CSV References)

echo "== build the fuzz harnesses (Fuzz/, -sanitize=fuzzer,address)" >&2
# lld: Debian's gold crashes ("internal error in format_file_lineno") on the sanitized objects.
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld)
(cd "$repo/Fuzz" && swift build "${flags[@]}" >&2)
bin="$(cd "$repo/Fuzz" && swift build "${flags[@]}" --show-bin-path)"

seeds() {   # the files of content/ a target starts from
    case "$1" in
        SiteYAML) echo "$repo/site.yaml" ;;
        FrontMatter) ls "$repo"/content/pages/*.md ;;
        WorkArea) ls "$repo"/content/work-areas/*.yaml ;;
        Register) ls "$repo"/content/registers/*.yaml ;;
        Glossary) echo "$repo/content/glossary.yaml" ;;
        Schedule) echo "$repo/content/schedule.yaml" ;;
        CSV) echo "$repo/content/scorecard.csv" ;;
        References) ls "$repo"/Fuzz/seeds/references/*; ls "$repo"/content/pages/*.md ;;
    esac
}

printf '| target | seconds | iterations | crashes |\n| --- | ---: | ---: | ---: |\n'
failed=0
for target in "${targets[@]}"; do
    work="$repo/.build/fuzz/$target"
    mkdir -p "$work/corpus"
    seeds "$target" | while read -r f; do cp "$f" "$work/corpus/"; done
    set +e
    (cd "$work" && ASAN_OPTIONS=detect_leaks=0 "$bin/Fuzz$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
        -print_final_stats=1 corpus >"$work/log.txt" 2>&1)
    code=$?
    set -e
    iterations=$(awk '/stat::number_of_executed_units/ { print $2 }' "$work/log.txt" | tail -1)
    crashes=$(ls "$work" | grep -c -E '^(crash|leak|timeout|oom)-' || true)
    if [ "$code" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
    printf '| %s | %s | %s | %s |\n' "$target" "$seconds" "${iterations:-?}" "$crashes"
    if [ "$crashes" -ne 0 ]; then
        failed=1
        echo "fuzz.sh: Fuzz$target failed (exit $code); see $work/log.txt and the input beside it" >&2
        grep -m1 -A12 -E 'ERROR: |Fatal error|==ERROR' "$work/log.txt" >&2 || tail -20 "$work/log.txt" >&2
    fi
done
exit $failed
