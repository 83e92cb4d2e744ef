"""The demo corpus's planted numbers, relative dates, citations and quotes are extracted.

Each planted item names its article and the exact phrase; the share found is held to the
baseline in tests/baselines/demo_extraction.json (raise it when extraction improves)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BASELINE = json.loads((Path(__file__).resolve().parents[1] / "baselines" / "demo_extraction.json").read_text())


def _span(article, text):
    start = article.full_text.find(text)
    assert start >= 0, f"planted text {text!r} not in {article.headline!r}"
    return start, start + len(text)


def _overlaps(a_start, a_end, b_start, b_end):
    return a_start < b_end and b_start < a_end


def planted_numbers(demo_truth, demo_articles):
    found, misses = 0, []
    for item in demo_truth["numbers"]:
        article, analysis = demo_articles[item["headline"]]
        start, end = _span(article, item["text"])
        # vague counts ("hundreds") carry no value in the truth, only their qualifier
        hit = [q for q in analysis.quantities if _overlaps(q.start, q.end, start, end)
               and (item["value"] is None or q.value == item["value"]) and q.qualifier == item["qualifier"]]
        found += bool(hit)
        if not hit:
            misses.append(item["text"])
    return found / len(demo_truth["numbers"]), misses


def _anchor_date(t):
    from datetime import date, timedelta

    if not t.value or t.offset_days is None or len(t.value) < 10:
        return None
    return (date.fromisoformat(t.value[:10]) - timedelta(days=t.offset_days)).isoformat()


def planted_relative_dates(demo_truth, demo_articles):
    found, misses = 0, []
    for item in demo_truth["relative_dates"]:
        article, analysis = demo_articles[item["headline"]]
        start, end = _span(article, item["text"])
        # "two days after the quake" dates its sentence's event; the truth may name that
        # date or the anchor's (the quake's): value - offset_days. Either is resolved.
        hit = [t for t in analysis.times if _overlaps(t.start, t.end, start, end)
               and item["resolves_to"][:10] in {(t.value or "")[:10], _anchor_date(t)}]
        found += bool(hit)
        if not hit:
            misses.append(item["text"])
    return found / len(demo_truth["relative_dates"]), misses


def planted_citations(demo_truth, demo_articles):
    from newsprism.analyse.entities import entity_key

    found, misses = 0, []
    for item in demo_truth["citations"]:
        _, analysis = demo_articles[item["headline"]]
        want = entity_key(item["cites"])
        hit = [c for c in analysis.citations if want and (want in c.key or c.key in want) and c.key]
        if item["kind"] == "anonymous":
            hit = [c for c in analysis.citations if c.kind in {"anonymous", "official"}]
        found += bool(hit)
        if not hit:
            misses.append(f"{item['headline'][:30]} -> {item['cites']}")
    return found / len(demo_truth["citations"]), misses


def planted_quotes(demo_truth, demo_articles):
    found = total = 0
    misses = []
    for group in demo_truth["quotes"]:
        for v in group["variants"]:
            article, analysis = demo_articles[v["headline"]]
            start, end = _span(article, v["text"])
            total += 1
            hit = [q for q in analysis.quotes if _overlaps(q.content.start, q.content.end, start, end)]
            found += bool(hit)
            if not hit:
                misses.append(v["text"][:40])
    return found / total, misses


@pytest.mark.parametrize("name,measure", [
    ("numbers", planted_numbers), ("relative_dates", planted_relative_dates),
    ("citations", planted_citations), ("quotes", planted_quotes),
])
def test_planted_items_are_extracted(name, measure, demo_truth, demo_articles):
    share, misses = measure(demo_truth, demo_articles)
    assert share >= BASELINE[name] - 0.005, f"{name}: {share:.3f} < baseline {BASELINE[name]}; missed {misses}"


def test_name_variants_are_person_mentions(demo_truth, demo_articles):
    """Every planted spelling of a person's name is recognised as a name in its article."""
    for item in demo_truth["name_variants"]:
        if item["type"] != "PERSON":
            continue
        for variant in [item["canonical"], *item["variants"]]:
            holders = [(a, an) for a, an in demo_articles.values() if variant in a.full_text]
            for article, analysis in holders:
                start = article.full_text.find(variant)
                labels = {e.label for e in analysis.entities if _overlaps(e.start, e.end, start, start + len(variant))}
                assert labels & {"PERSON", "NAME"}, f"{variant!r} in {article.headline!r}: {labels}"
