"""Date/time extraction on TempEval-3 TBAQ must not fall below the recorded baseline.

Runs the real pipeline (spaCy candidates + newsprism.analyse.dates) on the first 40
TimeML files sorted by name; the full-corpus figures are in the same baseline file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.evaluation.dates import read_timeml, render, run

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "timeline" / "tempeval3-tbaq"
BASELINE = Path(__file__).resolve().parents[1] / "baselines" / "dates.json"
SUBSET = 40
TOLERANCE = 0.005  # float noise only


def _require_data() -> None:
    if not DATA.is_dir() or not any(DATA.rglob("*.tml")):
        pytest.skip(f"TempEval-3 TBAQ data not found at {DATA}; "
                    "put the TimeML .tml files there to run this evaluation")


def test_read_timeml_maps_gold_offsets_into_the_stripped_text(tmp_path):
    source = ('<?xml version="1.0" ?>\n<TimeML>\n<DCT><TIMEX3 tid="t0" type="DATE" '
              'value="1998-11-20" functionInDocument="CREATION_TIME">1998-11-20</TIMEX3></DCT>\n'
              '<TEXT>\nAT&amp;T <EVENT eid="e1">said</EVENT> <TIMEX3 tid="t1" type="DATE" '
              'value="1998-11-20">Friday</TIMEX3> it grew.\n</TEXT>\n</TimeML>\n')
    path = tmp_path / "doc.tml"
    path.write_text(source, encoding="utf-8")
    document = read_timeml(path)
    assert document.published.isoformat() == "1998-11-20T00:00:00"
    assert [(g.text, g.type, g.value) for g in document.gold] == [("Friday", "DATE", "1998-11-20")]
    gold = document.gold[0]
    assert document.text[gold.start:gold.end] == "Friday"
    assert "AT&T said Friday" in document.text


@pytest.mark.slow
def test_dates_on_tbaq_subset_at_least_baseline():
    _require_data()
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))["first40"]
    result = run(DATA, limit=SUBSET)
    print(render(result))
    assert result["gold"] == baseline["gold"], "the gold subset changed; re-record the baseline"
    for figure in ("found", "value_accuracy", "exact_value_accuracy", "precision", "value_f1", "value_f1_strict"):
        assert result[figure] >= baseline[figure] - TOLERANCE, (
            f"{figure} fell to {result[figure]} (baseline {baseline[figure]})")
    for kind, row in baseline["by_type"].items():
        assert result["by_type"][kind]["value_accuracy"] >= row["value_accuracy"] - TOLERANCE, (
            f"{kind} value accuracy fell to {result['by_type'][kind]['value_accuracy']}")
