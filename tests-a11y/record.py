"""record.py: keeps content/accessibility-checks.json, the results of the last
browser and validator checks that the accessibility statement publishes,
in step with the checks just run.

    python tests-a11y/record.py FRESH_REPORT RECORDED_FILE

Writes RECORDED_FILE from the stable part of FRESH_REPORT (tool versions, what
was checked, counts). With CI=true it does not write: it fails if the recorded
results differ from the fresh ones, so that a published statement never
describes checks that were not run on that content.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import checks


def stable(report: dict) -> dict:
    return {
        "tools": report["tools"],
        "pages_checked": report["pages_checked"],
        "epubs_checked": report["epubs_checked"],
        "counts": report["counts"],
        "widths": list(checks.DEFAULT_WIDTHS),
        "axe_tags": list(checks.AXE_TAGS),
    }


def main() -> int:
    fresh_path, recorded_path = Path(sys.argv[1]), Path(sys.argv[2])
    fresh = json.dumps(stable(json.loads(fresh_path.read_text())), indent=2, sort_keys=True) + "\n"
    recorded = recorded_path.read_text() if recorded_path.exists() else ""
    if fresh == recorded:
        print(f"record: {recorded_path} matches the checks just run")
        return 0
    if os.environ.get("CI") == "true":
        print(f"record: {recorded_path} differs from the checks just run; run scripts/test.sh and commit the file it writes.\n"
              f"recorded:\n{recorded}\nfresh:\n{fresh}", file=sys.stderr)
        return 1
    recorded_path.write_text(fresh)
    print(f"record: wrote {recorded_path}: commit it, so that the accessibility statement publishes these results")
    return 0


if __name__ == "__main__":
    sys.exit(main())
