"""Inputs that used to end a batch in a traceback: lone surrogates in JSON, integers of
thousands of digits, file names that are not UTF-8. Each is stored or rejected on its
own, and the rest of the batch goes in."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsprism import pipeline
from newsprism.store import Store

GOOD = {"title": "Fire destroys two homes in Millbrook",
        "text": "A fire destroyed two homes in Millbrook on Monday, firefighters said."}


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(str(tmp_path / "s.db"))
    yield s
    s.close()


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path, store):
    # json.dumps escapes the lone surrogates as \ud800, the way a broken exporter writes them
    record = {"title": "Storm \ud800 hits Seaview", "text": "A storm hit Seaview on Tuesday \udc80, officials said.",
              "source": "Coast \udfff Daily", "url": "https://coast.example/a\ud800b"}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    summary = pipeline.run(store, [path], analyse=False)
    assert summary.new == 2 and not summary.rejected
    storm = next(a for a in store.iter_articles() if a.headline.startswith("Storm"))
    assert storm.headline == "Storm \ufffd hits Seaview"
    assert storm.source == "Coast \ufffd Daily" and storm.url == "https://coast.example/a\ufffdb"
    assert "\ufffd" in storm.full_text


def test_an_integer_of_thousands_of_digits_does_not_lose_the_file(tmp_path, store):
    path = tmp_path / "in.jsonl"
    huge = "9" * 5000
    path.write_text('{"title": "Big number", "text": "Police said two were hurt.", "views": ' + huge
                    + ', "published": ' + huge + '}\n' + json.dumps(GOOD) + "\n", encoding="utf-8")
    summary = pipeline.run(store, [path], analyse=False)
    assert summary.new == 2 and not summary.rejected
    big = next(a for a in store.iter_articles() if a.headline == "Big number")
    assert big.published is None
    assert any("cannot read the date" in w for w in big.ingest.warnings)


def test_a_file_name_that_is_not_utf8_is_read_and_named_with_its_bytes_escaped(tmp_path, store):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"fire\xff\xfe.txt")
    try:
        with open(odd, "wb") as handle:
            handle.write(b"Fire in the old town\n\nA fire broke out in the old town on Monday, firefighters said.\n")
    except OSError as exc:  # pragma: no cover - a file system that refuses such names
        pytest.skip(f"this file system does not take non-UTF-8 names: {exc}")
    (folder / "good.jsonl").write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    summary = pipeline.run(store, [folder], analyse=False, source_from="file")
    assert summary.new == 2 and not summary.rejected
    fire = next(a for a in store.iter_articles() if a.headline == "Fire in the old town")
    assert fire.ingest.path.endswith("fire\\xff\\xfe.txt")
    assert fire.source == "fire\ufffd\ufffd"
    again = pipeline.run(store, [folder], analyse=False, source_from="file")  # known by its path and digest
    assert again.files_skipped == 2 and again.new == 0


def test_nan_and_infinity_in_json_are_no_value_never_an_article_titled_nan(tmp_path, store):
    path = tmp_path / "in.jsonl"
    path.write_text('{"title": NaN, "text": "A fire destroyed a barn in Millbrook on Monday, firefighters said."}\n'
                    '{"title": "Flood in Seaview", "text": Infinity}\n'
                    '{"title": "Storm", "text": "A storm hit Seaview.", "published": -Infinity}\n'
                    + json.dumps(GOOD) + "\n", encoding="utf-8")
    summary = pipeline.run(store, [path], analyse=False)
    headlines = sorted(a.headline for a in store.iter_articles())
    assert not any(h.lower() in {"nan", "inf", "infinity", "-infinity"} for h in headlines)
    assert "Storm" in headlines and GOOD["title"] in headlines
    assert [r.record for r in summary.rejected] == [1]  # the flood has no text
    assert "no text" in summary.rejected[0].problem
    assert all(a.full_text.lower().find("infinity") < 0 for a in store.iter_articles())


def test_symlinks_leading_out_of_an_ingested_folder_are_skipped_and_named(tmp_path, store):
    secret = tmp_path / "secret.txt"
    secret.write_text("Root password list\n\nThe administrator password is hunter2.\n", encoding="utf-8")
    folder = tmp_path / "scraped"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Fire in the old town\n\nA fire broke out in the old town on Monday.\n",
                                  encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "sub" / "same-folder.txt").symlink_to(folder / "a.txt")  # inside: read (already known)
    (folder / "sub" / "outside").symlink_to(tmp_path)  # a folder link out: not walked
    summary = pipeline.run(store, [folder], analyse=False)
    assert [a.headline for a in store.iter_articles()] == ["Fire in the old town"]
    outside = {Path(r.path).name: r.problem for r in summary.rejected}
    assert set(outside) == {"passwd.txt", "outside"}
    assert all("outside the folder being read" in p for p in outside.values())
    assert summary.files == 2 and summary.files_skipped == 1  # the link inside the folder: the same file
    named = pipeline.run(store, [folder / "passwd.txt"], analyse=False)  # named on purpose: read
    assert named.new == 1


def test_each_rejection_is_told_as_it_happens_before_the_next_file_is_read(tmp_path, store, monkeypatch):
    import newsprism.ingest as ingest

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-empty.txt").write_text("", encoding="utf-8")
    (folder / "b-good.txt").write_text("Fire in the old town\n\nA fire broke out on Monday.\n", encoding="utf-8")
    (folder / "c-bad.jsonl").write_text("{not json\n", encoding="utf-8")
    events: list[str] = []
    real = ingest.read_path

    def reading(path, **kw):
        events.append(f"read {Path(path).name}")
        return real(path, **kw)

    monkeypatch.setattr(ingest, "read_path", reading)
    summary = pipeline.ingest_files(store, [folder], on_rejected=lambda r: events.append(f"rejected {Path(r.path).name}"))
    assert events == ["read a-empty.txt", "rejected a-empty.txt", "read b-good.txt", "read c-bad.jsonl",
                      "rejected c-bad.jsonl"]
    assert [Path(r.path).name for r in summary.rejected] == ["a-empty.txt", "c-bad.jsonl"]


def test_terminal_escapes_in_any_field_never_reach_the_store(tmp_path, store):
    esc = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x1b[2J\x1b[31m"
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"title": f"Storm {esc} hits", "text": f"A storm hit Seaview {esc} on Monday.",
                                "source": f"Coast {esc} Daily", "url": f"https://coast.example/{esc}a"}) + "\n",
                    encoding="utf-8")
    summary = pipeline.run(store, [path], analyse=False)
    assert summary.new == 1
    [stored] = list(store.iter_articles())
    for value in (stored.headline, stored.full_text, stored.source, stored.url):
        assert "\x1b" not in value and "\x07" not in value
