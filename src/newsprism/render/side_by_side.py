"""Two articles of a story side by side: paragraphs aligned, the facts they share and the
ones only one of them gives marked in the text.

Paragraphs are aligned in order (a monotone alignment, as a reader compares two
reports: a paragraph may face nothing when one article has no counterpart). Similarity is
word overlap on folded text plus the facts two paragraphs state in common, so two
languages still line up where they give the same numbers, dates and names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from unidecode import unidecode

from newsprism.records import PARAGRAPH_SEPARATOR, Article, Brief
from newsprism.render import format_number

# Below this a pair of paragraphs is not worth facing each other.
MIN_SIMILARITY = 0.25


@dataclass
class Piece:
    text: str
    fact: str | None = None  # the fact's label when this piece is a claim
    mark: str | None = None  # "shared", "contradict", "update" or "only"


@dataclass
class Row:
    left: list[Piece] | None
    right: list[Piece] | None
    headline: bool = False


@dataclass
class SideBySide:
    left: Article
    right: Article
    rows: list[Row] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)  # labels of facts both give
    contradict: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # the later report revises the earlier
    left_only: list[str] = field(default_factory=list)
    right_only: list[str] = field(default_factory=list)


def _paragraph_spans(article: Article) -> list[tuple[int, int]]:
    """Where each paragraph sits in ``article.full_text`` (no separator without a headline)."""
    spans, at = [], len(article.headline) + len(PARAGRAPH_SEPARATOR) if article.headline else 0
    for p in article.paragraphs:
        spans.append((at, at + len(p)))
        at += len(p) + len(PARAGRAPH_SEPARATOR)
    return spans


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unidecode(text).casefold())


def align(left: list[str], right: list[str], bonus: dict[tuple[int, int], float] | None = None
          ) -> list[tuple[int | None, int | None, float]]:
    """A monotone alignment of two paragraph lists maximising total similarity; unmatched
    paragraphs face None. ``bonus`` adds evidence for a pair (shared facts)."""
    bonus = bonus or {}
    fl, fr = [_fold(p) for p in left], [_fold(p) for p in right]
    sim = [[min(1.0, fuzz.token_set_ratio(a, b) / 100 * 0.6 + bonus.get((i, j), 0.0)) for j, b in enumerate(fr)]
           for i, a in enumerate(fl)]
    n, m = len(left), len(right)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pair = best[i + 1][j + 1] + sim[i][j] if sim[i][j] >= MIN_SIMILARITY else -1.0
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    out: list[tuple[int | None, int | None, float]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= MIN_SIMILARITY and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            out.append((i, j, sim[i][j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            out.append((i, None, 0.0))
            i += 1
        else:
            out.append((None, j, 0.0))
            j += 1
    out.extend((k, None, 0.0) for k in range(i, n))
    out.extend((None, k, 0.0) for k in range(j, m))
    return out


def side_by_side(brief: Brief, left: Article, right: Article, label: Any = None) -> SideBySide:
    """The two articles' paragraphs aligned, each claim of a fact marked: shared (both
    give it, in agreement), contradict (both give it, disagreeing), update (the later one
    revises it), only (one gives it)."""
    label = label or (lambda f: f.about)
    result = SideBySide(left, right)
    marks: dict[str, list[tuple[int, int, str, str]]] = {left.id: [], right.id: []}
    facts_in: dict[str, dict[str, set[int]]] = {left.id: {}, right.id: {}}
    spans = {left.id: _paragraph_spans(left), right.id: _paragraph_spans(right)}
    for fact in brief.facts:
        ids = {c.article_id for c in fact.claims}
        both = left.id in ids and right.id in ids
        if not (left.id in ids or right.id in ids):
            continue
        pair = {left.id, right.id}
        contradicting = both and any({fact.claims[a].article_id, fact.claims[b].article_id} == pair
                                     for a, b in fact.conflicts)
        updating = both and any({fact.claims[a].article_id, fact.claims[b].article_id} == pair
                                for a, b in fact.updates)
        kind = "contradict" if contradicting else "update" if updating else "shared" if both else "only"
        name = label(fact)
        if kind == "contradict":
            result.contradict.append(name)
        elif kind == "update":
            result.updated.append(name)
        elif kind == "shared":
            result.shared.append(name)
        else:
            (result.left_only if left.id in ids else result.right_only).append(name)
        for c in fact.claims:
            if c.article_id in marks:
                marks[c.article_id].append((c.start, c.end, kind, name))
                for p, (s, e) in enumerate(spans[c.article_id]):
                    if s <= c.start < e:
                        facts_in[c.article_id].setdefault(fact.id, set()).add(p)
    bonus: dict[tuple[int, int], float] = {}
    for fid, left_paragraphs in facts_in[left.id].items():
        for i in left_paragraphs:
            for j in facts_in[right.id].get(fid, ()):
                bonus[(i, j)] = bonus.get((i, j), 0.0) + 0.2
    # the headlines face each other first: main facts are often claimed there ("kills 12")
    result.rows.append(Row(_pieces(left.headline, (0, len(left.headline)), marks[left.id]),
                           _pieces(right.headline, (0, len(right.headline)), marks[right.id]), headline=True))
    for i, j, _ in align(left.paragraphs, right.paragraphs, bonus):
        result.rows.append(Row(None if i is None else _pieces(left.paragraphs[i], spans[left.id][i], marks[left.id]),
                               None if j is None else _pieces(right.paragraphs[j], spans[right.id][j], marks[right.id])))
    return result


def _pieces(text: str, span: tuple[int, int], marks: list[tuple[int, int, str, str]]) -> list[Piece]:
    """``text`` (found at ``span`` of the full text) cut into plain and marked pieces."""
    start, end = span
    inside = sorted((s, e, k, n) for s, e, k, n in marks if start <= s and e <= end)
    pieces, at = [], start
    for s, e, kind, name in inside:
        if s < at:
            continue  # overlapping claims: the first one shown
        if s > at:
            pieces.append(Piece(text[at - start:s - start]))
        pieces.append(Piece(text[s - start:e - start], fact=name, mark=kind))
        at = e
    if at < end:
        pieces.append(Piece(text[at - start:]))
    return pieces


# The article page marks what the analysis found; where findings overlap, the later kind
# in this order wins the characters (a date inside a quote stays a date, a named speaker
# is marked as the speaker).
HIGHLIGHT_ORDER = ("quote", "entity", "speaker", "number", "date")


def highlighted_paragraphs(article: Article, analysis: Any) -> list[list[Piece]]:
    """The headline (if any) and each paragraph cut into pieces, those the analysis found
    marked with their kind (quote, speaker, entity, number, date) and what it read there."""
    text = article.full_text
    found: dict[str, list[tuple[int, int, str]]] = {k: [] for k in HIGHLIGHT_ORDER}
    for q in analysis.quotes:
        who = q.speaker_resolved or (q.speaker.text if q.speaker else "unattributed")
        found["quote"].append((q.content.start, q.content.end, f"{q.kind} quote: {who}"))
        if q.speaker:
            found["speaker"].append((q.speaker.start, q.speaker.end, "speaker"))
    for e in analysis.entities:
        found["entity"].append((e.start, e.end, e.label))
    for n in analysis.quantities:
        found["number"].append((n.start, n.end, " ".join(x for x in (format_number(n.value), n.counted or n.unit or "")
                                                           if x)))
    for d in analysis.times:
        found["date"].append((d.start, d.end, f"{d.kind}: {d.value or d.duration or 'unresolved'}"))
    label: list[tuple[str, str] | None] = [None] * len(text)
    for kind in HIGHLIGHT_ORDER:
        for start, end, what in found[kind]:
            for i in range(max(start, 0), min(end, len(text))):
                label[i] = (kind, what)
    spans = ([(0, len(article.headline))] if article.headline else []) + _paragraph_spans(article)
    out = []
    for start, end in spans:
        pieces: list[Piece] = []
        at = start
        while at < end:
            here, stop = label[at], at + 1
            while stop < end and label[stop] == here:
                stop += 1
            pieces.append(Piece(text[at:stop], fact=here[1] if here else None, mark=here[0] if here else None))
            at = stop
        out.append(pieces)
    return out
