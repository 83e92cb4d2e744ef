"""Reprint detection: near-duplicates, truncated copies, lineage and word diffs."""

from __future__ import annotations

from datetime import datetime, timedelta

from newsprism.records import Article
from newsprism.stories import ReprintDetector, find_reprints, word_diff

T0 = datetime(2024, 5, 6, 8, 0)

WIRE_BODY = [
    "Firefighters battled a large blaze at a chemical warehouse on the outskirts of Rotterdam "
    "for most of Tuesday night, the city's emergency services said in a statement.",
    "Residents of three nearby districts were told to keep windows and doors closed as a thick "
    "plume of black smoke drifted over the port, and two schools will stay shut on Wednesday.",
    "Nobody was injured, according to the statement, but one firefighter was treated for "
    "exhaustion. The cause of the fire is not yet known and an investigation has begun.",
    "The warehouse, owned by a logistics company, stored cleaning products and plastics, the "
    "local council said, adding that air quality measurements showed no danger to health.",
]


def wire(**kwargs) -> Article:  # type: ignore[no-untyped-def]
    return Article.create("Fire at Rotterdam chemical warehouse", WIRE_BODY, **kwargs)


def truncated_copy(**kwargs) -> Article:  # type: ignore[no-untyped-def]
    # A regional site runs the first two paragraphs, with one word changed and a credit.
    body = [WIRE_BODY[0].replace("large blaze", "huge blaze"), WIRE_BODY[1], "(ANP)"]
    return Article.create("Fire at Rotterdam chemical warehouse", body, **kwargs)


def unrelated(**kwargs) -> Article:  # type: ignore[no-untyped-def]
    return Article.create("Budget passes", [
        "The parliament passed the budget on Tuesday night after a debate that lasted two days, "
        "with the opposition voting against and one coalition member abstaining.",
        "The finance minister said the plan would bring the deficit under three percent next year."],
        **kwargs)


def test_truncated_copy_is_found_with_the_earlier_article_as_original() -> None:
    original = wire(published=T0, source="ANP")
    copy = truncated_copy(published=T0 + timedelta(hours=2), source="Regio")
    detector = ReprintDetector()
    assert detector.add(original) == []
    assert detector.add(unrelated(published=T0)) == []
    found = detector.add(copy)
    assert len(found) == 1
    reprint = found[0]
    assert (reprint.copy_id, reprint.original_id) == (copy.id, original.id)
    assert reprint.containment >= 0.8  # most of the copy's shingles are in the original
    assert reprint.similarity < 0.6  # Jaccard alone would miss a copy cut to half


def test_original_arriving_after_its_copy_takes_over_the_lineage() -> None:
    original = wire(published=T0)
    copy = truncated_copy(published=T0 + timedelta(hours=2))
    detector = ReprintDetector()
    detector.add(copy)
    found = detector.add(original)
    assert [(r.copy_id, r.original_id) for r in found] == [(copy.id, original.id)]
    assert detector.original_of(copy.id) == original.id


def test_copy_diff_lists_the_changed_and_dropped_words() -> None:
    original = wire(published=T0)
    copy = truncated_copy(published=T0 + timedelta(hours=1))
    [reprint] = find_reprints([original, copy])
    ops = {(d["op"], d["original"], d["copy"]) for d in reprint.diff}
    assert ("replace", "large", "huge") in ops
    deleted = [d for d in reprint.diff if d["op"] in {"delete", "replace"} and "warehouse, owned" in d["original"]]
    assert deleted, "the cut paragraphs appear as removed text"
    inserted = [d for d in reprint.diff if "(ANP)" in d["copy"]]
    assert inserted


def test_same_time_tie_goes_to_the_shortest_then_first_added() -> None:
    longer = wire(published=T0)
    shorter = truncated_copy(published=T0)
    relations = find_reprints([longer, shorter])
    assert [(r.copy_id, r.original_id) for r in relations] == [(longer.id, shorter.id)]


def test_undated_copies_point_at_a_dated_original() -> None:
    original = wire(published=T0)
    undated = truncated_copy()
    relations = find_reprints([undated, original])
    assert [(r.copy_id, r.original_id) for r in relations] == [(undated.id, original.id)]


def test_dated_wire_is_not_made_a_copy_of_a_date_only_page_of_the_same_day() -> None:
    # the wire says 09:40; the page says only "May 6": any time that day, not midnight
    timed_wire = wire(published=T0.replace(hour=9, minute=40), date_precision="minute", source="ANP")
    page = truncated_copy(published=T0.replace(hour=0, minute=0), date_precision="day", source="Regio")
    relations = find_reprints([page, timed_wire])
    assert [(r.copy_id, r.original_id) for r in relations] == [(page.id, timed_wire.id)]
    # a page dated the day before is still earlier than the wire
    earlier = truncated_copy(published=T0 - timedelta(days=1), date_precision="day", source="Regio")
    relations = find_reprints([timed_wire, earlier])
    assert [(r.copy_id, r.original_id) for r in relations] == [(timed_wire.id, earlier.id)]


def test_three_copies_share_one_original() -> None:
    original = wire(published=T0)
    copy_a = truncated_copy(published=T0 + timedelta(hours=1))
    copy_b = Article.create("Rotterdam warehouse fire", WIRE_BODY + ["More to follow."],
                            published=T0 + timedelta(hours=3))
    relations = find_reprints([copy_b, copy_a, original])
    assert {(r.copy_id, r.original_id) for r in relations} == {(copy_a.id, original.id),
                                                               (copy_b.id, original.id)}


def test_unrelated_and_headline_only_articles_are_not_reprints() -> None:
    short_a = Article.create("Fire at Rotterdam chemical warehouse", [], published=T0)
    assert find_reprints([wire(published=T0), unrelated(published=T0), short_a]) == []


def test_word_diff_reports_inserts_and_deletes() -> None:
    diff = word_diff("one two three four", "one three four five")
    assert {"op": "delete", "original": "two", "copy": "", "position": 1} in diff
    assert {"op": "insert", "original": "", "copy": "five", "position": 4} in diff


def test_from_config_uses_the_configured_thresholds() -> None:
    from newsprism.config import load_config

    detector = ReprintDetector.from_config(load_config())
    assert (detector.similarity, detector.containment) == (0.6, 0.8)


def test_any_cut_of_a_text_shares_a_winnowed_sample_with_it() -> None:
    # Winnowing's guarantee: a shared run of WINNOW_WINDOW shingles shares a sample, so a
    # copy cut to any slice of its original is found through the containment index.
    import random

    from newsprism.stories.reprints import SHINGLE_WORDS, WINNOW_WINDOW, _shingle_sequence, winnow

    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(300)]
    for _ in range(200):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(40, 160)))
        tokens = text.split()
        start = rng.randrange(0, len(tokens) - (WINNOW_WINDOW + SHINGLE_WORDS))
        end = rng.randint(start + WINNOW_WINDOW + SHINGLE_WORDS - 1, len(tokens))
        cut = " ".join(tokens[start:end])
        assert winnow(_shingle_sequence(cut)) & winnow(_shingle_sequence(text))


def test_short_cut_copy_with_few_shingles_is_still_found() -> None:
    # 55 shingles cut from 80: the case that a one-in-eight hash sample could miss
    body = [
        "About 2,300 dockworkers walked off the job at the port of Lindholm on Monday, halting container traffic.",
        "The Lindholm Dockworkers' Union said the 48-hour strike was a protest against a plan to automate two "
        "terminals.",
        "Port director Mette Solberg said the automation plan would not cost a single permanent job.",
        "Union leader Arvid Holm said members had voted 87 percent in favour of the walkout.",
        "Shipping lines diverted several vessels to Gdansk and Klaipeda, agents said.",
    ]
    original = Article.create("Dockworkers strike", body, language="en", published=T0)
    copy = Article.create("Port halted", body[:3], language="en", published=T0 + timedelta(hours=5))
    [found] = find_reprints([original, copy])
    assert (found.copy_id, found.original_id) == (copy.id, original.id)
