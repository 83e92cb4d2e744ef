"""Language identification and format detection."""

from __future__ import annotations

import gzip

import pytest

from newsprism.ingest import detect_format, identify_language


def test_identifies_english_and_russian() -> None:
    language, confidence = identify_language("The ministers met in Istanbul on Sunday to discuss the blockade.")
    assert language == "en" and 0.5 < confidence <= 1.0
    assert identify_language("Министры встретились в Стамбуле, чтобы обсудить блокаду региона.")[0] == "ru"


def test_low_confidence_is_unknown() -> None:
    language, confidence = identify_language("ok 123")
    assert language == "und" and confidence < 0.5
    assert identify_language("")[0] == "und"


def test_answers_only_configured_languages() -> None:
    text = "Die Minister trafen sich am Sonntag in Istanbul, um über die Blockade zu sprechen."
    assert identify_language(text)[0] == "de"
    language, _ = identify_language(text, config={"ingest": {"languages": ["en", "fr"], "min_language_confidence": 0.0}})
    assert language in ("en", "fr")


@pytest.mark.parametrize(("name", "head", "expected"), [
    ("a.txt", b"Headline\nBody.\n", "text"),
    ("a.dat", b"Headline\nBody.\n", "text"),
    ("a.txt", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    ("a", b"  <html lang='en'><head>", "html"),
    ("a.htm", b"Not really markup", "html"),
    ("a.txt", b'{"title": "A", "text": "B"}\n{"title": "C", "text": "D"}\n', "jsonl"),
    ("a.json", b'{"title": "A", "text": "B"}\n{"title": "C", "text": "D"}\n', "jsonl"),
    ("a.json", b'{\n  "articles": [{"title": "A"}]\n}', "json"),
    ("a.json", b'{"articles": [{"title": "A", "text": "B"}]}\n', "json"),
    ("a", b'[{"title": "A", "text": "B"}]', "json"),
    ("a.txt", b"[VIDEO] Fire in the old town\nBody.\n", "text"),
    ("a.csv", b"title,text\nA,B\n", "csv"),
    ("export", b"title;text;url\nA;B;C\n", "csv"),
    ("a.xml", b'<?xml version="1.0"?><rss version="2.0"><channel>', "feed"),
    ("a.txt", b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
    ("a.txt.gz", gzip.compress(b'<rss version="2.0"><channel>'), "feed"),
    ("a.bin", gzip.compress(b'{"title": "A", "text": "B"}\n{"title": "C", "text": "D"}\n'), "jsonl"),
])
def test_detect_format(name: str, head: bytes, expected: str) -> None:
    assert detect_format(name, head) == expected
