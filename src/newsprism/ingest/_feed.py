"""Feeds: RSS and Atom (feedparser, after refusing dangerous XML) and JSON Feed 1.0/1.1.

One article per entry. An entry with a headline and no text is kept as a headline-only
article (a monitor still wants the headline, link and time); it is marked so and left
out of fact-by-fact comparison.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsprism.errors import MalformedInput
from newsprism.ingest._article import Found, ReadContext
from newsprism.ingest._clean import normalise_line, repair_mojibake, text_to_paragraphs
from newsprism.ingest._dates import parse_date_value
from newsprism.ingest._decode import BOMS, declared_encoding, wide_encoding_without_bom
from newsprism.ingest._html import fragment_to_paragraphs, looks_like_html
from newsprism.ingest._language import normalise_language_tag
from newsprism.records import Rejection

HEADLINE_ONLY_WARNING = "feed entry has a headline but no text; stored headline-only (not compared fact by fact)"
JSON_FEED_EXTRACTOR = "newsprism.jsonfeed/1"
_TAG = re.compile(r"<[^>]{0,2000}>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.IGNORECASE)
_XML_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]{0,300}\?>")


def extractor_name() -> str:
    import feedparser

    return f"feedparser/{feedparser.__version__}"


def decode_feed(data: bytes) -> str:
    """The feed as text, for the safety check: by byte-order mark, then UTF-16/32 without
    one, then the XML declaration, then UTF-8, then Latin-1 (which decodes any bytes, so
    an entity declaration in any ASCII-compatible encoding is still seen)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    wide = wide_encoding_without_bom(data)
    if wide:
        return data.decode(wide, errors="replace")
    for encoding in (declared_encoding(data), "utf-8"):
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                pass
    return data.decode("latin-1")


def check_xml_safety(data: bytes, path: str) -> str | None:
    """Refuse entity declarations and external references before any XML parser expands them.

    The check parses decoded text, so it works whatever the feed's encoding (expat itself
    reads few multi-byte encodings). Returns a description of a well-formedness problem
    (feeds are often slightly broken and feedparser reads them leniently), or None for
    well-formed XML.
    """
    import defusedxml
    import defusedxml.ElementTree as SafeET

    text = _XML_DECLARATION_TEXT.sub("", decode_feed(data), count=1)
    try:
        SafeET.fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        raise MalformedInput(path, "XML entity expansion refused (possible entity bomb)") from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise MalformedInput(path, "XML external entity reference refused (possible XXE attack)") from exc
    except defusedxml.DefusedXmlException as exc:
        raise MalformedInput(path, f"unsafe XML refused ({exc})") from exc
    except SafeET.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        where = f" at line {line}, column {column}" if line else ""
        return f"not well-formed XML{where}: {str(exc).split(':')[0]}"
    return None


def plain_headline(value: str | None, kind: str | None = None) -> str:
    """A feed title as plain text: markup removed and entities read, whether the feed
    declared it as HTML or escaped it twice (``&amp;quot;``)."""
    text = value or ""
    for _ in range(2):  # double-escaped titles are common: "&amp;quot;" -> "&quot;" -> '"'
        if (kind and "html" in kind) or _TAG.search(text) or _ENTITY.search(text):
            text = html.unescape(_TAG.sub("", text))
    return normalise_line(_TAG.sub("", text))


def read_feed(data: bytes, ctx: ReadContext) -> Iterator[Found | Rejection]:
    import feedparser

    xml_problem = check_xml_safety(data, ctx.path)
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if xml_problem:
            raise MalformedInput(ctx.path, xml_problem)
        if parsed.get("bozo"):
            reason = str(parsed.get("bozo_exception") or "unreadable").splitlines()[0][:200]
            raise MalformedInput(ctx.path, f"not a valid RSS/Atom feed ({reason})")
        raise MalformedInput(ctx.path, "feed has no entries")
    ctx.encoding = parsed.get("encoding") or ctx.encoding
    feed = parsed.get("feed", {})
    feed_title = plain_headline(feed.get("title"), (feed.get("title_detail") or {}).get("type")) or None
    feed_language = normalise_language_tag(feed.get("language"))
    extractor = extractor_name()
    results: list[Found | Rejection] = []
    for index, entry in enumerate(entries):
        try:
            found = _entry_to_found(entry, index, ctx, extractor, feed_title, feed_language)
            if found.url and feed.get("link") and not urlsplit(found.url).scheme:
                found.url = urljoin(feed["link"], found.url)  # "/2024/story" under the site's address
        except MalformedInput as exc:
            results.append(Rejection(ctx.path, exc.problem, record=index))
            continue
        if xml_problem:
            found.warnings.append(f"{xml_problem}; read leniently")
        results.append(found)
    if xml_problem and not any(isinstance(item, Found) for item in results):
        # Nothing usable came out of broken XML: the XML error is the useful message.
        raise MalformedInput(ctx.path, xml_problem)
    yield from results


def _body_paragraphs(body: str) -> list[str]:
    return fragment_to_paragraphs(body) if looks_like_html(body) else text_to_paragraphs(body)


def _entry_to_found(entry: Any, index: int, ctx: ReadContext, extractor: str,
                    feed_title: str | None, feed_language: str | None) -> Found:
    body = ""
    for content in entry.get("content") or []:
        if content.get("value"):
            body = content["value"]
            break
    body = body or entry.get("summary") or ""
    warnings: list[str] = []
    headline = plain_headline(repair_mojibake(entry.get("title") or "", warnings),
                              (entry.get("title_detail") or {}).get("type"))
    paragraphs = _body_paragraphs(repair_mojibake(body, warnings))
    if not paragraphs:
        if not headline:
            raise MalformedInput(ctx.path, "feed entry has neither a title nor text")
        warnings.append(HEADLINE_ONLY_WARNING)
    published = precision = None
    for key, note in (("published", None), ("updated", "feed entry gives only an update time; used it"),
                      ("created", None)):
        if entry.get(key):
            parsed = parse_date_value(entry[key], tuple(ctx.settings["languages"]))
            if parsed:
                published, precision = parsed
                if note:
                    warnings.append(note)
                break
    return Found(
        headline=headline,
        paragraphs=paragraphs,
        extractor=extractor,
        source=feed_title,
        url=entry.get("link") or None,
        published=published,
        date_precision=precision,
        date_origin="feed" if published else None,
        language=normalise_language_tag(entry.get("language")) or feed_language,
        record=index,
        warnings=warnings,
        headline_only=not paragraphs,
    )


# --------------------------------------------------------------------------- JSON Feed


def is_json_feed(data: Any) -> bool:
    """A JSON Feed (https://jsonfeed.org/version/1 or /1.1) document."""
    return isinstance(data, dict) and "jsonfeed.org" in str(data.get("version", "")) \
        and isinstance(data.get("items"), list)


def read_json_feed(data: dict[str, Any], ctx: ReadContext) -> Iterator[Found | Rejection]:
    """Items of a JSON Feed: content_html or content_text (else summary) is the body."""
    feed_title = plain_headline(_text(data.get("title"))) or None
    feed_language = normalise_language_tag(_text(data.get("language")))
    items = data["items"]
    if not items:
        raise MalformedInput(ctx.path, "JSON Feed has no items")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            yield Rejection(ctx.path, f"JSON Feed item is a {type(item).__name__}, expected an object", record=index)
            continue
        body = _text(item.get("content_html")) or _text(item.get("content_text")) or _text(item.get("summary"))
        warnings: list[str] = []
        paragraphs = _body_paragraphs(repair_mojibake(body, warnings)) if body else []
        headline = plain_headline(repair_mojibake(_text(item.get("title")), warnings))
        if not paragraphs:
            if not headline:
                yield Rejection(ctx.path, "JSON Feed item has neither a title nor content_html/content_text",
                                record=index)
                continue
            warnings.append(HEADLINE_ONLY_WARNING)
        published = precision = None
        for key in ("date_published", "date_modified"):
            if item.get(key):
                parsed = parse_date_value(item[key], tuple(ctx.settings["languages"]))
                if parsed:
                    published, precision = parsed
                    if key == "date_modified":
                        warnings.append("JSON Feed item gives only a modification time; used it")
                    break
                warnings.append(f"cannot read the date {str(item[key])[:40]!r}; left empty")
        authors = [a.get("name") for a in (item.get("authors") or ([item["author"]] if item.get("author") else []))
                   if isinstance(a, dict) and a.get("name")]
        extra: dict[str, Any] = {"authors": authors} if authors else {}
        if item.get("id") is not None:
            extra["feed_item_id"] = str(item["id"])
        yield Found(
            headline=headline,
            paragraphs=paragraphs,
            extractor=JSON_FEED_EXTRACTOR,
            source=feed_title,
            url=_text(item.get("url")) or _text(item.get("external_url")) or None,
            published=published,
            date_precision=precision,
            date_origin="feed" if published else None,
            language=normalise_language_tag(_text(item.get("language"))) or feed_language,
            extra=extra,
            record=index,
            warnings=warnings,
            headline_only=not paragraphs,
        )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
