"""Inputs built to exhaust a reader (issue 16): nesting, width, member counts, entry counts
and line lengths far past any real article. Each is read or rejected with a reason, and
within a liveness bound (the alarm below turns a hang into a failure, not a stuck suite)."""

from __future__ import annotations

import gzip
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsprism.ingest import read_path
from newsprism.records import Article, Rejection

LIVENESS_S = 120  # a hang, not a speed figure: these take a few seconds


@contextmanager
def _bounded():
    def stop(*_):  # pragma: no cover - only on a hang
        raise AssertionError(f"still reading after {LIVENESS_S} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(LIVENESS_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _read(path: Path, **options) -> list:
    with _bounded():
        return list(read_path(path, **options))


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_json_nested_100k_deep_is_rejected(tmp_path, name):
    path = tmp_path / name
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    [item] = _read(path)
    assert isinstance(item, Rejection) and "nested too deeply" in item.problem


def test_csv_of_a_million_columns_is_read_or_rejected(tmp_path):
    path = tmp_path / "wide.csv"
    header = ",".join(["title", "text"] + [f"c{i}" for i in range(1_000_000)])
    path.write_text(header + "\nFlood in Seaview,The river flooded Seaview on Monday.\n", encoding="utf-8")
    items = _read(path)
    assert items and all(isinstance(i, (Article, Rejection)) for i in items)
    assert [a.headline for a in items if isinstance(a, Article)] in ([], ["Flood in Seaview"])


def test_a_line_past_the_size_limit_is_rejected_before_it_is_read(tmp_path):
    path = tmp_path / "line.txt"
    path.write_bytes(b"Headline\n" + b"word " * 600_000)  # 3 MB on one line
    [item] = _read(path, config={"ingest": {"max_file_mb": 1}})
    assert isinstance(item, Rejection) and "limit" in item.problem


def test_a_long_single_line_under_the_limit_is_one_article(tmp_path):
    path = tmp_path / "line.txt"
    path.write_bytes(b"Harbour fire\n" + b"word " * 1_000_000)  # 5 MB, no line break
    [item] = _read(path)
    assert isinstance(item, Article) and item.headline == "Harbour fire" and len(item.text) > 4_000_000


def test_gzip_of_thousands_of_members_reads_every_record(tmp_path):
    path = tmp_path / "many.jsonl.gz"
    with open(path, "wb") as handle:
        for i in range(3000):
            handle.write(gzip.compress(b'{"title": "Record %d", "text": "Body %d about the harbour."}\n' % (i, i)))
    items = _read(path)
    assert len(items) == 3000 and all(isinstance(i, Article) for i in items)


def test_a_feed_of_many_entries_reads_them_all(tmp_path):
    path = tmp_path / "feed.xml"
    entries = "".join(f"<item><title>Entry {i}</title><description>Body {i} about a fire.</description></item>"
                      for i in range(5000))
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{entries}</channel></rss>',
                    encoding="utf-8")
    items = _read(path)
    assert len(items) == 5000 and all(isinstance(i, Article) for i in items)


def test_a_billion_laughs_feed_is_refused(tmp_path):
    path = tmp_path / "laughs.xml"
    entities = '<!ENTITY a "' + "ha" * 50 + '">' + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for n, p in zip("bcdefghij", "abcdefghi"))
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>F</title>'
                    "<item><title>&j;</title><description>Body</description></item></channel></rss>",
                    encoding="utf-8")
    for item in _read(path):
        assert isinstance(item, Rejection) or "haha" * 1000 not in item.full_text
