"""RSS and Atom feeds: one article per entry, after refusing dangerous XML."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsprism.errors import MalformedInput
from newsprism.ingest._article import Found, ReadContext
from newsprism.ingest._clean import text_to_paragraphs
from newsprism.ingest._dates import parse_date_value
from newsprism.ingest._html import fragment_to_paragraphs, looks_like_html
from newsprism.ingest._language import normalise_language_tag
from newsprism.records import Rejection


def extractor_name() -> str:
    import feedparser

    return f"feedparser/{feedparser.__version__}"


def check_xml_safety(data: bytes, path: str) -> str | None:
    """Refuse entity declarations and external references before any XML parser expands them.

    Returns a description of a well-formedness problem (feeds are often slightly broken
    and feedparser reads them leniently), or None for well-formed XML.
    """
    import defusedxml
    import defusedxml.ElementTree as SafeET

    try:
        SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
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


def read_feed(data: bytes, ctx: ReadContext) -> Iterator[Found | Rejection]:
    import feedparser

    xml_problem = check_xml_safety(data, ctx.path)
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if xml_problem:
            raise MalformedInput(ctx.path, xml_problem)
        if parsed.get("bozo"):
            raise MalformedInput(ctx.path, f"not a valid RSS/Atom feed ({parsed.get('bozo_exception')})")
        raise MalformedInput(ctx.path, "feed has no entries")
    ctx.encoding = parsed.get("encoding") or ctx.encoding
    feed = parsed.get("feed", {})
    feed_title = feed.get("title") or None
    feed_language = normalise_language_tag(feed.get("language"))
    extractor = extractor_name()
    results: list[Found | Rejection] = []
    for index, entry in enumerate(entries):
        try:
            found = _entry_to_found(entry, index, ctx, extractor, feed_title, feed_language)
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


def _entry_to_found(entry: Any, index: int, ctx: ReadContext, extractor: str,
                    feed_title: str | None, feed_language: str | None) -> Found:
    body = ""
    for content in entry.get("content") or []:
        if content.get("value"):
            body = content["value"]
            break
    body = body or entry.get("summary") or ""
    paragraphs = fragment_to_paragraphs(body) if looks_like_html(body) else text_to_paragraphs(body)
    if not paragraphs:
        raise MalformedInput(ctx.path, "feed entry has no text (no content or summary)")
    warnings: list[str] = []
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
        headline=entry.get("title") or "",
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
    )
