"""Plain-text articles: headline, dateline, credits, teasers, paragraphs, source, ids."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from newsprism.ingest import read_path
from newsprism.records import Article, Rejection

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"no {prefix}_*.txt in {SEEDS}")
    return matches[0]


def _one(path: Path, **kwargs: object) -> Article:
    items = list(read_path(path, **kwargs))  # type: ignore[arg-type]
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def _write(tmp_path: Path, text: str, name: str = "story.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_000_dateline_credit_and_headline() -> None:
    article = _one(_seed("000"))
    assert article.headline == '"Secret Talks". Just before the invasion'
    assert article.published == datetime(2023, 10, 5)
    assert article.date_precision == "day" and article.date_origin == "dateline"
    assert not any("Oct 5, 2023" in p or "updated:" in p for p in article.paragraphs)
    assert article.credits == ["PAP"]
    assert article.paragraphs[-1].endswith("for fear of their lives.")
    assert "(PAP)" not in article.text
    assert article.language == "en"
    assert article.ingest is not None and article.ingest.extractor == "newsprism.text/1"


def test_seed_004_headline_no_date_no_teasers() -> None:
    article = _one(_seed("004"))
    assert article.headline == "US, Russia, EU held secret meeting in Turkey days before Baku's attack"
    assert article.published is None and article.date_origin is None
    assert not any(p.lower().startswith("read more") for p in article.paragraphs)
    assert article.paragraphs[0].startswith("Parties were attempting")
    assert article.language == "en"


@pytest.mark.parametrize(("line", "expected", "precision"), [
    ("March 3, 2025", datetime(2025, 3, 3), "day"),
    ("Published: 2025-03-04 10:00", datetime(2025, 3, 4, 10, 0), "minute"),
    ("Oct 5, 2023 | updated: 1:58 AM EDT, October 6, 2023", datetime(2023, 10, 5), "day"),
    ("Thursday, 5 October 2023, 14:20", datetime(2023, 10, 5, 14, 20), "minute"),
    # the languages we read: their labels, weekdays and "at" words
    ("5 de marzo de 2025 | actualizado: 21:10, 5 de marzo de 2025", datetime(2025, 3, 5), "day"),
    ("martes, 4 de marzo de 2025 - 10:30", datetime(2025, 3, 4, 10, 30), "minute"),
    ("Publié le 5 mars 2025 à 10h30", datetime(2025, 3, 5, 10, 30), "minute"),
    ("Veröffentlicht am 5. März 2025 um 10:30", datetime(2025, 3, 5, 10, 30), "minute"),
    ("Pubblicato il 5 marzo 2025 alle 10:30", datetime(2025, 3, 5, 10, 30), "minute"),
    ("Publicado em 5 de março de 2025 às 10:30", datetime(2025, 3, 5, 10, 30), "minute"),
    ("Opublikowano: 5 marca 2025 o 10:30", datetime(2025, 3, 5, 10, 30), "minute"),
    ("Gepubliceerd op 5 maart 2025 om 10:30", datetime(2025, 3, 5, 10, 30), "minute"),
    ("Опубликовано: 5 марта 2025, 10:30", datetime(2025, 3, 5, 10, 30), "minute"),
])
def test_dateline_anywhere_in_body_gives_the_date_and_leaves_the_body(
        tmp_path: Path, line: str, expected: datetime, precision: str) -> None:
    path = _write(tmp_path, f"Talks in Istanbul\nFirst paragraph of the story.\n{line}\nSecond paragraph.\n")
    article = _one(path)
    assert (article.published, article.date_precision, article.date_origin) == (expected, precision, "dateline")
    assert article.paragraphs == ["First paragraph of the story.", "Second paragraph."]


def test_update_only_dateline_is_removed_but_not_used_as_publication(tmp_path: Path) -> None:
    article = _one(_write(tmp_path, "Talks in Istanbul\nUpdated: March 3, 2025\nThe story.\n"))
    assert article.published is None
    assert article.paragraphs == ["The story."]


def test_sentence_starting_with_a_date_is_not_a_dateline(tmp_path: Path) -> None:
    article = _one(_write(tmp_path, "Offensive\nOn September 19, 2023, Azerbaijan launched an offensive.\n"))
    assert article.published is None
    assert article.paragraphs == ["On September 19, 2023, Azerbaijan launched an offensive."]


def test_trailing_credit_at_end_of_file_without_newline(tmp_path: Path) -> None:
    article = _one(_write(tmp_path, "Headline\nThey fled abroad for fear of their lives. (Reuters)"))
    assert article.credits == ["Reuters"]
    assert article.paragraphs == ["They fled abroad for fear of their lives."]


def test_credit_on_its_own_last_line(tmp_path: Path) -> None:
    article = _one(_write(tmp_path, "Headline\nThe story ends here.\n(AP)\n"))
    assert article.credits == ["AP"] and article.paragraphs == ["The story ends here."]


def test_credit_glued_to_following_text_is_warned_about(tmp_path: Path) -> None:
    text = "Headline\nThey fled for fear of their lives. (PAP)US, Russia, EU held secret meeting in Turkey\n"
    article = _one(_write(tmp_path, text))
    assert article.ingest is not None
    assert any("glued" in w and "more than one article" in w for w in article.ingest.warnings)


def test_parenthesised_acronym_inside_text_is_not_a_credit(tmp_path: Path) -> None:
    article = _one(_write(tmp_path, "Headline\nTurkey is a member of the North Atlantic alliance (NATO)\n"))
    assert article.credits == []
    assert article.paragraphs[-1].endswith("(NATO)")


@pytest.mark.parametrize("teaser", [
    "Read more: Armenia's Pashinyan not intending to resign",
    "READ MORE: Armenia files a lawsuit",
    "Also read: another story",
    "Related: more from the region",
    "Subscribe to our newsletter",
    "Follow us on Twitter for updates",
])
def test_teaser_lines_are_removed(tmp_path: Path, teaser: str) -> None:
    article = _one(_write(tmp_path, f"Headline\nFirst paragraph.\n{teaser}\nLast paragraph.\n"))
    assert article.paragraphs == ["First paragraph.", "Last paragraph."]


def test_sentence_mentioning_related_matters_is_kept(tmp_path: Path) -> None:
    body = "Related matters were discussed by the ministers at length."
    assert _one(_write(tmp_path, f"Headline\n{body}\n")).paragraphs == [body]


def test_each_line_is_a_paragraph_without_blank_lines(tmp_path: Path) -> None:
    article = _one(_write(tmp_path, "  Headline with spaces  \nLine one.\nLine two.\n"))
    assert article.headline == "Headline with spaces"
    assert article.paragraphs == ["Line one.", "Line two."]


def test_wrapped_paragraphs_between_blank_lines_are_joined(tmp_path: Path) -> None:
    text = "Headline\n\nThe first paragraph is wrapped\nacross two lines with a hyphen-\nated word.\n\nSecond one.\n"
    article = _one(_write(tmp_path, text))
    assert article.paragraphs == ["The first paragraph is wrapped across two lines with a hyphenated word.",
                                  "Second one."]


def test_source_argument_names_the_outlet(tmp_path: Path) -> None:
    article = _one(_write(tmp_path, "Headline\nBody.\n"), source="Politico")
    assert article.source == "Politico"
    assert article.ingest is not None and article.ingest.warnings == []


def test_missing_source_is_a_warning(tmp_path: Path) -> None:
    article = _one(_write(tmp_path, "Headline\nBody.\n"))
    assert article.source is None
    assert article.ingest is not None and any(w.startswith("no outlet known; pass --source") for w in article.ingest.warnings)


def test_only_a_headline_is_rejected(tmp_path: Path) -> None:
    [item] = read_path(_write(tmp_path, "Just a headline\n"))
    assert isinstance(item, Rejection) and "only a headline" in item.problem


def test_same_article_twice_has_the_same_id(tmp_path: Path) -> None:
    first = _one(_write(tmp_path, "Headline\nBody text here.\n", "a.txt"))
    second = _one(_write(tmp_path, "Headline\r\n\r\n  Body text here.  \r\n", "b.txt"))
    as_json = tmp_path / "c.json"
    as_json.write_text('[{"title": "Headline", "text": "Body text here."}]', encoding="utf-8")
    third = _one(as_json)
    assert first.id == second.id == third.id


def test_format_argument_skips_detection(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"not": "json really"}\nBody line.\n', "odd.json")
    article = _one(path, format="text")
    assert article.headline == '{"not": "json really"}'


def test_unknown_format_argument_raises_config_error(tmp_path: Path) -> None:
    from newsprism.errors import ConfigError

    with pytest.raises(ConfigError):
        read_path(_write(tmp_path, "Headline\nBody.\n"), format="docx")


@pytest.mark.parametrize("line", ["Mis à jour le 6 mars 2025", "Aktualisiert am 5. März 2025, 10:30",
                                  "Última actualización: 6 de marzo de 2025", "Обновлено: 6 марта 2025"])
def test_an_update_line_in_any_language_is_no_publication_date(line: str) -> None:
    from newsprism.ingest._dates import parse_dateline

    assert parse_dateline(line) == (None, None)


@pytest.mark.parametrize("line", ["El 5 de marzo de 2025 hubo un sismo en la región.",
                                  "Le 5 mars 2025, le gouvernement a annoncé sa démission."])
def test_a_sentence_starting_with_a_date_is_not_a_dateline(line: str) -> None:
    from newsprism.ingest._dates import parse_dateline

    assert parse_dateline(line) is None
