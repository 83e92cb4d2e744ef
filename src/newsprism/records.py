"""The records that flow between newsprism's stages, defined in one place.

    inputs --ingest--> Article --analyse--> Analysis --stories--> Story/Assignment
           --compare--> Brief --render--> Markdown / JSON / HTML

Every stage takes and returns these plain dataclasses; none reaches into another
stage's internals. Offsets in analysis records are character offsets into
``Article.full_text`` (the headline, a blank line, then the body paragraphs joined by
blank lines), so a span can always be shown in its sentence.

Every derived value carries ``extractor`` ("name/version") for provenance.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from collections.abc import Callable
from typing import Any, Literal

PARAGRAPH_SEPARATOR = "\n\n"

DatePrecision = Literal["year", "month", "day", "minute", "second"]


_PLAIN = (str, int, float, bool, type(None))


@functools.lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_dict(record: Any) -> Any:
    """Plain-JSON form of a record (datetimes as ISO strings), recursively."""
    if isinstance(record, _PLAIN):
        return record
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {name: to_dict(getattr(record, name)) for name in _field_names(type(record))}
    if isinstance(record, datetime):
        return record.isoformat()
    if isinstance(record, (list, tuple)):
        return [to_dict(x) for x in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


def to_json(record: Any, *, indent: int | None = None) -> str:
    """Strict JSON text of a record: a value that is not a number (a vague "several
    hundred" has no value, NaN in memory) is null, as in the HTTP API, since JSON has no
    NaN and tools such as jq reject it.

    >>> to_json({"value": float("nan"), "n": [1.5, float("inf")]})
    '{"value": null, "n": [1.5, null]}'
    """
    data = to_dict(record)
    if indent is None:
        try:
            return json.dumps(data, ensure_ascii=False, default=str, allow_nan=False)
        except ValueError:  # a NaN or infinity somewhere: only then walk the tree
            return json.dumps(_finite(data), ensure_ascii=False, default=str)
    try:  # indented text is encoded in Python: look for NaN with the C encoder first
        json.dumps(data, default=str, allow_nan=False)
    except ValueError:
        data = _finite(data)
    return json.dumps(data, ensure_ascii=False, indent=indent, default=str)


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def from_dict(cls: type, data: Any) -> Any:
    """The record of dataclass ``cls`` from its :func:`to_dict` form, recursively (by the
    fields' type hints: nested records, lists, dicts, optional values, datetimes)."""
    return cls(**{name: decode(data[name]) for name, decode in _field_decoders(cls) if name in data})


@functools.lru_cache(maxsize=None)
def _field_decoders(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls))


def _same(value: Any) -> Any:
    return value


@functools.lru_cache(maxsize=None)
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """One function per type hint that turns its JSON form back (None stays None): the
    hint is read once, not once per value (a cached brief holds tens of thousands)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return _decoder(options[0]) if len(options) == 1 else _same
    if origin is list:
        item = _decoder(args[0]) if args else _same
        if item is _same:
            return lambda v: None if v is None else list(v)
        return lambda v: None if v is None else [item(x) for x in v]
    if origin is dict:
        entry = _decoder(args[1]) if args else _same
        if entry is _same:
            return lambda v: None if v is None else dict(v)
        return lambda v: None if v is None else {k: entry(x) for k, x in v.items()}
    if origin is tuple:
        return lambda v: None if v is None else tuple(v)
    if hint is datetime:
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if dataclasses.is_dataclass(hint):
        return lambda v: None if v is None else from_dict(hint, v)  # type: ignore[arg-type]
    return _same


def _normalise_for_id(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def content_id(headline: str, paragraphs: list[str], source: str | None = None) -> str:
    """Stable article id: a hash of the outlet and the normalised headline and body.

    The same article ingested twice (another file, another format, other whitespace)
    gets the same id, so the store keeps one copy. The same text published by two
    outlets is two articles (a wire story and its reprint), linked as reprints later.

    >>> content_id("A  title", ["Body."], "Wire") == content_id("a title", ["Body. "], "wire")
    True
    >>> content_id("A title", ["Body."], "Wire") == content_id("A title", ["Body."], "Daily")
    False
    """
    basis = (_normalise_for_id(source or "") + "\x1f" + _normalise_for_id(headline) + "\x1f"
             + _normalise_for_id(" ".join(paragraphs)))
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- ingest


@dataclass
class IngestInfo:
    """Where an article came from and how it was read."""

    path: str
    format: str  # "text", "html", "jsonl", "json", "csv", "feed"
    extractor: str  # e.g. "newsprism.text/1", "trafilatura/2.3.1"
    encoding: str | None = None
    record: int | None = None  # index of the record inside a multi-article file
    warnings: list[str] = field(default_factory=list)


@dataclass
class Article:
    """One news article, cleaned: headline, outlet, date, language, body paragraphs."""

    id: str
    headline: str
    paragraphs: list[str]
    source: str | None = None  # outlet name as given or found
    url: str | None = None
    # naive: the wall-clock time the source gave (UTC for numeric timestamps)
    published: datetime | None = None
    date_precision: DatePrecision | None = None
    date_origin: str | None = None  # "dateline", "field", "metadata", "htmldate", "feed", "story"
    language: str | None = None  # ISO 639-1
    language_confidence: float | None = None
    credits: list[str] = field(default_factory=list)  # agency credits such as "PAP"
    extra: dict[str, Any] = field(default_factory=dict)  # unmapped input fields, kept
    ingest: IngestInfo | None = None

    @property
    def text(self) -> str:
        """The body: paragraphs joined by blank lines."""
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)

    @property
    def headline_only(self) -> bool:
        """A headline with no body (a title-only feed entry): listed in its story, but
        left out of fact-by-fact comparison."""
        return not self.paragraphs

    @property
    def timed(self) -> bool:
        """Whether the publication carries a time of day, not only the day: only then are
        two reports of one day in a known order."""
        if self.published is None:
            return False
        if self.date_precision is not None:
            return self.date_precision in ("minute", "second")
        return self.published.time() != datetime.min.time()

    @property
    def full_text(self) -> str:
        """Headline + body; analysis offsets point into this string."""
        if not self.headline:
            return self.text
        return self.headline + PARAGRAPH_SEPARATOR + self.text

    @classmethod
    def create(cls, headline: str, paragraphs: list[str], **kwargs: Any) -> "Article":
        """Build an article whose id is derived from its content."""
        return cls(id=content_id(headline, paragraphs, kwargs.get("source")), headline=headline,
                   paragraphs=paragraphs, **kwargs)


@dataclass
class Rejection:
    """An input (or one record of it) that could not become an article."""

    path: str
    problem: str  # one line a user can act on
    record: int | None = None

    def __str__(self) -> str:
        where = self.path if self.record is None else f"{self.path} [record {self.record}]"
        return f"{where}: {self.problem}"


# --------------------------------------------------------------------------- analysis


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int  # 0 is the headline when the article has one


@dataclass
class EntityMention:
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, OUTLET, FAC, EVENT, ...
    sentence: int
    key: str  # comparable form across spellings/scripts: transliterated, casefolded
    extractor: str


TimeKind = Literal["date", "time", "duration", "set", "relative", "reference", "unresolved"]
Granularity = Literal["year", "quarter", "season", "month", "week", "day", "time"]


@dataclass
class TimeExpression:
    """A date/time phrase normalised against the article's publication date.

    ``value`` is ISO-like at the given granularity: "2023-09-17", "2023-09", "2023",
    "2023-W38", "2023-09-17T10:00". Durations carry ``duration`` ("P9M", "PT24H").
    Expressions relative to another event ("the following day") carry ``relative_to``
    (the event phrase, or None when the sentence names none) and ``offset_days``.
    """

    start: int
    end: int
    text: str
    kind: TimeKind
    sentence: int
    extractor: str
    value: str | None = None
    granularity: Granularity | None = None
    duration: str | None = None
    relative_to: str | None = None
    offset_days: int | None = None
    anchor: str | None = None  # what the value was resolved against: "publication", "event"
    event: str | None = None  # lemma of the word the expression dates ("strike", "meeting")


Qualifier = Literal["exact", "about", "over", "under", "at_least", "at_most", "vague", "range"]


@dataclass
class Quantity:
    """A number in the text, normalised: "100 thousand ethnic Armenians" -> 100000 people."""

    start: int
    end: int
    text: str
    value: float
    sentence: int
    extractor: str
    unit: str | None = None  # measured unit ("kilometre", "dollar", "percent")
    counted: str | None = None  # counted thing, lemma of the head noun ("people", "truck")
    category: str | None = None  # coarse class of counted: "people", "casualties", "money", ...
    qualifier: Qualifier = "exact"
    low: float | None = None
    high: float | None = None
    event: str | None = None  # lemma of the verb the number belongs to ("evacuate", "win")
    # how a count without a number of its own was read: "implicit" ("a man" is one),
    # "sum" ("an infant and two women" is three); None when the text states the number
    basis: str | None = None


PlaceLevel = Literal["street", "city", "county", "state", "country"]
PlaceRole = Literal["dateline", "locative", "address", "mention"]


@dataclass
class Place:
    """A place the text names, resolved where the gazetteer knows it.

    ``role`` says how the text uses it: the dateline ("HAWTHORNE —"), where something
    happens ("in Hawthorne, Calif."), a street address ("the 6600 block of South Michigan
    Ave") or a plain mention. ``level`` places it in the hierarchy street < city < county
    < state < country (None when unresolved); ``city``, ``state`` and ``country`` are the
    levels that contain it, as far as known. ``key`` compares places across articles.
    """

    start: int
    end: int
    text: str
    sentence: int
    extractor: str
    role: PlaceRole
    name: str  # canonical name: "Hawthorne", "Los Angeles County", "6600 block of South Michigan Ave"
    level: PlaceLevel | None = None
    city: str | None = None
    state: str | None = None  # first-level region: US state code ("CA"), else GeoNames admin1
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    key: str = ""


@dataclass
class Quote:
    """Reported speech: who said what, with the cue that introduces it."""

    start: int
    end: int
    kind: Literal["direct", "indirect", "mixed"]
    content: Span
    sentence: int
    extractor: str
    speaker: Span | None = None
    cue: Span | None = None
    speaker_entity: str | None = None  # EntityMention.key of the speaker where linked
    # who a pronoun speaker stands for ("He also noted" -> "an European Union official")
    speaker_resolved: str | None = None


@dataclass
class Citation:
    """This article cites another outlet or a named/anonymous source for some content."""

    start: int
    end: int
    source: str  # as written: "Politico", "a Western diplomat", "PAP"
    kind: Literal["outlet", "person", "official", "anonymous", "agency", "document"]
    sentence: int
    extractor: str
    key: str = ""  # comparable form of source
    cue: Span | None = None
    content: Span | None = None


@dataclass
class Analysis:
    """Everything extracted from one article."""

    article_id: str
    version: str  # analysis pipeline version; a change triggers re-analysis
    language: str | None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)  # content-word lemmas (for story features)
    warnings: list[str] = field(default_factory=list)  # what could not be analysed, and why

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Analysis":
        def spans(d: dict[str, Any] | None) -> Span | None:
            return Span(**d) if d else None

        return cls(
            article_id=data["article_id"],
            version=data["version"],
            language=data.get("language"),
            sentences=[Sentence(**s) for s in data.get("sentences", [])],
            entities=[EntityMention(**e) for e in data.get("entities", [])],
            times=[TimeExpression(**t) for t in data.get("times", [])],
            quantities=[Quantity(**q) for q in data.get("quantities", [])],
            places=[Place(**p) for p in data.get("places", [])],
            quotes=[Quote(**{**q, "content": Span(**q["content"]), "speaker": spans(q.get("speaker")),
                             "cue": spans(q.get("cue"))}) for q in data.get("quotes", [])],
            citations=[Citation(**{**c, "cue": spans(c.get("cue")), "content": spans(c.get("content"))})
                       for c in data.get("citations", [])],
            lemmas=list(data.get("lemmas", [])),
            warnings=list(data.get("warnings", [])),
        )


# --------------------------------------------------------------------------- stories


@dataclass
class Assignment:
    """Why an article is in a story: the decision, its score and its evidence."""

    article_id: str
    story_id: str
    score: float  # similarity to the story at decision time (1.0 for a story's first article)
    new_story: bool
    evidence: dict[str, Any] = field(default_factory=dict)  # shared entities, terms, dates, numbers


@dataclass
class Reprint:
    """``copy_id`` is a (possibly edited or truncated) copy of ``original_id``."""

    copy_id: str
    original_id: str
    similarity: float  # Jaccard of shingles
    containment: float  # share of the copy's shingles found in the original
    diff: list[dict[str, Any]] = field(default_factory=list)  # word-level changes


# --------------------------------------------------------------------------- briefs

Verdict = Literal["agree", "compatible", "contradict", "update", "single"]


@dataclass
class Claim:
    """One outlet's statement of a fact, traceable to its sentence."""

    article_id: str
    outlet: str | None
    published: datetime | None
    text: str  # the value as written ("about 100 thousand", "on Wednesday", "Istanbul")
    value: str  # normalised value ("100000", "2023-10-04", "istanbul")
    start: int  # offsets of ``text`` in the article's full_text
    end: int
    sentence: str  # the whole sentence, for display
    sentence_start: int
    sentence_end: int
    qualifier: str | None = None
    low: float | None = None
    high: float | None = None
    reprint_of: str | None = None  # a copy's claims are shown but counted once
    event: str | None = None  # what the value belongs to ("rob", "meet"), where known
    # the source the outlet reports it from, when the claim sits in reported speech or a
    # citation ("Politico", "police"): still the outlet's claim, flagged as attributed
    attributed_to: str | None = None
    note: str | None = None  # how the value was read, when not stated outright ("7 shot, 3 dead")


@dataclass
class Fact:
    """A comparable fact of a story and what each outlet says about it."""

    id: str
    type: Literal["date", "relative_date", "place", "participants", "count", "quote", "source"]
    about: str  # "dead", "people", "meeting ... Istanbul", speaker name ...
    claims: list[Claim]
    verdict: Verdict
    explanation: str
    outlets: list[str] = field(default_factory=list)
    conflicts: list[list[int]] = field(default_factory=list)  # index pairs of claims that contradict
    updates: list[list[int]] = field(default_factory=list)  # index pairs where a later report revises
    # a slot of the story's main event (its date, place, toll): one claim per article
    main: bool = False
    # the value the event summary shows when the fact chooses it itself (a place: the
    # finest one the others contain) and how many outlets it agrees with; None: the
    # value most outlets give
    summary: str | None = None
    summary_support: int = 0


@dataclass
class EntityVariant:
    text: str
    outlets: list[str]
    count: int


@dataclass
class BriefEntity:
    id: str
    label: str
    canonical: str
    variants: list[EntityVariant]
    outlets: list[str]
    mentions: int


@dataclass
class QuoteVariant:
    article_id: str
    outlet: str | None
    text: str
    kind: str
    speaker: str | None
    sentence: str
    start: int
    end: int


@dataclass
class QuoteGroup:
    id: str
    speaker: str | None
    variants: list[QuoteVariant]
    outlets: list[str]
    wordings: int  # distinct wordings among the variants


@dataclass
class CitationEdge:
    article_id: str
    outlet: str | None  # the citing outlet
    cited: str  # cited outlet or source as written
    cited_key: str
    kind: str
    sentence: str
    start: int
    end: int


@dataclass
class TimelineEvent:
    date: str  # ISO at granularity
    granularity: str
    description: str
    outlets: list[str]
    article_ids: list[str]
    fact_id: str | None = None


@dataclass
class BriefArticle:
    id: str
    headline: str
    outlet: str | None
    published: datetime | None
    language: str | None
    url: str | None
    reprint_of: str | None = None
    date_range: list[str] | None = None  # for undated articles: [from, to] taken from the story
    headline_only: bool = False  # no body: listed, not compared fact by fact


@dataclass
class Brief:
    """Everything newsprism knows about one story, fact by fact."""

    story_id: str
    headline: str
    generated_at: datetime
    articles: list[BriefArticle]
    entities: list[BriefEntity]
    facts: list[Fact]
    quotes: list[QuoteGroup]
    citations: list[CitationEdge]
    timeline: list[TimelineEvent]
    reprints: list[Reprint]
    earliest: str | None  # article id of the earliest report
    original_sources: list[str]  # outlets/agencies the story rests on (most cited)
    outlet_coverage: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # outlet -> added / omitted fact ids
    schema: str = "newsprism.brief/1"
