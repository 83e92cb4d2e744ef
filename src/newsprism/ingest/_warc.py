"""WARC archives (ISO 28500; what Heritrix, wget --warc-file, news-please and Common Crawl
News write): every HTML response record is a page, read like an HTML file.

The archive is streamed record by record (warcio), never read whole: crawls run to
gigabytes. The size limit applies to each record's page instead. Records that are not
pages (requests, metadata, revisits, images, robots.txt, redirects, errors) are skipped
and counted; a page that yields no article is a Rejection with its record number, and a
corrupt or truncated archive keeps the pages before the damage.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from newsprism.errors import InputError, InputTooLarge, MalformedInput
from newsprism.ingest._article import ReadContext, build_article
from newsprism.ingest._decode import check_not_binary, codec_for_label, decode_bytes, declared_encoding
from newsprism.ingest._files import format_size
from newsprism.records import Article, Rejection

WARC_MAGIC = (b"WARC/1.", b"WARC/0.")
_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]{1,40})", re.IGNORECASE)
_MB = 1024 * 1024
# the blank lines that close the last record of an uncompressed archive
_TRAILING_BYTES = 4


def is_warc(head: bytes) -> bool:
    """``head``: the first bytes of the file, gunzipped."""
    return head.lstrip(b"\r\n").startswith(WARC_MAGIC)


def read_warc(path: Path, ctx: ReadContext) -> Iterator[Article | Rejection]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    limit = int(ctx.settings["max_file_mb"] * _MB)
    pages = skipped = 0
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(ctx.path, f"cannot read file ({exc.strerror or exc})") from exc
    with handle:
        archive = ArchiveIterator(handle)
        records = iter(archive)
        index = -1
        end = 0  # where the last whole record ends in the file
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
                yield from _damaged(ctx, pages, index + 1, str(exc).splitlines()[0][:120])
                return
            index += 1
            page = _page_of(record)
            result: Article | Rejection | None = None
            if page is None:
                skipped += 1
            else:
                pages += 1
                url, crawled, charset = page
                try:
                    result = _read_page(record, index, url, crawled, charset, limit, ctx)
                except InputError as exc:
                    result = Rejection(ctx.path, f"{url}: {exc.problem}", record=index)
            archive.read_to_end(record)
            if getattr(record.raw_stream, "limit", 0):  # fewer bytes than the record declares
                yield from _damaged(ctx, pages - (page is not None), index, "its last record is cut short")
                return
            end = archive.get_record_offset() + archive.get_record_length()
            if result is not None:
                yield result
        size = path.stat().st_size
        if size - end > _TRAILING_BYTES:
            # warcio stops quietly at a record it cannot read: say that the rest is lost
            yield from _damaged(ctx, pages, index + 1, f"{size - end} bytes after the last whole record "
                                                       "cannot be read")
            return
    if pages == 0:
        raise MalformedInput(ctx.path, f"WARC holds no HTML pages ({skipped} other records: requests, "
                                       "metadata, redirects, non-HTML responses)")


def _damaged(ctx: ReadContext, pages: int, record: int, why: str) -> Iterator[Rejection]:
    problem = f"corrupt or truncated WARC after {pages} pages ({why})"
    if pages == 0:
        raise MalformedInput(ctx.path, problem)
    yield Rejection(ctx.path, problem + "; the pages before it were read", record=record)


def _page_of(record) -> tuple[str, str | None, str | None] | None:  # type: ignore[no-untyped-def]
    """(url, crawl time, HTTP charset) of an HTML page record, or None for anything else."""
    if record.rec_type not in ("response", "resource"):
        return None
    content_type = ""
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if content_type and not content_type.split(";")[0].strip().lower() in _PAGE_TYPES:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    charset = _HTTP_CHARSET.search(content_type)
    return url.strip("<>"), record.rec_headers.get_header("WARC-Date"), charset.group(1) if charset else None


def _read_page(record, index: int, url: str, crawled: str | None, charset: str | None,  # type: ignore[no-untyped-def]
               limit: int, ctx: ReadContext) -> Article:
    from newsprism.ingest._html import read_html

    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(ctx.path, f"page is over {format_size(limit)} (set ingest.max_file_mb)")
    if not data.strip():
        raise MalformedInput(ctx.path, "empty page")
    check_not_binary(ctx.path, data)
    # the HTTP header is the page's first declaration, then its own <meta charset>
    declared = (codec_for_label(charset) if charset else None) or declared_encoding(data)
    page_ctx = dataclasses.replace(ctx, format="html")
    text, page_ctx.encoding = decode_bytes(ctx.path, data, ctx.settings["languages"], declared=declared)
    found = read_html(text.lstrip("\ufeff"), page_ctx)
    found.record = index
    found.url = found.url or url or None
    if not found.source and not ctx.fallback_source and found.url:
        host = urlsplit(found.url).hostname or ""
        if host:  # a crawl names its pages by URL: the site is the outlet
            found.source = host.removeprefix("www.")
            found.warnings.append(f"outlet taken from the page's address ({found.source})")
    if crawled:
        found.extra["crawled"] = crawled
    article = build_article(found, page_ctx)
    if article.ingest is not None:
        article.ingest.format = "warc"
    return article

