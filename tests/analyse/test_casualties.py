"""Casualty counts read as what they count (issue: counts on real coverage)."""

from __future__ import annotations

import pytest

from newsprism.analyse._nlp import load_pipeline
from newsprism.analyse.casualties import read_casualties


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("en")


def _read(nlp, text: str, headline: bool = False) -> list[tuple[str, float]]:
    doc = nlp(text)
    return [(c.kind, c.value) for c in read_casualties(doc, nlp, headline_end=len(text) if headline else 0)]


@pytest.mark.parametrize("text, expected", [
    ("Ten people were shot and one killed.", [("shot", 10), ("dead", 1)]),
    ("The gunman opened fire, wounding two officers and three civilians.", [("injured", 5)]),
    ("An infant and two women were killed.", [("dead", 3)]),
    ("A man was shot and killed on Friday.", [("dead", 1)]),
    ("Four people were shot, one fatally, early Sunday.", [("shot", 4), ("dead", 1)]),
    ("A shooting in the Seventh ward left one man dead and a Louisiana State trooper injured.",
     [("dead", 1), ("injured", 1)]),
    ("The shooting killed one person and wounded eight others over the weekend.", [("dead", 1), ("injured", 8)]),
    ("Two men were killed while two officers and a woman suffered non-life-threatening gunshot wounds.",
     [("dead", 2), ("injured", 3)]),
    ("The death toll rose to 19 on Thursday, officials said.", [("dead", 19)]),
])
def test_counts_are_read_as_what_they_count(nlp, text, expected):
    assert _read(nlp, text) == expected


@pytest.mark.parametrize("headline, expected", [
    ("7 shot, 3 dead outside of Rochester Boys & Girls Club", [("shot", 7), ("dead", 3)]),
    ("Man Killed, 3 Wounded At NYE Party In Hawthorne", [("dead", 1), ("injured", 3)]),
    ("One dead, eight injured after Prospect shooting spree", [("dead", 1), ("injured", 8)]),
])
def test_headline_lists_are_read(nlp, headline, expected):
    assert _read(nlp, headline, headline=True) == expected


@pytest.mark.parametrize("text", [
    "The woman lost her husband and three daughters, and she was killed in 2012.",  # daughters are no toll
    "No one else was injured.",  # zero counts are not reported
    "Boy, 8, dies in apparent accidental shooting.",  # an age, not a count
    "The suspect shot at officers before fleeing.",  # shot at: nobody hit
    "He called 911 before the shooting.",
])
def test_what_is_not_a_toll(nlp, text):
    found = _read(nlp, text)
    assert all(value not in {3, 8, 911, 0} for _, value in found), found
