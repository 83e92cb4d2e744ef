"""The command line, end to end through Typer's test runner: exit codes, messages, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app

WIDE = {"COLUMNS": "200", "LINES": "50", "NEWSPRISM_DB": None, "NEWSPRISM_CONFIG": None}

BRIDGE_TXT = ("Mayor opens new bridge in Riverton\n\n"
              "The mayor of Riverton opened the new bridge on Monday, officials said.\n\n"
              "Thousands of residents attended the ceremony by the river.\n")
STORM_JSONL = json.dumps({
    "title": "Storm hits coastal town of Seaview",
    "text": "A strong storm hit the coastal town of Seaview on Tuesday, the weather office said.\n"
            "Power was cut to about 2,000 homes, according to the utility.",
    "source": "Coast Daily", "date": "2023-05-02", "url": "https://coast.example/storm"}) + "\n"
LIBRARY_HTML = ("<!doctype html><html><head><title>Library reopens after renovation</title>"
                "<meta property='og:site_name' content='City Herald'></head><body><article>"
                "<h1>Library reopens after renovation</h1>"
                "<p>The central library of Millbrook reopened on Wednesday after a two-year renovation.</p>"
                "<p>Visitors praised the new reading rooms and the children's section.</p>"
                "</article></body></html>")
MARKUP_TXT = ("Council row over [bold red]x[/] budget\n\n"
              "The council said [bold red]x[/] and <script>alert(1)</script> appeared in the draft budget.\n\n"
              "A clerk added [link=https://evil.example]click here[/link] to the minutes.\n")


def _runner() -> CliRunner:
    return CliRunner(env=WIDE)


def _invoke(*args: str):
    return _runner().invoke(app, [str(a) for a in args])


def _good_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bridge.txt").write_text(BRIDGE_TXT, encoding="utf-8")
    (folder / "storm.jsonl").write_text(STORM_JSONL, encoding="utf-8")
    (folder / "library.html").write_text(LIBRARY_HTML, encoding="utf-8")
    return folder


def _articles(db: Path) -> list[dict]:
    result = _invoke("articles", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _id_of(db: Path, headline_start: str) -> str:
    matches = [a["id"] for a in _articles(db) if a["headline"].startswith(headline_start)]
    assert len(matches) == 1, matches
    return matches[0]


@pytest.fixture(scope="module")
def analysed_db(tmp_path_factory) -> Path:
    """Three good articles ingested and analysed (spaCy) once for the read-only tests."""
    root = tmp_path_factory.mktemp("cli_analysed")
    folder = _good_folder(root / "in")
    db = root / "store.db"
    result = _invoke("ingest", folder, "--db", db, "--source", "Town Gazette")
    assert result.exit_code == 0, result.output
    return db


# ------------------------------------------------------------------------ ingest


def test_ingest_small_folder_prints_summary_and_stores_every_article(analysed_db):
    rows = _articles(analysed_db)
    assert sorted(r["headline"] for r in rows) == ["Library reopens after renovation",
                                                   "Mayor opens new bridge in Riverton",
                                                   "Storm hits coastal town of Seaview"]
    # analysed and assigned: each article has a story
    assert all(r["story"] for r in rows)


def test_ingest_summary_text(tmp_path):
    folder = _good_folder(tmp_path / "in")
    result = _invoke("ingest", folder, "--db", tmp_path / "s.db", "--source", "Town Gazette", "--no-analyse")
    assert result.exit_code == 0, result.output
    assert "3 files read (0 already ingested): 3 new, 0 already known, 0 rejected" in result.stdout
    again = _invoke("ingest", folder, "--db", tmp_path / "s.db", "--no-analyse")
    assert again.exit_code == 0, again.output
    assert "3 files read (3 already ingested): 0 new" in again.stdout


def test_ingest_json_summary(tmp_path):
    folder = _good_folder(tmp_path / "in")
    result = _invoke("ingest", folder, "--db", tmp_path / "s.db", "--no-analyse", "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary == {"files": 3, "files_skipped": 0, "new": 3, "known": 0, "rejected": [],
                       "analysed": 0, "assigned": 0, "stopped_early": False, "without_outlet": 1}


def test_source_option_names_the_outlet_of_plain_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bridge.txt").write_text(BRIDGE_TXT, encoding="utf-8")
    db = tmp_path / "s.db"
    assert _invoke("ingest", folder, "--db", db, "--source", "Town Gazette", "--no-analyse").exit_code == 0
    [row] = _articles(db)
    assert row["source"] == "Town Gazette"


def test_source_from_folder_names_plain_text_by_its_folder(tmp_path):
    folder = tmp_path / "in" / "Harbor Times"
    folder.mkdir(parents=True)
    (folder / "bridge.txt").write_text(BRIDGE_TXT, encoding="utf-8")
    db = tmp_path / "s.db"
    result = _invoke("ingest", tmp_path / "in", "--db", db, "--source-from", "folder", "--no-analyse")
    assert result.exit_code == 0, result.output
    assert [row["source"] for row in _articles(db)] == ["Harbor Times"]
    assert "without an outlet" not in result.output


def test_source_from_file_names_plain_text_by_its_stem(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "Town Gazette.txt").write_text(BRIDGE_TXT, encoding="utf-8")
    db = tmp_path / "s.db"
    assert _invoke("ingest", folder, "--db", db, "--source-from", "file", "--no-analyse").exit_code == 0
    assert [row["source"] for row in _articles(db)] == ["Town Gazette"]


def test_sources_mapping_file_names_outlets_and_wins_over_folder(tmp_path):
    root = tmp_path / "in"
    (root / "ledger").mkdir(parents=True)
    (root / "ledger" / "bridge.txt").write_text(BRIDGE_TXT, encoding="utf-8")
    mapping = tmp_path / "sources.json"
    mapping.write_text(json.dumps({"ledger/bridge.txt": "Northern Ledger"}), encoding="utf-8")
    db = tmp_path / "s.db"
    result = _invoke("ingest", root, "--db", db, "--sources", mapping, "--source-from", "folder", "--no-analyse")
    assert result.exit_code == 0, result.output
    assert [row["source"] for row in _articles(db)] == ["Northern Ledger"]


def test_sources_mapping_file_that_is_broken_is_a_clear_error(tmp_path):
    mapping = tmp_path / "sources.json"
    mapping.write_text("{not json", encoding="utf-8")
    result = _invoke("ingest", _good_folder(tmp_path / "in"), "--db", tmp_path / "s.db", "--sources", mapping)
    assert result.exit_code == 1
    assert "sources.json" in result.output and "not valid JSON" in result.output


def test_unknown_source_from_is_a_clear_error(tmp_path):
    result = _invoke("ingest", _good_folder(tmp_path / "in"), "--db", tmp_path / "s.db", "--source-from", "dir")
    assert result.exit_code == 1 and "expected one of folder, file" in result.output


def test_articles_stored_without_an_outlet_get_one_warning(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(BRIDGE_TXT, encoding="utf-8")
    (folder / "b.txt").write_text("Another headline\nAnother body of text about the bridge.\n", encoding="utf-8")
    result = _invoke("ingest", folder, "--db", tmp_path / "s.db", "--no-analyse")
    assert result.exit_code == 0, result.output
    assert result.output.count("without an outlet") == 1
    assert "2 articles stored without an outlet" in result.output


def test_wire_credit_names_the_outlet_of_plain_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text("Quake hits town\nA strong earthquake hit the town on Monday. (PAP)\n",
                                     encoding="utf-8")
    db = tmp_path / "s.db"
    result = _invoke("ingest", folder, "--db", db, "--no-analyse")
    assert result.exit_code == 0, result.output
    assert [row["source"] for row in _articles(db)] == ["PAP"]
    assert "without an outlet" not in result.output


def test_db_from_environment_variable(tmp_path):
    folder = _good_folder(tmp_path / "in")
    db = tmp_path / "env.db"
    runner = CliRunner(env={**WIDE, "NEWSPRISM_DB": str(db)})
    result = runner.invoke(app, ["ingest", str(folder), "--no-analyse"])
    assert result.exit_code == 0, result.output
    assert db.exists()
    listed = runner.invoke(app, ["articles", "--format", "json"])
    assert len(json.loads(listed.stdout)) == 3


def _folder_with_bad_files(folder: Path) -> dict[str, str]:
    """Good files plus bad ones; returns {bad file name: word its problem must mention}."""
    _good_folder(folder)
    (folder / "binary.txt").write_bytes(b"abc\x00\x01\x02def\x00ghi")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.json").write_text('{"title": "x", "text": \n', encoding="utf-8")
    return {"binary.txt": "NUL", "empty.txt": "empty", "broken.json": "JSON"}


def test_bad_files_are_reported_one_line_each_and_good_files_kept(tmp_path):
    bad = _folder_with_bad_files(tmp_path / "in")
    db = tmp_path / "s.db"
    result = _invoke("ingest", tmp_path / "in", "--db", db, "--source", "Town Gazette", "--no-analyse")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    for name, problem in bad.items():
        naming = [line for line in lines if name in line]
        assert len(naming) == 1, (name, naming)
        assert problem in naming[0], naming[0]
        assert "rejected" in naming[0]
    assert "3 rejected" in result.output
    assert sorted(a["headline"] for a in _articles(db)) == ["Library reopens after renovation",
                                                            "Mayor opens new bridge in Riverton",
                                                            "Storm hits coastal town of Seaview"]


def test_bad_files_in_json_summary(tmp_path):
    bad = _folder_with_bad_files(tmp_path / "in")
    result = _invoke("ingest", tmp_path / "in", "--db", tmp_path / "s.db", "--no-analyse", "--format", "json")
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    assert summary["new"] == 3
    assert sorted(Path(r["path"]).name for r in summary["rejected"]) == sorted(bad)
    assert all(r["problem"] for r in summary["rejected"])


def test_bad_record_inside_jsonl_rejected_others_kept(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = json.loads(STORM_JSONL)
    (folder / "mixed.jsonl").write_text(
        json.dumps(good) + "\n" + json.dumps({"title": "No body here"}) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    result = _invoke("ingest", folder, "--db", db, "--no-analyse", "--format", "json")
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    assert summary["new"] == 1
    [rejection] = summary["rejected"]
    assert rejection["record"] is not None and Path(rejection["path"]).name == "mixed.jsonl"
    assert [a["headline"] for a in _articles(db)] == [good["title"]]


def test_strict_stops_at_first_rejection(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # read in sorted order: a good file, the bad one, then files that must not be read
    (folder / "a_bridge.txt").write_text(BRIDGE_TXT, encoding="utf-8")
    (folder / "b_binary.txt").write_bytes(b"abc\x00\x01\x02def\x00")
    (folder / "c_storm.jsonl").write_text(STORM_JSONL, encoding="utf-8")
    (folder / "d_empty.txt").write_bytes(b"")
    db = tmp_path / "s.db"
    result = _invoke("ingest", folder, "--db", db, "--strict", "--no-analyse")
    assert result.exit_code == 2, result.output
    assert "b_binary.txt" in result.output
    assert "d_empty.txt" not in result.output
    assert "--strict" in result.output
    assert [a["headline"] for a in _articles(db)] == ["Mayor opens new bridge in Riverton"]

    as_json = _invoke("ingest", folder, "--db", tmp_path / "j.db", "--strict", "--no-analyse", "--format", "json")
    summary = json.loads(as_json.stdout)
    assert summary["stopped_early"] is True
    assert [Path(r["path"]).name for r in summary["rejected"]] == ["b_binary.txt"]


def test_strict_with_analysis_skips_analysis(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_binary.txt").write_bytes(b"\x00\x00\x00")
    result = _invoke("ingest", folder, "--db", tmp_path / "s.db", "--strict", "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["analysed"] == 0


def test_rerun_still_reports_rejected_files(tmp_path):
    _folder_with_bad_files(tmp_path / "in")
    db = tmp_path / "s.db"
    first = _invoke("ingest", tmp_path / "in", "--db", db, "--no-analyse")
    assert first.exit_code == 2
    again = _invoke("ingest", tmp_path / "in", "--db", db, "--no-analyse")
    assert again.exit_code == 2, again.output
    assert "binary.txt" in again.output


def test_bad_field_option_is_a_clear_error(tmp_path):
    folder = _good_folder(tmp_path / "in")
    result = _invoke("ingest", folder, "--db", tmp_path / "s.db", "--field", "title", "--no-analyse")
    assert result.exit_code == 1
    assert "expected NAME=COLUMN" in result.output
    assert "Traceback" not in result.output


def test_missing_input_path_is_rejected_not_a_crash(tmp_path):
    result = _invoke("ingest", tmp_path / "nowhere", "--db", tmp_path / "s.db", "--no-analyse")
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "no such file or directory" in result.output


# ------------------------------------------------------------------------ reading the store


def test_articles_json_fields(analysed_db):
    rows = _articles(analysed_db)
    assert len(rows) == 3
    for row in rows:
        assert set(row) == {"id", "headline", "source", "published", "language", "url", "story"}
        assert len(row["id"]) == 16
        assert row["language"] == "en"
    storm = next(r for r in rows if r["headline"].startswith("Storm"))
    assert storm["published"].startswith("2023-05-02")
    assert storm["url"] == "https://coast.example/storm"
    assert storm["story"].startswith("s-")


def test_articles_filters(analysed_db):
    result = _invoke("articles", "--db", analysed_db, "--format", "json", "--since", "2023-05-01")
    assert [r["headline"] for r in json.loads(result.stdout)] == ["Storm hits coastal town of Seaview"]
    result = _invoke("articles", "--db", analysed_db, "--format", "json", "--language", "fr")
    assert json.loads(result.stdout) == []
    result = _invoke("articles", "--db", analysed_db, "--format", "json", "--limit", "1")
    assert len(json.loads(result.stdout)) == 1


def test_articles_table(analysed_db):
    result = _invoke("articles", "--db", analysed_db)
    assert result.exit_code == 0
    assert "3 articles" in result.stdout
    assert "Mayor opens new bridge in Riverton" in result.stdout


def test_article_shows_headline_and_analysis(analysed_db):
    article_id = _id_of(analysed_db, "Storm")
    result = _invoke("article", article_id[:8], "--db", analysed_db)
    assert result.exit_code == 0, result.output
    assert "Storm hits coastal town of Seaview" in result.stdout
    assert article_id in result.stdout
    assert "Entities" in result.stdout and "Seaview" in result.stdout


def test_article_json_has_analysis_keys(analysed_db):
    article_id = _id_of(analysed_db, "Storm")
    result = _invoke("article", article_id, "--db", analysed_db, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["article"]["id"] == article_id
    assert data["article"]["headline"] == "Storm hits coastal town of Seaview"
    assert data["text"].startswith("Storm hits coastal town of Seaview\n\nA strong storm")
    assert data["story"].startswith("s-")
    analysis = data["analysis"]
    for key in ("entities", "times", "quantities", "quotes", "citations"):
        assert key in analysis and isinstance(analysis[key], list), key
    assert any(e["text"] == "Seaview" for e in analysis["entities"])
    assert any(q["value"] == 2000 for q in analysis["quantities"])
    # offsets point into the full text
    text = data["text"]
    for e in analysis["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]


def _strict_json(text: str):
    """Parse as strict JSON: NaN and Infinity are not JSON, and jq and browsers reject them."""
    def reject(constant: str):
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=reject)


def test_json_output_is_strict_json_with_null_for_vague_numbers(tmp_path):
    (tmp_path / "crowd.txt").write_text(
        "Crowd gathers after fire\n\nSeveral hundred people gathered on Monday after a fire that "
        "destroyed two homes, firefighters said.\n", encoding="utf-8")
    db = tmp_path / "s.db"
    assert _invoke("ingest", tmp_path / "crowd.txt", "--db", db).exit_code == 0
    article_id = _id_of(db, "Crowd")
    data = _strict_json(_invoke("article", article_id, "--db", db, "--format", "json").stdout)
    values = {q["text"].lower(): q["value"] for q in data["analysis"]["quantities"]}
    assert values["several hundred"] is None  # vague: no value, and said so in JSON terms
    assert values["two"] == 2
    story = data["story"]
    brief = _strict_json(_invoke("story", story, "--db", db, "-f", "json").stdout)
    assert brief["story_id"] == story


def test_article_json_without_analysis_is_null(tmp_path):
    folder = _good_folder(tmp_path / "in")
    db = tmp_path / "s.db"
    _invoke("ingest", folder, "--db", db, "--no-analyse")
    article_id = _id_of(db, "Mayor")
    data = json.loads(_invoke("article", article_id, "--db", db, "--format", "json").stdout)
    assert data["analysis"] is None and data["story"] is None
    shown = _invoke("article", article_id, "--db", db)
    assert "not analysed yet" in shown.stdout


def test_unknown_article_id_is_a_clear_error(analysed_db):
    result = _invoke("article", "ffffffffffff", "--db", analysed_db)
    assert result.exit_code != 0
    assert "no article with id 'ffffffffffff'" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_too_short_article_prefix_is_an_error(analysed_db):
    result = _invoke("article", "a", "--db", analysed_db)
    assert result.exit_code != 0
    assert "no article with id" in result.output


def test_unknown_story_id_is_a_clear_error(analysed_db):
    result = _invoke("story", "s-nothing-here", "--db", analysed_db)
    assert result.exit_code != 0
    assert "no story with id" in result.output
    assert "Traceback" not in result.output


def test_db_in_missing_folder_is_a_clear_error(tmp_path):
    missing = tmp_path / "no" / "such" / "folder" / "x.db"
    for args in (["articles"], ["ingest", str(tmp_path), "--no-analyse"], ["search", "bridge"]):
        result = _invoke(*args, "--db", missing)
        assert result.exit_code == 1, (args, result.output)
        output = result.output.replace("\n", "")
        assert ("does not exist" in output or "no newsprism store here" in output) and str(missing.parent) in output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not missing.parent.exists()


def test_db_that_is_not_a_store_is_a_clear_error(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    result = _invoke("articles", "--db", bogus)
    assert result.exit_code == 1
    assert "not a usable newsprism store" in result.output
    assert "Traceback" not in result.output


def test_search_finds_article(analysed_db):
    result = _invoke("search", "bridge", "--db", analysed_db, "--format", "json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert [h["headline"] for h in hits] == ["Mayor opens new bridge in Riverton"]
    assert "[bridge]" in hits[0]["snippet"]
    table = _invoke("search", "Seaview", "--db", analysed_db)
    assert "1 hit for Seaview" in table.stdout and "Storm hits coastal town" in table.stdout


def test_search_tolerates_query_syntax_characters(analysed_db):
    for query in ('"bridge', "bridge AND", "NEAR(", "a:b", "*", "-"):
        result = _invoke("search", query, "--db", analysed_db, "--format", "json")
        assert result.exit_code == 0, (query, result.output)
        assert isinstance(json.loads(result.stdout), list)
    none = _invoke("search", "zebra", "--db", analysed_db, "--format", "json")
    assert json.loads(none.stdout) == []


def test_search_quoted_phrase_matches_only_the_phrase(analysed_db):
    in_order = json.loads(_invoke("search", '"new bridge"', "--db", analysed_db, "--format", "json").stdout)
    assert [h["headline"] for h in in_order] == ["Mayor opens new bridge in Riverton"]
    reversed_words = json.loads(_invoke("search", '"bridge new"', "--db", analysed_db, "--format", "json").stdout)
    assert reversed_words == []


def test_stories_and_story_table(analysed_db):
    result = _invoke("stories", "--db", analysed_db, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert sum(r["articles"] for r in rows) == 3
    story_id = _articles(analysed_db)[0]["story"]
    shown = _invoke("story", story_id, "--db", analysed_db)
    assert shown.exit_code == 0, shown.output
    assert story_id in shown.stdout


def test_markup_in_article_text_is_printed_literally(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "markup.txt").write_text(MARKUP_TXT, encoding="utf-8")
    db = tmp_path / "s.db"
    assert _invoke("ingest", folder, "--db", db, "--source", "[bold]Evil[/bold] Times", "--no-analyse").exit_code == 0
    article_id = _id_of(db, "Council row")
    result = _invoke("article", article_id, "--db", db)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Council row over [bold red]x[/] budget" in out
    assert "The council said [bold red]x[/] and <script>alert(1)</script> appeared" in out
    assert "[link=https://evil.example]click here[/link]" in out
    assert "[bold]Evil[/bold] Times" in out
    listed = _invoke("articles", "--db", db)
    assert "[bold red]x[/]" in listed.stdout and "[bold]Evil[/bold] Times" in listed.stdout
    found = _invoke("search", "council", "--db", db)
    assert "<script>alert(1)</script>" in found.stdout


def test_no_command_shows_help():
    result = _invoke()
    assert "ingest" in result.output and "articles" in result.output


CORPUS = Path(__file__).resolve().parent / "ingest" / "corpus"


def test_ingest_a_warc_archive_stores_its_pages_once(tmp_path):
    db = tmp_path / "s.db"
    result = _invoke("ingest", CORPUS / "crawl.warc.gz", "--db", db, "--no-analyse", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new"] == 2  # two pages; the request, redirect and image skipped
    rows = _articles(db)
    assert {r["url"] for r in rows} == {"https://vesti.example/kazan", "https://courier.example/flood"}
    again = _invoke("ingest", CORPUS / "crawl.warc.gz", "--db", db, "--no-analyse", "--format", "json")
    assert json.loads(again.stdout)["new"] == 0


def test_headline_only_feed_entries_are_stored_and_listed(tmp_path):
    db = tmp_path / "s.db"
    result = _invoke("ingest", CORPUS / "feed_markup_titles.rss", "--db", db, "--no-analyse")
    assert result.exit_code == 0, result.output
    assert {r["headline"] for r in _articles(db)} == {'Minister resigns after "no" vote', "Storm warning for the coast"}


def test_stories_sorted_and_filtered(analysed_db):
    def ids(*options):
        result = _invoke("stories", "--db", analysed_db, "--format", "json", *options)
        assert result.exit_code == 0, result.output
        return [r["headline"] for r in json.loads(result.stdout)]

    everything = ids()
    assert len(everything) == 3
    assert sorted(ids("--outlet", "town gazette")) == sorted(everything)  # --source named them all
    assert ids("--outlet", "Coast Daily") == []
    assert ids("--since", "2023-05-01", "--until", "2023-05-03") == ["Storm hits coastal town of Seaview"]
    assert ids("--language", "xx") == []
    assert ids("--search", "Seaview storm") == ["Storm hits coastal town of Seaview"]
    assert sorted(ids("--sort", "newest")) == sorted(everything)
    bad = _invoke("stories", "--db", analysed_db, "--sort", "largest")
    assert bad.exit_code == 2 and "largest" in bad.output
