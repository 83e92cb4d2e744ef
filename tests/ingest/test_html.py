"""HTML pages: main text, title, outlet, date, boilerplate, broken markup."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from newsprism.ingest import read_path
from newsprism.records import Article, Rejection

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Big fire in the old town | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet"><meta property="og:title" content="Big fire in the old town">
<meta property="article:published_time" content="2024-05-06T10:30:00+02:00">
<meta property="article:modified_time" content="2024-05-08T09:00:00+02:00">
<link rel="canonical" href="https://planet.example/fire"></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav><article><h1>Big fire in the old town</h1>
<p>A big fire broke out in the old town on Monday morning, firefighters said, and spread to three buildings.</p>
<p>Read more: Another fire last year</p>
<p>Nobody was hurt, according to the local police chief who spoke to reporters at the scene in the afternoon.</p>
<p>The cause of the fire is not yet known, and investigators are expected to visit the site on Tuesday. (Reuters)</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


def _read(tmp_path: Path, html: str, **kwargs: object) -> list[Article | Rejection]:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return list(read_path(path, **kwargs))  # type: ignore[arg-type]


def test_article_page_text_title_outlet_date(tmp_path: Path) -> None:
    [article] = _read(tmp_path, PAGE)
    assert isinstance(article, Article)
    assert article.headline == "Big fire in the old town"
    assert article.paragraphs[0].startswith("A big fire broke out")
    assert len(article.paragraphs) == 3
    assert not any("Read more" in p or "Home" in p or "newsletter" in p for p in article.paragraphs)
    assert article.credits == ["Reuters"]
    assert article.source == "Daily Planet"
    assert article.url == "https://planet.example/fire"
    # The original publication, not the later modification.
    assert article.published == datetime(2024, 5, 6, 10, 30)
    assert article.date_origin == "htmldate"
    assert article.language == "en"
    assert article.ingest is not None and article.ingest.extractor.startswith("trafilatura/")


def test_source_argument_overrides_site_name(tmp_path: Path) -> None:
    [article] = _read(tmp_path, PAGE, source="Planet Wire")
    assert isinstance(article, Article) and article.source == "Planet Wire"


def test_date_without_time_has_day_precision(tmp_path: Path) -> None:
    page = PAGE.replace("2024-05-06T10:30:00+02:00", "2024-05-06").replace(
        '<meta property="article:modified_time" content="2024-05-08T09:00:00+02:00">', "")
    [article] = _read(tmp_path, page)
    assert isinstance(article, Article)
    assert (article.published, article.date_precision) == (datetime(2024, 5, 6), "day")


def test_html_without_article_text_is_rejected(tmp_path: Path) -> None:
    [item] = _read(tmp_path, "<html><head><title>Only a title</title></head><body></body></html>")
    assert item == Rejection(str(tmp_path / "page.html"), "no article text found in HTML")


def test_malformed_html_yielding_no_text_is_rejected(tmp_path: Path) -> None:
    [item] = _read(tmp_path, "<html><body><div><<<>>></span></tbody></body")
    assert isinstance(item, Rejection) and item.problem == "no article text found in HTML"


def test_html_detected_by_content_whatever_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    [article] = read_path(path)
    assert isinstance(article, Article) and article.ingest is not None and article.ingest.format == "html"
