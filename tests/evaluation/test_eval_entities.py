"""Quality gate: entity resolution on MEANTIME and ECB+ must not fall below the recorded
figures (tests/baselines/entities.json), and must beat exact string matching."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.evaluation.entities import render, run

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
BASELINE = json.loads((Path(__file__).resolve().parents[1] / "baselines" / "entities.json").read_text())
TOLERANCE = 0.005  # float noise only


@pytest.fixture(scope="module")
def result() -> dict:
    if not (DATA / "meantime").is_dir() and not (DATA / "ecbplus").is_dir():
        pytest.skip(f"gold data absent: expected MEANTIME and/or ECB+ under {DATA}")
    return run(DATA)


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["meantime", "ecbplus"])
def test_resolver_does_not_fall_below_baseline(result: dict, corpus: str):
    figures = result[corpus]
    if "missing" in figures:
        pytest.skip(f"{corpus} gold data absent at {figures['missing']}")
    recorded = BASELINE[corpus]["resolver"]
    for metric in ("f1", "bcubed_f1"):
        got = figures["resolver"][metric]
        assert got >= recorded[metric] - TOLERANCE, (
            f"{corpus} {metric} {got} < baseline {recorded[metric]}\n{render(result)}")


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["meantime", "ecbplus"])
def test_resolver_beats_exact_string_match(result: dict, corpus: str):
    figures = result[corpus]
    if "missing" in figures:
        pytest.skip(f"{corpus} gold data absent at {figures['missing']}")
    assert figures["resolver"]["f1"] > figures["exact_match"]["f1"]
    assert figures["mentions"] == BASELINE[corpus]["mentions"], "the gold mention selection changed"


def test_run_reports_missing_corpora(tmp_path: Path):
    result = run(tmp_path)
    assert set(result) == {"meantime", "ecbplus"}
    assert all("missing" in figures for figures in result.values())
    assert "no data" in render(result)
