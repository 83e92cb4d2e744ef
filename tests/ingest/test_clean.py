"""Shared cleaning: boilerplate lines and agency credits."""

from __future__ import annotations

import pytest

from newsprism.ingest._clean import clean_paragraphs, is_boilerplate, strip_trailing_credits


@pytest.mark.parametrize("line", [
    "Read more: Armenia files a lawsuit", "READ MORE:", "Also read: x", "Read also - x", "Related: x",
    "Related articles", "See also: x", "Subscribe to our newsletter", "Sign up for our daily briefing",
    "Advertisement", "Czytaj też: x", "Читайте также: x", "© 2024 Daily Planet. All rights reserved.",
])
def test_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Related matters were discussed at length.",
    "Readers were asked to send more information.",
    "He said he would read more about it later and respond.",
])
def test_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(("last", "body", "credits"), [
    ("for fear of their lives. (PAP)", "for fear of their lives.", ["PAP"]),
    ("said the minister (Reuters)", "said the minister", ["Reuters"]),
    ("it ended. (PAP/AFP)", "it ended.", ["PAP/AFP"]),
    ("they said. (BWS)", "they said.", ["BWS"]),
    ("it ended. (XYZ)", "it ended.", ["XYZ"]),
    ("a member of the alliance (NATO)", "a member of the alliance (NATO)", []),
    ("he said (see above)", "he said (see above)", []),
])
def test_trailing_credits(last: str, body: str, credits: list[str]) -> None:
    assert strip_trailing_credits(["First.", last]) == (["First.", body], credits)


def test_clean_paragraphs_drops_separators_and_collapses_space() -> None:
    paragraphs, credits, warnings = clean_paragraphs(["  One\u00a0 two  ", "***", "Soft\u00adhyphen"])
    assert paragraphs == ["One two", "Softhyphen"]
    assert credits == [] and warnings == []
