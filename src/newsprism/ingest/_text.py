"""Plain-text articles: headline line, optional dateline, body paragraphs."""

from __future__ import annotations

from datetime import datetime

from newsprism.errors import MalformedInput
from newsprism.ingest._article import Found, ReadContext
from newsprism.ingest._clean import is_boilerplate, join_block, split_blocks
from newsprism.ingest._dates import parse_dateline
from newsprism.records import DatePrecision

EXTRACTOR = "newsprism.text/1"


def read_text(text: str, ctx: ReadContext) -> Found:
    """The first non-empty line is the headline; a dateline line anywhere gives the date.

    Datelines and teaser lines are taken out of the body. When the file separates
    paragraphs with blank lines, lines wrapped inside a paragraph are joined.
    """
    blocks = split_blocks(text)
    lines = [line for block in blocks for line in block]
    if not lines:
        raise MalformedInput(ctx.path, "empty file (only whitespace)")

    published: datetime | None = None
    precision: DatePrecision | None = None
    body: list[str] = []
    headline: str | None = None
    for block in blocks:
        kept: list[str] = []
        for line in block:
            dateline = parse_dateline(line)
            if dateline is not None:
                if published is None and dateline[0] is not None:
                    published, precision = dateline
                continue
            if is_boilerplate(line):
                continue
            if headline is None:
                headline = line
                continue
            kept.append(line)
        if kept:
            body.append(join_block(kept))

    if headline is None:
        raise MalformedInput(ctx.path, "no article text (only a date line)")
    if not body:
        raise MalformedInput(ctx.path, "only a headline, no article body; an article needs a headline line "
                                       "followed by its text")
    return Found(
        headline=headline,
        paragraphs=body,
        extractor=EXTRACTOR,
        published=published,
        date_precision=precision,
        date_origin="dateline" if published else None,
    )
