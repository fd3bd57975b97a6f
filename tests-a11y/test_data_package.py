"""pytest: the built site's CSV open data and its Frictionless Data Package
(data/datapackage.json) validate with `frictionless validate`, describe every
CSV file of data/, and agree with data/plan.json."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SITE = Path(os.environ.get("PLANSITE_OUTPUT") or HERE.parent / "output").resolve()
DATA = SITE / "data"


def package() -> dict:
    path = DATA / "datapackage.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the site first", pytrace=False)
    return json.loads(path.read_text())


def rows(name: str) -> list[dict]:
    raw = (DATA / f"{name}.csv").read_bytes()
    raw.decode("utf-8")  # UTF-8 throughout
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_frictionless_validate_passes():
    cli = Path(sys.executable).parent / "frictionless"
    proc = subprocess.run([str(cli), "validate", "--json", str(DATA / "datapackage.json")],
                          capture_output=True, text=True, cwd=DATA)
    report = json.loads(proc.stdout)
    errors = [e for t in report.get("tasks", []) for e in t.get("errors", [])] + report.get("errors", [])
    assert proc.returncode == 0 and report["valid"], json.dumps(errors[:10], indent=1)


def test_every_csv_is_described_with_licence_and_release():
    p = package()
    described = {r["path"] for r in p["resources"]}
    assert described == {f.name for f in DATA.glob("*.csv")}
    assert p["licenses"][0]["name"] == "OGL-UK-3.0"
    assert p["version"] == json.loads((DATA / "plan.json").read_text())["site"]["version"]
    for r in p["resources"]:
        header = (DATA / r["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for f in r["schema"]["fields"]]


def test_csv_agrees_with_plan_json():
    plan = json.loads((DATA / "plan.json").read_text())
    actions = rows("actions")
    assert [a["ref"] for a in actions] == [a["ref"] for a in plan["actions"]]
    by_ref = {a["ref"]: a for a in plan["actions"]}
    for a in actions:
        assert a["repeat_of"] == by_ref[a["ref"]].get("repeatOf", "")
        assert a["leads"].split("; ") == by_ref[a["ref"]]["leads"] or not a["leads"]
    items = rows("register-items")
    assert len(items) == sum(len(r["items"]) for r in plan["registers"])
    updates = rows("updates")
    assert len(updates) == sum(len(r["updates"]) for r in plan["progress"]["reports"])
    assert (DATA / "actions.csv").read_bytes().endswith(b"\r\n")
