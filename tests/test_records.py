"""Records to plain JSON and back: what the store keeps (cached briefs, analyses) reads
back as the same records, and what leaves as JSON text is strict JSON."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from newsprism.records import from_dict, to_dict, to_json


@dataclass
class Leaf:
    when: Optional[datetime]
    value: float
    tags: list[str] = field(default_factory=list)


@dataclass
class Tree:
    name: str
    leaves: list[Leaf]
    by_name: dict[str, Leaf]
    best: Leaf | None = None
    span: tuple[int, ...] = ()
    moments: list[Optional[datetime]] = field(default_factory=list)


def tree() -> Tree:
    a = Leaf(datetime(2025, 3, 10, 8, 30), 1.5, ["x"])
    b = Leaf(None, 2.0)
    return Tree("t", [a, b], {"a": a}, best=b, span=(1, 2), moments=[datetime(2025, 1, 1), None])


def test_nested_records_read_back_equal():
    original = tree()
    back = from_dict(Tree, json.loads(json.dumps(to_dict(original))))
    assert back == original
    assert isinstance(back.leaves[0].when, datetime) and back.span == (1, 2)
    assert back.moments == [datetime(2025, 1, 1), None]


def test_missing_fields_take_their_defaults_and_none_stays_none():
    back = from_dict(Tree, {"name": "t", "leaves": [], "by_name": {}, "best": None})
    assert back == Tree("t", [], {})


def test_json_text_has_null_for_values_that_are_not_numbers_indented_or_not():
    t = tree()
    t.leaves[1].value = float("nan")
    for indent in (None, 2):
        data = json.loads(to_json(t, indent=indent))  # strict JSON: json.loads accepts it, and so would jq
        assert data["leaves"][1]["value"] is None and data["best"]["value"] is None
        assert data["leaves"][0]["value"] == 1.5
    assert "\n" in to_json(t, indent=2) and "\n" not in to_json(t)
    assert math.isnan(t.leaves[1].value)  # the record itself is left as it was
