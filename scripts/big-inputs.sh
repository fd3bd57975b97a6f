#!/usr/bin/env bash
# big-inputs.sh: how plansite copes with big inputs. For each kind of input
# (site.yaml, page, work area, register, glossary, schedule, scorecard CSV) it
# generates a small valid site in which that one file is big, runs
# `plansite check` on it under /usr/bin/time -v, and prints a markdown table of
# the exit status, wall time and peak memory. A file over the documented limit
# (docs/content-format.md, "Limits": 1,000,000 bytes a file, 50,000 actions,
# items or measures) must be refused at once with a located error; a file just
# under it must be checked in well under 10 s.
#
#   scripts/big-inputs.sh PLANSITE [SIZE_MB ...]     (default sizes: 50 0.99 0.25)
#
# Standalone: needs only bash, python3 and /usr/bin/time. Exit status 1 when
# any run takes 10 s or more, or 500 MB or more, or crashes.
set -euo pipefail
plansite="${1:?usage: big-inputs.sh PLANSITE [SIZE_MB ...]}"
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(50 0.99 0.25)
work="$(mktemp -d "${TMPDIR:-/tmp}/plansite-big.XXXXXX")"
trap 'rm -rf "$work"' EXIT

generate() {   # generate KIND BYTES FOLDER
python3 - "$1" "$2" "$3" <<'PY'
import os, sys
kind, size, root = sys.argv[1], int(float(sys.argv[2])), sys.argv[3]
os.makedirs(f"{root}/content/pages", exist_ok=True)
def w(path, text):
    with open(f"{root}/{path}", "w") as f: f.write(text)
def fill(head, item, size):
    out, n = [head], 0
    total = len(head)
    while total < size:
        n += 1
        s = item(n)
        out.append(s); total += len(s)
    return "".join(out)
def abbr(n):   # AAAA, AAAB, ...: whole-word capitals, unique
    s = ""
    for _ in range(5): s = chr(65 + n % 26) + s; n //= 26
    return "X" + s
site = """title: Big plan
organisation: Council
release:
  version: "1"
  date: 2015-09-01
pages: content/pages
work_areas:
  - content/wa.yaml
registers:
  - content/register.yaml
glossary: content/glossary.yaml
schedule: content/schedule.yaml
scorecard: content/scorecard.csv
"""
w("content/pages/intro.md", "---\ntitle: Introduction\norder: 1\n---\nThe MASH and the XAAAAB answer [recommendation 1](reg:1).\n")
w("content/wa.yaml", 'number: 1\ntitle: Leadership\naddresses:\n  reg: "1"\nactions:\n  - heading: Leadership\n    rows:\n      - ref: "1.1"\n        what: Lead the MASH.\n        lead: [Director]\n')
w("content/register.yaml", 'id: reg\ntitle: Recommendations\nissuer: Ofsted\nitems:\n  - number: "1"\n    text: Improve.\n')
w("content/glossary.yaml", "terms:\n  - term: Multi Agency Safeguarding Hub\n    abbreviation: MASH\n    description: A team.\n  - term: Example term\n    abbreviation: XAAAAB\n    description: An example.\n")
w("content/schedule.yaml", "months: [Sept 2015, Oct 2015]\ngroups:\n  - heading: External\n    rows:\n      - activity: Board meetings\n")
w("content/scorecard.csv", "group,number,measure,Oct 2014,benchmark\nA,1,Open cases,10,-\n")
if kind == "site.yaml":
    site += "contact:\n  text: |\n" + fill("", lambda n: f"    Line {n} of the contact text, which the MASH answers.\n", size)
elif kind == "page":
    w("content/pages/intro.md", fill("---\ntitle: Introduction\norder: 1\n---\n", lambda n:
        (f"\n## Section {n}\n\n" if n % 40 == 0 else "") +
        f"Paragraph {n}: the MASH and the {abbr(n % 500)} answer [recommendation 1](reg:1) with *care* and `code`.\n\n", size))
elif kind == "work area":
    w("content/wa.yaml", fill('number: 1\ntitle: Leadership\naddresses:\n  reg: "1"\nactions:\n  - heading: Leadership\n    rows:\n',
        lambda n: f'      - ref: "1.{n}"\n        what: Action {n}, which the MASH leads with partners across the county.\n        lead: [Director]\n        timeframe: [Q3 15/16]\n', size))
elif kind == "register":
    w("content/register.yaml", fill("id: reg\ntitle: Recommendations\nissuer: Ofsted\nitems:\n",
        lambda n: f'  - number: "{n}"\n    text: Recommendation {n}, that the MASH improves the timeliness of its work.\n', size))
elif kind == "glossary":
    w("content/glossary.yaml", fill("terms:\n  - term: Multi Agency Safeguarding Hub\n    abbreviation: MASH\n    description: A team.\n",
        lambda n: f"  - term: Term number {n}\n    abbreviation: {abbr(n)}\n    description: The description of term {n}, used in the plan.\n", size))
elif kind == "schedule":
    w("content/schedule.yaml", fill("months: [Sept 2015, Oct 2015]\ngroups:\n  - heading: External\n    rows:\n",
        lambda n: f"      - activity: Activity {n} of the MASH\n        notes:\n          - from: Oct 2015\n            text: Note {n}\n", size))
elif kind == "scorecard":
    w("content/scorecard.csv", fill("group,number,measure,Oct 2014,benchmark\n",
        lambda n: f'Group {n // 100},{n},"Measure {n}, the share of cases seen",{n % 97}%,-\n', size))
w("site.yaml", site)
PY
}

printf '| input | size | exit | time (s) | max RSS (MB) | first line of output |\n| --- | ---: | ---: | ---: | ---: | --- |\n'
status=0
for size_mb in "${sizes[@]}"; do
    bytes=$(python3 -c "print(int(float('$size_mb') * 1000000))")
    for kind in site.yaml page "work area" register glossary schedule scorecard; do
        root="$work/${kind// /-}-$size_mb"
        rm -rf "$root"; mkdir -p "$root"
        generate "$kind" "$bytes" "$root"
        set +e
        /usr/bin/time -v "$plansite" check --root "$root" >"$root.out" 2>"$root.err"
        code=$?
        set -e
        seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f", s }' "$root.err")
        rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$root.err")
        first=$( (grep -v -E '^\s|Command being timed' "$root.err" || true) | head -1 | cut -c1-110 | sed 's/|/\\|/g')
        printf '| %s | %s MB | %s | %s | %s | %s |\n' "$kind" "$size_mb" "$code" "$seconds" "$rss" "$first"
        if [ "$code" -gt 2 ] || awk -v s="$seconds" -v r="$rss" 'BEGIN { exit !(s >= 10 || r >= 500) }'; then status=1; fi
        rm -rf "$root"
    done
done
exit $status
