"""Story clustering on a subset of the shared gold data must not fall below the baseline.

The subset (3 ECB+ topics = 6 gold stories, and 20 MEANTIME articles each in four
languages) keeps the spaCy analysis short; the full-file figures are recorded beside it
in tests/baselines/stories.json for reference (``python -m newsprism.evaluation.stories``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
GOLD = DATA / "stories-dev.jsonl"
BASELINE = Path(__file__).resolve().parents[1] / "baselines" / "stories.json"
TOLERANCE = 0.005


@pytest.fixture(scope="module")
def subset_result() -> dict:
    if not GOLD.exists():
        pytest.skip(f"gold data not found at {GOLD} (only present beside the project checkout)")
    from newsprism.evaluation.stories import run

    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    return run(GOLD, limit=baseline["subset"]["limit"], workers=1)


def _recorded() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))["subset"]["bcubed_f1"]


@pytest.mark.slow
@pytest.mark.parametrize("stream", ["ecbplus", "meantime", "mixed"])
def test_story_clustering_subset_does_not_fall_below_baseline(subset_result: dict, stream: str) -> None:
    block = subset_result["mixed"] if stream == "mixed" else subset_result["datasets"][stream]
    recorded = _recorded()[stream]
    assert block["with_embeddings"]["bcubed"]["f1"] >= recorded["with_embeddings"] - TOLERANCE
    assert block["without_embeddings"]["bcubed"]["f1"] >= recorded["without_embeddings"] - TOLERANCE


@pytest.mark.slow
def test_render_shows_ours_beside_the_baseline(subset_result: dict) -> None:
    from newsprism.evaluation.stories import render

    table = render(subset_result)
    assert "tfidf+agglomerative" in table and "online + consolidation" in table and "online " in table
    assert "mixed" in table
