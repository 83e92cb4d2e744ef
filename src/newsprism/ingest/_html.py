"""HTML pages (trafilatura + htmldate) and HTML fragments (feed entries, text fields)."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from newsprism.errors import MalformedInput
from newsprism.ingest._article import Found, ReadContext
from newsprism.ingest._clean import normalise_line
from newsprism.ingest._dates import parse_date_value

_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
               "section", "article", "header", "footer", "figcaption", "dd", "dt", "td", "th")
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "form", "button")
_LOOKS_LIKE_HTML = re.compile(r"<(?:p|br|div|span|a|em|strong|b|i|ul|ol|li|h[1-6]|img|blockquote)\b[^>]*>",
                              re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def extractor_name() -> str:
    import trafilatura

    return f"trafilatura/{trafilatura.__version__}"


def read_html(html: str, ctx: ReadContext) -> Found:
    """Main text, title, outlet and date of one HTML page."""
    import trafilatura
    from lxml import etree

    warnings: list[str] = []
    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=DATE_PARAMS,
        )
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise MalformedInput(ctx.path, f"cannot parse HTML ({exc})") from exc
    meta: dict[str, Any] = document.as_dict() if document is not None else {}
    title = normalise_line(meta.get("title") or "")
    lines = [_table_row(normalise_line(line)) for line in (meta.get("text") or "").split("\n")]
    paragraphs = [line for line in lines if _has_words(line)]
    extractor = extractor_name()
    if not paragraphs:
        # trafilatura discards pages it judges too short; plain <p> text is still an article.
        paragraphs = [p for p in fragment_to_paragraphs(html, only_paragraphs=True) if _has_words(p)]
        extractor = "newsprism.html/1"
        if paragraphs:
            warnings.append("main-text extraction found nothing; used the page's <p> elements")
    if paragraphs and title and normalise_line(paragraphs[0]).casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    if not title:
        title = _first_heading(html)
    if not title and len(paragraphs) > 1:
        title = paragraphs.pop(0)
        warnings.append("page has no title; used the first paragraph as the headline")
    if not paragraphs:
        raise MalformedInput(ctx.path, "no article text found in HTML")

    published, precision, origin = _html_date(html, meta, tuple(ctx.settings["languages"]), document is not None)
    return Found(
        headline=title,
        paragraphs=paragraphs,
        extractor=extractor,
        source=meta.get("sitename") or None,
        url=meta.get("url") or None,
        published=published,
        date_precision=precision,
        date_origin=origin,
        language=None,
        warnings=warnings,
    )


def _has_words(text: str) -> bool:
    """Letters or figures: a price ("€ 25,00") or phone number line is the story's too."""
    return any(ch.isalnum() or unicodedata.category(ch) == "Sc" for ch in text)


def _table_row(line: str) -> str:
    """trafilatura writes table rows as "| Police | 12.5 million |": kept as the row's
    cells, "Police | 12.5 million"; the "|---|---|" rule under a header row goes."""
    if len(line) > 1 and line.startswith("|") and line.endswith("|"):
        cells = [cell.strip() for cell in line[1:-1].split("|")]
        if all(set(cell) <= set("-: ") for cell in cells):
            return ""
        return " | ".join(cell for cell in cells)
    return line


# htmldate, as trafilatura runs it for the page's metadata: only the page's own markup (no
# guessing from URLs or free text), the original publication rather than the last
# modification, and the time of day when the page gives one.
DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S"}


def _html_date(html: str, meta: dict[str, Any], languages: tuple[str, ...],
               extracted: bool) -> tuple[Any, Any, str | None]:
    found = meta.get("date")
    if not extracted:  # trafilatura gave up on the page before reading its metadata
        from htmldate import find_date

        try:
            found = find_date(html, **DATE_PARAMS)
        except (ValueError, TypeError):
            found = None
    if found:
        parsed = parse_date_value(found, languages)
        if parsed:
            value, precision = parsed
            if value.hour == value.minute == value.second == 0:
                precision = "day"  # htmldate writes midnight when the page gives no time
            return value, precision, "htmldate"
    return None, None, None


def _first_heading(html: str) -> str:
    root = _parse_fragment(html)
    if root is None:
        return ""
    for tag in ("h1", "title"):
        for element in root.iter(tag):
            text = normalise_line(element.text_content())
            if text:
                return text
    return ""


def _parse_fragment(html: str) -> Any:
    import lxml.html
    from lxml import etree

    try:
        return lxml.html.fromstring(html)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text[:5000]))


def fragment_to_paragraphs(html: str, *, only_paragraphs: bool = False) -> list[str]:
    """Paragraph texts of an HTML fragment, one per block element or <br>-separated line."""
    from lxml import etree

    root = _parse_fragment(html)
    if root is None:
        return []
    etree.strip_elements(root, *_DROP_TAGS, etree.Comment, with_tail=False)
    if only_paragraphs:
        return [text for element in root.iter("p") if (text := normalise_line(element.text_content()))]
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_BLOCK_TAGS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (normalise_line(line) for line in root.text_content().split("\n"))
    return [line for line in lines if line]
