"""JSON Lines, JSON and CSV records: field mapping, extras, dates, bad records."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from newsprism.errors import ConfigError
from newsprism.ingest import read_path
from newsprism.records import Article, Rejection


def _read(tmp_path: Path, name: str, content: str, **kwargs: object) -> list[Article | Rejection]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return list(read_path(path, **kwargs))  # type: ignore[arg-type]


def _jsonl(*records: object) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_jsonl_default_fields_and_extras(tmp_path: Path) -> None:
    record = {"headline": "Talks in Istanbul", "body": "First paragraph.\nSecond paragraph.",
              "link": "https://x.example/1", "outlet": "Politico", "pubDate": "2023-10-04T08:15:00Z",
              "lang": "en-GB", "author": "J. Doe", "tags": ["caucasus"]}
    [article] = _read(tmp_path, "a.jsonl", _jsonl(record))
    assert isinstance(article, Article)
    assert article.headline == "Talks in Istanbul"
    assert article.paragraphs == ["First paragraph.", "Second paragraph."]
    assert (article.url, article.source, article.language) == ("https://x.example/1", "Politico", "en")
    assert (article.published, article.date_precision, article.date_origin) == (
        datetime(2023, 10, 4, 8, 15), "minute", "field")
    assert article.extra == {"author": "J. Doe", "tags": ["caucasus"]}
    assert article.ingest is not None and article.ingest.record == 0 and article.ingest.format == "jsonl"


def test_jsonl_bad_line_is_rejected_and_others_come_out(tmp_path: Path) -> None:
    content = _jsonl({"title": "A", "text": "One."}) + '{"title": "B", "text" "Two."}\n' + _jsonl(
        {"title": "C", "text": "Three."})
    items = _read(tmp_path, "a.jsonl", content)
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Article"]
    rejection = items[1]
    assert isinstance(rejection, Rejection)
    assert rejection.record == 1
    assert rejection.problem == "not valid JSON at line 2: Expecting ':' delimiter"


def test_record_without_text_is_rejected_with_its_index(tmp_path: Path) -> None:
    items = _read(tmp_path, "a.jsonl", _jsonl({"title": "A", "text": "One."}, {"title": "No body"}))
    assert isinstance(items[1], Rejection) and items[1].record == 1
    assert "no text" in items[1].problem


def test_json_array(tmp_path: Path) -> None:
    items = _read(tmp_path, "a.json", json.dumps([{"title": "A", "content": "One."},
                                                  {"title": "B", "content": "Two."}], indent=2))
    assert [a.headline for a in items if isinstance(a, Article)] == ["A", "B"]
    assert all(isinstance(a, Article) and a.ingest and a.ingest.format == "json" for a in items)


def test_json_object_with_articles_list(tmp_path: Path) -> None:
    items = _read(tmp_path, "a.json", json.dumps({"count": 1, "articles": [{"title": "A", "text": "One."}]}))
    assert [a.headline for a in items if isinstance(a, Article)] == ["A"]


def test_malformed_json_names_the_line(tmp_path: Path) -> None:
    [item] = _read(tmp_path, "a.json", '[\n{"title": "A",\n "text": "x"\n "url": "y"}\n]')
    assert isinstance(item, Rejection)
    assert item.problem == "not valid JSON at line 4: Expecting ',' delimiter"


def test_json_without_articles_is_rejected(tmp_path: Path) -> None:
    [item] = _read(tmp_path, "a.json", '{"status": "ok"}')
    assert isinstance(item, Rejection) and "no articles" in item.problem


def test_field_map_overrides_defaults(tmp_path: Path) -> None:
    record = {"my_headline_col": "Mapped", "title": "Not this", "story": "Body.", "when": "5 October 2023"}
    [article] = _read(tmp_path, "a.jsonl", _jsonl(record),
                      field_map={"title": "my_headline_col", "text": "story", "date": "when"})
    assert isinstance(article, Article)
    assert article.headline == "Mapped" and article.paragraphs == ["Body."]
    assert article.published == datetime(2023, 10, 5) and article.date_precision == "day"
    assert article.extra == {"title": "Not this"}


def test_unknown_field_map_key_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(_jsonl({"title": "A", "text": "B"}), encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown field 'author'"):
        read_path(path, field_map={"author": "by"})


def test_html_in_a_text_field_becomes_paragraphs(tmp_path: Path) -> None:
    [article] = _read(tmp_path, "a.jsonl", _jsonl({"title": "A", "text": "<p>One.</p><p>Two <b>bold</b>.</p>"}))
    assert isinstance(article, Article) and article.paragraphs == ["One.", "Two bold."]


def test_unreadable_date_is_a_warning_not_a_rejection(tmp_path: Path) -> None:
    [article] = _read(tmp_path, "a.jsonl", _jsonl({"title": "A", "text": "B.", "date": "sometime soon"}))
    assert isinstance(article, Article) and article.published is None
    assert article.ingest is not None and any("cannot read the date" in w for w in article.ingest.warnings)


def test_csv_with_header_semicolons_and_multiline_cells(tmp_path: Path) -> None:
    content = ('title;text;source;published;author\n'
               '"Talks";"First paragraph.\nSecond paragraph.";Politico;2023-10-04;Doe\n'
               'Fire;"It burned; a lot.";Planet;2024-05-06 10:30;\n')
    items = _read(tmp_path, "a.csv", content)
    assert all(isinstance(a, Article) for a in items)
    first, second = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.paragraphs == ["First paragraph.", "Second paragraph."]
    assert first.source == "Politico" and first.published == datetime(2023, 10, 4)
    assert first.extra == {"author": "Doe"}
    assert second.paragraphs == ["It burned; a lot."]
    assert second.published == datetime(2024, 5, 6, 10, 30) and second.date_precision == "minute"
    assert second.ingest is not None and second.ingest.record == 1 and second.ingest.format == "csv"


def test_csv_field_map(tmp_path: Path) -> None:
    content = "Kop,Tekst\nKoppeling,Een verhaal.\n"
    [article] = _read(tmp_path, "a.csv", content, field_map={"headline": "Kop", "body": "Tekst"})
    assert isinstance(article, Article) and (article.headline, article.paragraphs) == ("Koppeling", ["Een verhaal."])


def test_csv_without_header_row_is_rejected(tmp_path: Path) -> None:
    [item] = _read(tmp_path, "a.csv", "Talks,Some text about talks.\nFire,Some text about a fire.\n")
    assert isinstance(item, Rejection) and "header has no text column" in item.problem


def test_csv_field_map_naming_a_missing_column_is_rejected(tmp_path: Path) -> None:
    [item] = _read(tmp_path, "a.csv", "title,text\nA,B\n", field_map={"title": "kop"})
    assert isinstance(item, Rejection) and "not in the CSV header" in item.problem


def test_csv_row_with_wrong_field_count_is_rejected_alone(tmp_path: Path) -> None:
    items = _read(tmp_path, "a.csv", "title,text\nA,One.\nB,Two.,extra\nC,Three.\n")
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Article"]
    assert isinstance(items[1], Rejection) and items[1].record == 1
    assert items[1].problem == "row at line 3 has 3 fields but the header has 2"


def test_malformed_csv_unterminated_quote(tmp_path: Path) -> None:
    items = _read(tmp_path, "a.csv", 'title,text\nA,One.\nB,"Two never ends\n')
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], Rejection) and items[-1].problem.startswith("malformed CSV at line")


def test_mojibake_is_repaired_but_real_typography_kept(tmp_path: Path) -> None:
    import json

    path = tmp_path / "export.jsonl"
    records = [{"title": "â€œNoâ€\x9d, says the mayor", "text": "The mayor said â€œnoâ€\x9d on Monday.", "source": "A"},
               {"title": "Café owner “wins” ﬁnal", "text": "The café’s owner won the ﬁnal on Monday.", "source": "B"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    repaired, untouched = list(read_path(path))
    assert isinstance(repaired, Article) and isinstance(untouched, Article)
    assert repaired.headline == "“No”, says the mayor" and repaired.paragraphs == ["The mayor said “no” on Monday."]
    assert any("mojibake" in w for w in repaired.ingest.warnings)  # type: ignore[union-attr]
    assert untouched.headline == "Café owner “wins” ﬁnal"  # curly quotes and ligatures as written
    assert not any("mojibake" in w for w in untouched.ingest.warnings)  # type: ignore[union-attr]
