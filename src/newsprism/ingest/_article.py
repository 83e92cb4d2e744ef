"""Turning what a reader found into a clean Article (shared by every reader)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from newsprism.errors import MalformedInput
from newsprism.ingest._clean import clean_paragraphs, normalise_line, repair_mojibake
from newsprism.ingest._language import UNKNOWN, identify
from newsprism.records import Article, DatePrecision, IngestInfo

NO_SOURCE_WARNING = "no outlet known; pass --source, --source-from folder|file or --sources FILE"


@dataclass
class ReadContext:
    """What every reader needs to know about the file it is reading."""

    path: str
    format: str
    settings: dict[str, Any]  # the [ingest] configuration table
    source: str | None = None  # the caller's outlet name; wins over anything found
    fallback_source: str | None = None  # the outlet when the input names none (its folder, a mapping)
    encoding: str | None = None
    field_map: dict[str, str] = field(default_factory=dict)


@dataclass
class Found:
    """An article as a reader found it, before cleaning."""

    headline: str
    paragraphs: list[str]
    extractor: str
    source: str | None = None
    url: str | None = None
    published: datetime | None = None
    date_precision: DatePrecision | None = None
    date_origin: str | None = None
    language: str | None = None  # declared by the input ("lang" field, feed language)
    credits: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    record: int | None = None
    warnings: list[str] = field(default_factory=list)
    # a feed entry may be only a headline (with its link and time): kept, without a body
    headline_only: bool = False


EARLIEST_PUBLICATION_YEAR = 1800
def plausible_publication(moment: datetime) -> bool:
    """A publication date between 1800 and a year from now."""
    naive = moment.replace(tzinfo=None)
    return EARLIEST_PUBLICATION_YEAR <= naive.year and naive <= datetime.now() + timedelta(days=366)


def build_article(found: Found, ctx: ReadContext) -> Article:
    """Clean ``found`` (boilerplate, credits), identify its language, give it an id."""
    repairs: list[str] = []
    headline = normalise_line(repair_mojibake(found.headline, repairs))
    found_source = normalise_line(repair_mojibake(found.source, repairs)) if found.source else None
    paragraphs, credits, warnings = clean_paragraphs([repair_mojibake(p, repairs) for p in found.paragraphs])
    if not paragraphs and not (found.headline_only and headline):
        raise MalformedInput(ctx.path, "no article text (the body is empty after removing boilerplate)")
    warnings = found.warnings + sorted(set(repairs) - set(found.warnings)) + warnings
    source = ctx.source or found_source or (normalise_line(ctx.fallback_source) if ctx.fallback_source else None)
    all_credits = found.credits + credits
    if source is None and all_credits:
        # a wire text credited "(PAP)" names its outlet at the end
        source = all_credits[0]
        warnings.append(f"outlet taken from the credit ({source})")
    if source is None:
        warnings.append(NO_SOURCE_WARNING)

    published = found.published
    if published is not None and not plausible_publication(published):
        # placeholder dates of exports ("0001-01-01", "9999-12-31") are no dates at all
        warnings.append(f"publication date {published.isoformat()} is implausible; treated as unknown")
        published = None

    full = headline + "\n\n" + "\n\n".join(paragraphs)
    language, confidence = identify(full, ctx.settings["languages"], ctx.settings["min_language_confidence"])
    if found.language:
        # The input says which language it is in; trust it, but say when the text disagrees.
        if language not in (UNKNOWN, found.language):
            warnings.append(f"declared language {found.language!r} but the text looks like {language!r}")
        language = found.language
        confidence = None

    return Article.create(
        headline,
        paragraphs,
        source=source,
        url=normalise_line(found.url) if found.url else None,
        published=published,
        date_precision=found.date_precision if published else None,
        date_origin=found.date_origin if published else None,
        language=language,
        language_confidence=None if confidence is None else round(confidence, 4),
        credits=all_credits,
        extra=found.extra,
        ingest=IngestInfo(path=ctx.path, format=ctx.format, extractor=found.extractor,
                          encoding=ctx.encoding, record=found.record, warnings=warnings),
    )
