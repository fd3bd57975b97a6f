"""pytest: the built site's open data (data/plan.json) matches its documented
shape (docs/plan.schema.json), and the schema really rejects a wrong shape."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import jsonschema
import pytest

HERE = Path(__file__).resolve().parent
SITE = Path(os.environ.get("PLANSITE_OUTPUT") or HERE.parent / "output").resolve()
SCHEMA = json.loads((HERE.parent / "docs" / "plan.schema.json").read_text())


def plan() -> dict:
    path = SITE / "data" / "plan.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the site first", pytrace=False)
    return json.loads(path.read_text())


def test_schema_is_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_plan_json_matches_its_documented_shape():
    jsonschema.Draft202012Validator(SCHEMA).validate(plan())


@pytest.mark.parametrize("breakage", [
    lambda d: d["actions"][0].pop("ref"),
    lambda d: d["actions"][0].__setitem__("ref", "one.two"),
    lambda d: d["registers"][0]["items"][0]["addressedBy"].__setitem__("workAreas", ["1"]),
    lambda d: d["measures"][0]["observations"][0].__setitem__("value", 52),
    lambda d: d.__setitem__("extra", True),
])
def test_schema_rejects_a_wrong_shape(breakage):
    doc = copy.deepcopy(plan())
    breakage(doc)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(doc)
