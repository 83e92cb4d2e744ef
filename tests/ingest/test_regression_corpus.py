"""The ingest regression corpus (tests/ingest/corpus, written by make_corpus.py): what real
sites and feeds serve, each file with what newsprism must make of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newsprism.ingest import detect_format, read_path
from newsprism.records import Article, Rejection

CORPUS = Path(__file__).resolve().parent / "corpus"


@dataclass
class Case:
    file: str
    format: str
    headline: str  # of the first article
    has: tuple[str, ...] = ()  # phrases the first article's body holds
    lacks: tuple[str, ...] = ()  # phrases it must not hold (boilerplate, garbling)
    encoding: str | None = None
    articles: int = 1
    language: str | None = None
    warnings: tuple[str, ...] = ()  # substrings of the first article's warnings
    headline_only: tuple[int, ...] = ()  # indexes of the articles that are headline-only
    extra: dict[str, object] = field(default_factory=dict)


GARBLE = ("Ã", "Ð", "�", "hцhere", "Erlцs")
CASES = [
    Case("page_latin1_declared.html", "html", "Bayern fordert höhere Erlösobergrenzen für Netzbetreiber",
         ("Wirtschaftsminister Hubert Aiwanger", "zusätzliche Einnahmen"), GARBLE, "cp1252", language="de"),
    Case("page_cp1251_declared.html", "html", "В Казани открыли новый мост через Казанку",
         ("4,2 миллиарда рублей",), GARBLE, "cp1251", language="ru"),
    Case("page_gb2312_declared.html", "html", "上海地铁新线路今日开通运营", ("十八号线二期工程",), GARBLE, "gb18030"),
    Case("page_shift_jis_declared.html", "html", "東京で大雪、交通機関に乱れ", ("気象庁",), GARBLE, "cp932"),
    Case("page_utf8_stale_latin1.html", "html", "Bayern fordert höhere Erlösobergrenzen für Netzbetreiber",
         ("zusätzliche Einnahmen",), GARBLE, "utf-8"),
    Case("page_wrong_declaration.html", "html", "В Казани открыли новый мост через Казанку",
         ("пресс-служба мэрии",), GARBLE, "cp1251"),
    Case("text_utf16le_no_bom.txt", "text", "Council approves flood defence plan", ("12 million pound",),
         ("\x00",), "utf-16-le", language="en"),
    Case("text_utf32le_bom.txt", "text", "Council approves flood defence plan", ("12 million pound",), ("\x00",),
         "utf-32"),
    Case("text_utf32be_no_bom.txt", "text", "Council approves flood defence plan", ("12 million pound",),
         ("\x00",), "utf-32-be"),
    Case("feed_gb2312.xml", "feed", "上海地铁新线路今日开通运营", ("十八号线",), GARBLE, language="zh",
         extra={"source": "新闻"}),
    Case("feed_big5.xml", "feed", "臺北市公車路線調整", ("捷運新站",), GARBLE, language="zh"),
    Case("feed_shift_jis.xml", "feed", "東京で大雪、交通機関に乱れ", ("気象庁",), GARBLE, language="ja"),
    Case("feed_euc_kr.xml", "feed", "서울시, 내년부터 심야버스 노선 확대", ("심야 시간대",), GARBLE, language="ko"),
    Case("feed_utf16le_no_bom.xml", "feed", "Council approves flood defence plan", ("embankment",), ("\x00",),
         extra={"source": "Riverside Courier", "url": "https://news.example/flood"}),
    Case("feed_utf32_bom.xml", "feed", "Council approves flood defence plan", ("embankment",), ("\x00",)),
    Case("feed_bogus_encoding.xml", "feed", "Council approves flood defence plan", ("embankment",)),
    Case("feed_markup_titles.rss", "feed", 'Minister resigns after "no" vote', ("rail plan",), ("<em>", "&quot;"),
         articles=2, headline_only=(1,)),
    Case("jsonfeed_1_1.json", "json", "Council approves flood defence plan", ("12 million pound",), ("<p>",),
         articles=3, language="en", headline_only=(2,),
         extra={"source": "Riverside Courier", "url": "https://courier.example/flood"}),
    Case("jsonfeed_1_0.json", "json", "Un sismo de magnitud 5,2 sacude el sur de Chile", ("Oficina Nacional",),
         extra={"source": "Diario del Sur"}),
    Case("saved_page.dat", "html", "Council approves flood defence plan", ("12 million pound",),
         ("<p>", "archiving tool", "Contact the newsroom")),
    Case("page_with_table.html", "html", "Two quakes felt in southern Chile",
         ("Los Lagos | 5.2 | 35 km", "Aysén | 4.1 | 20 km", "No damage was reported"), ("|---",)),
    Case("page_es_teasers.html", "html", "Un sismo de magnitud 5,2 sacude el sur de Chile",
         ("Oficina Nacional de Emergencia", "La línea de emergencias 133", "$ 25.000", "+56 2 2345 6789"),
         ("Lea también", "VEA TAMBIÉN", "LE PUEDE INTERESAR", "NOTAS RELACIONADAS", "Síguenos"), language="es"),
    Case("mojibake.jsonl", "jsonl", "Señor Pérez gana la alcaldía", ("José Pérez ganó",), GARBLE,
         warnings=("repaired mojibake",), extra={"source": "Diario de León"}),
    Case("crawl.warc.gz", "warc", "В Казани открыли новый мост через Казанку", ("4,2 миллиарда рублей",), GARBLE,
         "cp1251", articles=2, extra={"url": "https://vesti.example/kazan", "source": "vesti.example"}),
]


def _read(name: str) -> list[Article | Rejection]:
    return list(read_path(CORPUS / name))


def test_every_corpus_file_has_a_case() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix != ".py"} - {"feed_entity_bomb_gb2312.xml"}
    assert files == {case.file for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_corpus_file(case: Case) -> None:
    items = _read(case.file)
    assert all(isinstance(i, Article) for i in items), [str(i) for i in items if isinstance(i, Rejection)]
    assert len(items) == case.articles
    first = items[0]
    assert isinstance(first, Article) and first.ingest is not None
    assert first.ingest.format == case.format
    assert first.headline == case.headline
    body = "\n".join(first.paragraphs)
    for phrase in case.has:
        assert phrase in body, phrase
    for phrase in case.lacks:
        assert phrase not in body and phrase not in first.headline, phrase
    if case.encoding:
        assert first.ingest.encoding == case.encoding
    if case.language:
        assert first.language == case.language
    for warning in case.warnings:
        assert any(warning in w for w in first.ingest.warnings), first.ingest.warnings
    assert [i for i, a in enumerate(items) if a.headline_only] == list(case.headline_only)  # type: ignore[union-attr]
    for key, value in case.extra.items():
        assert getattr(first, key) == value, key


def test_detection_looks_past_a_long_preamble() -> None:
    data = (CORPUS / "saved_page.dat").read_bytes()
    assert data.index(b"<html") > 4096
    assert detect_format("saved_page.dat", data[:65536]) == "html"


def test_entity_bomb_is_refused_whatever_the_declared_encoding() -> None:
    (item,) = _read("feed_entity_bomb_gb2312.xml")
    assert isinstance(item, Rejection) and "entity expansion refused" in item.problem


def test_warc_skips_records_that_are_not_pages() -> None:
    items = _read("crawl.warc.gz")
    assert [a.url for a in items] == ["https://vesti.example/kazan", "https://courier.example/flood"]  # type: ignore[union-attr]
    assert all(a.extra.get("crawled") for a in items)  # type: ignore[union-attr]
    assert items[0].published is None  # a crawl time is not a publication time  # type: ignore[union-attr]


def test_truncated_warc_keeps_the_pages_before_the_damage(tmp_path: Path) -> None:
    data = (CORPUS / "crawl.warc.gz").read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 300])  # a download cut off inside the last page's record
    items = list(read_path(path))
    assert isinstance(items[0], Article) and items[0].headline.startswith("В Казани")
    assert isinstance(items[-1], Rejection) and "truncated" in items[-1].problem


def test_corpus_files_are_what_make_corpus_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.main()
    for path in tmp_path.iterdir():
        if path.suffix == ".gz":  # WARC record ids and dates are random
            continue
        assert path.read_bytes() == (CORPUS / path.name).read_bytes(), path.name


def test_uncompressed_warc_cut_inside_a_record_is_reported(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "cut.warc"
    path.write_bytes(gzip.decompress((CORPUS / "crawl.warc.gz").read_bytes())[:-300])
    items = list(read_path(path))
    assert [type(i) for i in items] == [Article, Rejection]
    assert "cut short" in items[1].problem  # type: ignore[union-attr]


def test_warc_without_pages_is_rejected(tmp_path: Path) -> None:
    import io

    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    writer.write_record(writer.create_warc_record("https://x.example/robots.txt", "resource",
                                                  payload=io.BytesIO(b"User-agent: *"),
                                                  warc_content_type="text/plain"))
    path = tmp_path / "crawl.warc"
    path.write_bytes(out.getvalue())
    (item,) = list(read_path(path))
    assert isinstance(item, Rejection) and "no HTML pages" in item.problem
