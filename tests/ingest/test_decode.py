"""Encodings: BOMs, UTF-8, UTF-16, legacy code pages, and bytes that are not text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newsprism.ingest import read_path
from newsprism.records import Article, Rejection

RUSSIAN = ("Переговоры в Стамбуле\n"
           "Представители США, Евросоюза и России провели секретную встречу в Стамбуле за два дня "
           "до начала наступления.\n")
FRENCH = ("Réunion secrète à Istanbul\n"
          "Les représentants des États-Unis, de l'Union européenne et de la Russie se sont réunis "
          "à Istanbul, deux jours avant l'offensive, selon un diplomate français.\n")
SPANISH = ("Reunión secreta en Estambul\n"
           "El niño pidió ayuda en la estación. Mañana habrá más información, según el alcalde, "
           "que habló con los periodistas después de la reunión.\n")


def _read(tmp_path: Path, data: bytes, name: str = "story.txt") -> Article:
    path = tmp_path / name
    path.write_bytes(data)
    [item] = read_path(path)
    assert isinstance(item, Article), item
    return item


def test_cp1251_cyrillic_decodes(tmp_path: Path) -> None:
    article = _read(tmp_path, RUSSIAN.encode("cp1251"))
    assert article.headline == "Переговоры в Стамбуле"
    assert article.ingest is not None and article.ingest.encoding == "cp1251"
    assert article.language == "ru"


def test_koi8r_cyrillic_decodes(tmp_path: Path) -> None:
    article = _read(tmp_path, RUSSIAN.encode("koi8-r"))
    assert article.headline == "Переговоры в Стамбуле"


@pytest.mark.parametrize("text", [FRENCH, SPANISH])
def test_latin1_accented_text_decodes(tmp_path: Path, text: str) -> None:
    article = _read(tmp_path, text.encode("latin-1"))
    assert article.full_text == text.strip().replace("\n", "\n\n")
    assert article.ingest is not None and article.ingest.encoding in ("cp1252", "latin-1", "iso8859-15")


def test_cp1250_polish_decodes(tmp_path: Path) -> None:
    text = "Spotkanie w Stambule\nWładysław Łokietek żył dawno temu. Zażółć gęślą jaźń, powiedział minister.\n"
    assert _read(tmp_path, text.encode("cp1250")).paragraphs == [text.split("\n")[1]]


@pytest.mark.parametrize(("bom_encoding", "codec"), [
    ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-be", "utf-16")])
def test_byte_order_marks(tmp_path: Path, bom_encoding: str, codec: str) -> None:
    data = FRENCH.encode(bom_encoding)
    if bom_encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    article = _read(tmp_path, data)
    assert article.headline == "Réunion secrète à Istanbul"
    assert article.ingest is not None and article.ingest.encoding == codec


def test_utf16_without_bom_is_not_mistaken_for_binary(tmp_path: Path) -> None:
    article = _read(tmp_path, "Headline\nPlain English body text.\n".encode("utf-16-le"))
    assert article.headline == "Headline"


def test_undecodable_bytes_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(bytes([0x98, 0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xC3, 0x28]) * 40)
    [item] = read_path(path)
    assert isinstance(item, Rejection)
    assert item.problem.startswith("cannot decode bytes as text (tried utf-8, utf-16, cp1251")


@pytest.mark.parametrize(("head", "codec"), [
    (b'<?xml version="1.0" encoding="GB2312"?><rss/>', "gb18030"),
    (b'<html><head><meta charset="iso-8859-1">', "cp1252"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', "cp932"),
    (b'<meta charset="utf-16">', "utf-8"),  # an ASCII-readable declaration cannot be UTF-16
    (b'<meta charset="x-no-such">', None),
    (b"<p>no declaration</p>", None),
])
def test_declared_encoding_reads_labels_as_browsers_do(head: bytes, codec: str | None) -> None:
    from newsprism.ingest._decode import declared_encoding

    assert declared_encoding(head) == codec


def test_valid_utf8_wins_over_a_stale_single_byte_declaration() -> None:
    from newsprism.ingest._decode import decode_bytes

    data = '<meta charset="iso-8859-1"><p>Grüße aus München</p>'.encode("utf-8")
    assert decode_bytes("x.html", data, ["de"], declared="cp1252") == (data.decode("utf-8"), "utf-8")
