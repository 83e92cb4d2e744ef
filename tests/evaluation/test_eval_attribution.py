"""Attribution extraction on PolNeAR dev must not fall below the recorded baseline.

Runs the real pipeline (spaCy + newsprism.analyse.quotes) on the first 25 dev texts
sorted by name; the full dev-set figures are in the same baseline file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.evaluation.attribution import (GoldAttribution, Predicted, load_document, render,
                                              run, score_document)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear" / "dev"
BASELINE = Path(__file__).resolve().parents[1] / "baselines" / "attribution.json"
SUBSET = 25
TOLERANCE = 0.005  # float noise only


def test_load_document_reads_discontinuous_spans_and_missing_sources(tmp_path):
    ann = tmp_path / "doc_abcd.ann"
    ann.write_text(
        "T1\tSource 0 5\tSmith\n"
        "T2\tCue 6 10\tsaid\n"
        "T3\tContent 11 20;30 40\tcontent one and two\n"
        "T4\tAttribution 6 10\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tContent 50 60\tno source\n"
        "T6\tCue 61 65\tseen\n"
        "T7\tAttribution-no-source 61 65\tseen\n"
        "E2\tAttribution-no-source:T7 Cue:T6 Content:T5\n", encoding="utf-8")
    gold = load_document(ann)
    assert [(g.content, g.cue, g.source) for g in gold] == [
        ([(11, 20), (30, 40)], [(6, 10)], [(0, 5)]),
        ([(50, 60)], [(61, 65)], None),
    ]


def test_score_document_matches_half_overlap_one_to_one():
    gold = [GoldAttribution(content=[(0, 100)], cue=[(110, 114)], source=[(120, 125)]),
            GoldAttribution(content=[(200, 240)], cue=[(190, 194)], source=None)]
    pred = [Predicted(content=[(10, 90)], cue=[(110, 114)], source=[(118, 123)]),
            Predicted(content=[(0, 40)], cue=[], source=None),  # second match for gold 0: unmatched
            Predicted(content=[(230, 300)], cue=[(190, 194)], source=None)]  # 10/40 overlap: too little
    counts = score_document(pred, gold)
    assert counts["content_tp"] == 1 and counts["source_tp"] == 1 and counts["cue_tp"] == 2
    assert counts["n_pred"] == 3 and counts["n_gold"] == 2


@pytest.mark.slow
def test_attribution_on_polnear_dev_subset_at_least_baseline():
    if not DATA.is_dir() or not any((DATA / "attributions").glob("*.ann")):
        pytest.skip(f"PolNeAR dev data not found at {DATA}; put text/ and attributions/ there "
                    "to run this evaluation")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))["first25"]
    result = run(DATA, limit=SUBSET)
    print(render(result))
    assert result["gold_attributions"] == baseline["gold_attributions"], \
        "the gold subset changed; re-record the baseline"
    for measure in ("content", "content_source", "cue"):
        for figure in ("precision", "recall", "f1"):
            assert result[measure][figure] >= baseline[measure][figure] - TOLERANCE, (measure, figure)
