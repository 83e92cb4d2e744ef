"""Ingest: input files -> clean :class:`~newsprism.records.Article` records.

    iter_input_files(paths)    files to read (directories expanded), or Rejections
    read_path(path, ...)       one file -> Articles (many for JSON/CSV/feeds) or Rejections
    detect_format(path, head)  "text", "html", "jsonl", "json", "csv", "feed" or "warc"
    identify_language(text)    ("en", 0.98), or ("und", p) under the configured confidence

Nothing here raises for bad input: every problem becomes a ``Rejection`` whose
``problem`` is one line a user can act on. Internally readers raise the
:mod:`newsprism.errors` exceptions, converted at the boundary in :func:`read_path`.

Plain-text files carry no outlet name: pass ``source=`` (``--source`` on the command
line); otherwise the article's source is None and a warning says so.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from newsprism.config import load_config
from newsprism.errors import ConfigError, InputError, MalformedInput
from newsprism.ingest._article import Found, ReadContext, build_article
from newsprism.ingest._decode import BOMS, check_not_binary, decode_bytes, declared_encoding, wide_encoding_without_bom
from newsprism.ingest._files import GZIP_MAGIC, gunzip_head, iter_input_files, path_text, read_input_bytes
from newsprism.ingest._language import identify
from newsprism.ingest._outlets import SOURCE_FROM, load_sources, outlet_namer
from newsprism.records import Article, Rejection

__all__ = ["FORMATS", "SOURCE_FROM", "detect_format", "identify_language", "iter_input_files", "load_sources",
           "outlet_namer", "read_path"]

log = logging.getLogger(__name__)

FORMATS = ("text", "html", "jsonl", "json", "csv", "feed", "warc")
_EXTENSION_FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc", ".arc": "warc",
}
_HEAD_BYTES = 65_536
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)[\s>/]", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<(?:!doctype\s+html|html|body)[\s>]", re.IGNORECASE)
_HTML_BLOCK = re.compile(r"<(?:p|div|article|h[1-6]|br)[\s>/]", re.IGNORECASE)
_MIN_HTML_BLOCKS = 3
_CSV_HEADER_WORDS = re.compile(r"\b(?:title|headline|text|body|content)\b", re.IGNORECASE)


# --------------------------------------------------------------------------- settings


@functools.lru_cache(maxsize=1)
def _default_ingest_settings() -> dict[str, Any]:
    return load_config()["ingest"]


def _ingest_settings(config: Mapping[str, Any] | None) -> dict[str, Any]:
    """The [ingest] table: from a full configuration (load_config()) or the table itself."""
    settings = copy.deepcopy(_default_ingest_settings())
    if config:
        section = config.get("ingest", config)
        for key, value in section.items():
            if key not in settings:
                raise ConfigError(f"ingest: unknown setting {key!r} (known: {', '.join(sorted(settings))})")
            settings[key] = value
    return settings


def identify_language(text: str, *, config: Mapping[str, Any] | None = None) -> tuple[str, float]:
    """ISO 639-1 code of ``text`` among ``ingest.languages``, with its normalised probability.

    Under ``ingest.min_language_confidence`` the code is "und" (the probability is still
    returned, so a caller can see how unsure the identifier was).

    >>> identify_language("The minister met his counterparts in Istanbul on Sunday.")[0]
    'en'
    """
    settings = _ingest_settings(config)
    return identify(text, settings["languages"], settings["min_language_confidence"])


# --------------------------------------------------------------------------- formats


def detect_format(path: str | Path, head: bytes) -> str:
    """The reader for a file: by content first (feeds, HTML, JSON), then by extension.

    ``head`` is the start of the file (a few kilobytes is enough; gzip is looked through).

    >>> detect_format("notes.dat", b'{"title": "A", "text": "B"}\\n{"title": "C", "text": "D"}\\n')
    'jsonl'
    """
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if head.startswith(GZIP_MAGIC):
        head = gunzip_head(head)
    from newsprism.ingest._warc import is_warc

    if is_warc(head):
        return "warc"
    text = _sniff_text(head).lstrip()
    extension = Path(name).suffix
    by_extension = _EXTENSION_FORMATS.get(extension)

    if text.startswith("<"):
        # The whole head: pages open with long comments, scripts or server-side includes.
        if _FEED_ROOT.search(text) and not _HTML_ROOT.search(text):
            return "feed"
        if _HTML_START.match(text) or _HTML_ROOT.search(text):
            return "html"
        if text.startswith("<?xml"):
            return "feed"
    if text.startswith("{") and re.match(r"\{\s*(?:\"|\})", text):
        return _json_or_jsonl(text, by_extension)
    if text.startswith("[") and re.match(r"\[\s*(?:\{|\]|\")", text):
        return "json"
    if by_extension:
        return by_extension
    if _HTML_ROOT.search(text) and len(_HTML_BLOCK.findall(text)) >= _MIN_HTML_BLOCKS:
        return "html"  # markup after a preamble (saved headers, a text banner)
    first_line = text.split("\n", 1)[0]
    if _CSV_HEADER_WORDS.search(first_line) and max(first_line.count(d) for d in ",;\t|") >= 1 \
            and len(first_line) < 500:
        return "csv"
    return "text"


def _json_or_jsonl(text: str, by_extension: str | None) -> str:
    if by_extension == "jsonl":
        return "jsonl"
    first, newline, rest = text.partition("\n")
    if not newline:
        return by_extension if by_extension in ("json", "jsonl") else "json"
    from newsprism.ingest._tabular import loads_json

    try:
        record = loads_json(first)
    except (json.JSONDecodeError, RecursionError):
        return "json"  # an object spread over lines: pretty-printed JSON
    if isinstance(record, dict) and any(isinstance(record.get(k), list) for k in ("articles", "items")):
        return "json"
    return "jsonl" if rest.lstrip().startswith("{") or not rest.strip() else "json"


def _sniff_text(head: bytes) -> str:
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    wide = wide_encoding_without_bom(head)
    return head.decode(wide or "utf-8", errors="ignore")


# --------------------------------------------------------------------------- reading


def read_path(
    path: str | Path,
    *,
    source: str | None = None,
    format: str | None = None,
    field_map: dict[str, str] | None = None,
    config: Mapping[str, Any] | None = None,
    fallback_source: str | None = None,
) -> Iterator[Article | Rejection]:
    """Read one input file as articles.

    ``source`` names the outlet (plain text carries none; it also overrides what HTML
    metadata or a feed title say). ``format`` skips detection (one of :data:`FORMATS`).
    ``field_map`` renames fields of JSON/CSV records, e.g. ``{"title": "my_headline_col"}``.
    ``config`` is a configuration from :func:`newsprism.config.load_config` (or its
    ``[ingest]`` table). ``fallback_source`` is the outlet of articles whose input names
    none (see :func:`outlet_namer`); an agency credit ("(PAP)") comes before it.

    Bad input never raises: a file that cannot be read yields one ``Rejection``; in
    multi-record files a bad record yields a ``Rejection`` with its record index and
    the other records still come out. Bad *options* (an unknown format or field_map
    key) raise :class:`~newsprism.errors.ConfigError` at once.
    """
    from newsprism.ingest._tabular import normalise_field_map

    settings = _ingest_settings(config)
    if format is not None and format not in FORMATS:
        raise ConfigError(f"unknown input format {format!r} (known: {', '.join(FORMATS)})")
    ctx = ReadContext(path=path_text(path), format=format or "", settings=settings,
                      source=source.strip() if source and source.strip() else None,
                      fallback_source=fallback_source, field_map=normalise_field_map(field_map))
    return _read(Path(path), ctx, format)


def _read(path: Path, ctx: ReadContext, forced_format: str | None) -> Iterator[Article | Rejection]:
    try:
        yield from _read_checked(path, ctx, forced_format)
    except InputError as exc:
        yield Rejection(ctx.path, exc.problem)
    except Exception as exc:  # a library failing on odd input must not stop a whole batch
        log.warning("unexpected error reading %s", ctx.path, exc_info=True)
        yield Rejection(ctx.path, f"unexpected error while reading ({type(exc).__name__}: {exc}); "
                                  f"please report this with the file")


def _read_checked(path: Path, ctx: ReadContext, forced_format: str | None) -> Iterator[Article | Rejection]:
    if forced_format == "warc" or (forced_format is None and _named_warc(path)):
        yield from _read_warc(path, ctx)  # streamed: an archive may be far over the per-file limit
        return
    data, _ = read_input_bytes(path, ctx.settings["max_file_mb"])
    detected = forced_format or detect_format(path, data[:_HEAD_BYTES])
    if detected == "warc":
        yield from _read_warc(path, ctx)  # a WARC under another name
        return
    if not data.strip():
        raise MalformedInput(ctx.path, "empty file")
    check_not_binary(ctx.path, data)
    ctx.format = detected

    if ctx.format == "feed":
        from newsprism.ingest._feed import read_feed

        yield from _build_all(read_feed(data, ctx), ctx)
        return

    declared = declared_encoding(data) if ctx.format == "html" else None
    text, ctx.encoding = decode_bytes(ctx.path, data, ctx.settings["languages"], declared=declared)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise MalformedInput(ctx.path, "empty file (only whitespace)")
    if ctx.format == "text":
        from newsprism.ingest._text import read_text

        yield build_article(read_text(text, ctx), ctx)
    elif ctx.format == "html":
        from newsprism.ingest._html import read_html

        yield build_article(read_html(text, ctx), ctx)
    else:
        from newsprism.ingest import _tabular

        reader = {"jsonl": _tabular.read_jsonl, "json": _tabular.read_json, "csv": _tabular.read_csv}[ctx.format]
        yield from _build_all(reader(text, ctx), ctx)


def _named_warc(path: Path) -> bool:
    return path.name.lower().removesuffix(".gz").endswith((".warc", ".arc"))


def _read_warc(path: Path, ctx: ReadContext) -> Iterator[Article | Rejection]:
    from newsprism.ingest._warc import read_warc

    ctx.format = "warc"
    yield from read_warc(path, ctx)


def _build_all(items: Iterable[Found | Rejection], ctx: ReadContext) -> Iterator[Article | Rejection]:
    for item in items:
        if isinstance(item, Rejection):
            yield item
            continue
        try:
            yield build_article(item, ctx)
        except InputError as exc:
            yield Rejection(ctx.path, exc.problem, record=item.record)
