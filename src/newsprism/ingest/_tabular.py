"""Structured inputs: JSON Lines, JSON arrays and CSV, one article per record.

Default field mapping (column/key names are matched case-insensitively; the first
present wins)::

    title     <- title, headline
    text      <- text, body, content         (required; newlines split paragraphs)
    url       <- url, link
    source    <- source, outlet, site
    date      <- date, published, pubDate
    language  <- lang, language

A ``field_map`` such as ``{"title": "my_headline_col"}`` names the column for a field
and overrides the defaults. Every other field is kept in ``Article.extra``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from newsprism.errors import ConfigError, MalformedInput
from newsprism.ingest._article import Found, ReadContext
from newsprism.ingest._clean import repair_mojibake, text_to_paragraphs
from newsprism.ingest._dates import parse_date_value
from newsprism.ingest._feed import is_json_feed, read_json_feed
from newsprism.ingest._html import fragment_to_paragraphs, looks_like_html
from newsprism.ingest._language import normalise_language_tag
from newsprism.records import Rejection

EXTRACTOR = "newsprism.tabular/1"

DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "text": ("text", "body", "content"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "site"),
    "date": ("date", "published", "pubDate"),
    "language": ("lang", "language"),
}
# field_map keys may use any default column name for a field ("headline" means title).
_FIELD_ALIASES = {alias.casefold(): name for name, aliases in DEFAULT_FIELDS.items() for alias in aliases}
_CONTAINER_KEYS = ("articles", "items", "records", "data")
_CSV_DELIMITERS = ",;\t|"
_CSV_SAMPLE_CHARS = 65_536


def normalise_field_map(field_map: Mapping[str, str] | None) -> dict[str, str]:
    """``{"headline": "col"}`` -> ``{"title": "col"}``; unknown fields raise ConfigError."""
    if not field_map:
        return {}
    normalised: dict[str, str] = {}
    for key, column in field_map.items():
        name = _FIELD_ALIASES.get(str(key).casefold())
        if name is None:
            raise ConfigError(f"field_map: unknown field {key!r} (known: {', '.join(DEFAULT_FIELDS)})")
        if not isinstance(column, str) or not column:
            raise ConfigError(f"field_map: the column for {key!r} must be a non-empty name")
        normalised[name] = column
    return normalised


def resolve_columns(keys: list[str], field_map: dict[str, str]) -> dict[str, str]:
    """Which of ``keys`` holds each field (fields with no column are absent)."""
    by_folded: dict[str, str] = {}
    for key in keys:
        by_folded.setdefault(key.casefold(), key)
    columns: dict[str, str] = {}
    for name, candidates in DEFAULT_FIELDS.items():
        if name in field_map:
            wanted = field_map[name]
            found = wanted if wanted in keys else by_folded.get(wanted.casefold())
            if found is not None:
                columns[name] = found
            continue
        for candidate in candidates:
            if candidate.casefold() in by_folded:
                columns[name] = by_folded[candidate.casefold()]
                break
    return columns


def _text_fields_hint(field_map: dict[str, str]) -> str:
    if "text" in field_map:
        return f"a {field_map['text']!r} field (from field_map)"
    return "a text, body or content field; or map yours with --field text=COLUMN"


def record_to_found(record: Any, index: int, ctx: ReadContext,
                    columns: dict[str, str] | None = None) -> Found:
    """One JSON object or CSV row as an article; MalformedInput when it has no text."""
    if not isinstance(record, dict):
        raise MalformedInput(ctx.path, f"record is a JSON {type(record).__name__}, expected an object")
    if columns is None:
        columns = resolve_columns([str(k) for k in record], ctx.field_map)
    warnings: list[str] = []
    # repaired before cleaning splits and normalises it: cleaning drops the C1 control
    # characters that mojibake such as "â€\x9d" (a closing quote) is partly made of
    raw_text = record.get(columns["text"]) if "text" in columns else None
    if isinstance(raw_text, str):
        raw_text = repair_mojibake(raw_text, warnings)
    paragraphs = _paragraphs_of(raw_text)
    if not paragraphs:
        raise MalformedInput(ctx.path, f"record has no text (expected {_text_fields_hint(ctx.field_map)})")

    title = _as_text(record.get(columns.get("title", ""))) if "title" in columns else ""
    if not title:
        warnings.append("record has no title")
    published = precision = None
    if "date" in columns and record.get(columns["date"]) not in (None, ""):
        raw_date = record[columns["date"]]
        parsed = parse_date_value(raw_date, tuple(ctx.settings["languages"]))
        if parsed:
            published, precision = parsed
        else:
            warnings.append(f"cannot read the date {str(raw_date)[:40]!r}; left empty")
    language = None
    if "language" in columns:
        raw_language = record.get(columns["language"])
        language = normalise_language_tag(raw_language)
        if raw_language not in (None, "") and language is None:
            warnings.append(f"language {str(raw_language)[:20]!r} is not an ISO 639-1 code; identified from text")
    used = set(columns.values())
    extra = {str(k): v for k, v in record.items() if k not in used}
    return Found(
        headline=title,
        paragraphs=paragraphs,
        extractor=EXTRACTOR,
        source=_as_text(record.get(columns["source"])) if "source" in columns else None,
        url=_as_text(record.get(columns["url"])) if "url" in columns else None,
        published=published,
        date_precision=precision,
        date_origin="field" if published else None,
        language=language,
        extra=extra,
        record=index,
        warnings=warnings,
    )


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_as_text(v) for v in value)
    return str(value).strip()


def _paragraphs_of(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [p for item in value for p in _paragraphs_of(item)]
    if isinstance(value, dict):
        return []
    text = str(value)
    if looks_like_html(text):
        return fragment_to_paragraphs(text)
    return text_to_paragraphs(text)


# --------------------------------------------------------------------------- JSON


# Python refuses to turn more than 4,300 digits into an int (a guard against slow
# conversions); such a number in some field of an export is kept as its digits.
_MAX_INT_DIGITS = 4000


def _int_or_digits(digits: str) -> int | str:
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else digits


def _no_constant(name: str) -> None:
    return None  # NaN, Infinity, -Infinity: no value, as null (never an article titled "nan")


def loads_json(text: str) -> Any:
    """``json.loads``, except that an integer of thousands of digits stays text instead of
    failing the whole input, and NaN / Infinity (not JSON, but Python writes them) are null."""
    return json.loads(text, parse_int=_int_or_digits, parse_constant=_no_constant)


def read_jsonl(text: str, ctx: ReadContext) -> Iterator[Found | Rejection]:
    """One JSON object per line; a broken line is rejected, the others still come out."""
    index = 0
    # split on "\n" only: U+2028 and U+0085 may stand inside JSON strings
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = loads_json(line)
            yield record_to_found(record, index, ctx)
        except json.JSONDecodeError as exc:
            yield Rejection(ctx.path, f"not valid JSON at line {line_number}: {exc.msg}", record=index)
        except RecursionError:
            yield Rejection(ctx.path, f"JSON nested too deeply at line {line_number}", record=index)
        except MalformedInput as exc:
            yield Rejection(ctx.path, exc.problem, record=index)
        index += 1
    if index == 0:
        raise MalformedInput(ctx.path, "empty file (no JSON lines)")


def read_json(text: str, ctx: ReadContext) -> Iterator[Found | Rejection]:
    """A JSON array of articles, an object with an "articles" list, one article object, or a
    JSON Feed (jsonfeed.org 1.0/1.1)."""
    try:
        data = loads_json(text)
    except json.JSONDecodeError as exc:
        raise MalformedInput(ctx.path, f"not valid JSON at line {exc.lineno}: {exc.msg}") from exc
    except RecursionError as exc:
        raise MalformedInput(ctx.path, "JSON nested too deeply") from exc
    if is_json_feed(data):
        yield from read_json_feed(data, ctx)
        return
    records: list[Any]
    if isinstance(data, list):
        records = data
    elif isinstance(data, dict):
        container = next((data[k] for k in _CONTAINER_KEYS if isinstance(data.get(k), list)), None)
        if container is not None:
            records = container
        elif "text" in resolve_columns([str(k) for k in data], ctx.field_map):
            records = [data]
        else:
            raise MalformedInput(ctx.path, "JSON holds no articles (expected an array of objects, an object "
                                           "with an \"articles\" list, or one article object with a text field)")
    else:
        raise MalformedInput(ctx.path, f"JSON holds a single {type(data).__name__}, not articles")
    if not records:
        raise MalformedInput(ctx.path, "JSON holds an empty list of articles")
    for index, record in enumerate(records):
        try:
            yield record_to_found(record, index, ctx)
        except MalformedInput as exc:
            yield Rejection(ctx.path, exc.problem, record=index)


# --------------------------------------------------------------------------- CSV


def read_csv(text: str, ctx: ReadContext) -> Iterator[Found | Rejection]:
    """CSV/TSV with a header row; the dialect is sniffed from the first rows."""
    _raise_field_size_limit(len(text))
    dialect = _sniff_dialect(text, ctx.path)
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise MalformedInput(ctx.path, f"malformed CSV at line {reader.line_num}: {exc}") from exc
    if not header or not any(cell.strip() for cell in header):
        raise MalformedInput(ctx.path, "CSV has no header row")
    header = [cell.strip().lstrip("\ufeff") for cell in header]
    columns = resolve_columns(header, ctx.field_map)
    missing = [f"{name} -> {column!r}" for name, column in ctx.field_map.items() if name not in columns]
    if missing:
        raise MalformedInput(ctx.path, f"field_map names columns not in the CSV header ({', '.join(missing)}); "
                                       f"columns are: {', '.join(header)[:200]}")
    if "text" not in columns:
        raise MalformedInput(ctx.path, f"CSV header has no text column (expected {_text_fields_hint(ctx.field_map)}; "
                                       f"header row is: {', '.join(header)[:200]})")
    index = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield Rejection(ctx.path, f"malformed CSV at line {reader.line_num}: {exc}; the rest of the file "
                                      f"was not read", record=index)
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Rejection(ctx.path, f"row at line {reader.line_num} has {len(row)} fields but the header has "
                                      f"{len(header)}", record=index)
        else:
            try:
                yield record_to_found(dict(zip(header, row)), index, ctx, columns)
            except MalformedInput as exc:
                yield Rejection(ctx.path, exc.problem, record=index)
        index += 1


def _sniff_dialect(text: str, path: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[:_CSV_SAMPLE_CHARS]
    # Cut at a line end so the sniffer does not see a half row.
    if len(text) > _CSV_SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS)
    except csv.Error:
        first_line = sample.split("\n", 1)[0]
        if path.lower().removesuffix(".gz").endswith(".tsv") or first_line.count("\t") > first_line.count(","):
            return csv.excel_tab
        return csv.excel


def _raise_field_size_limit(size: int) -> None:
    # Article bodies in one cell easily exceed csv's 128 KB default.
    wanted = min(max(size + 1, csv.field_size_limit()), 2**31 - 1)
    if wanted > csv.field_size_limit():
        csv.field_size_limit(wanted)
