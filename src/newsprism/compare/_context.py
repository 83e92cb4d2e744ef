"""What the comparison modules share: the story's articles with their analyses, sentence
lookup, claims, multilingual context vectors and grouping under a one-claim-per-article
constraint."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from unidecode import unidecode

from newsprism.analyse.events import EVENT_NOUNS, same_event
from newsprism.records import Analysis, Article, Claim


@dataclass
class Member:
    article: Article
    analysis: Analysis
    reprint_of: str | None = None  # id of the article this one copies, if any

    @property
    def outlet(self) -> str:
        return self.article.source or f"unknown outlet ({self.article.id[:8]})"


@dataclass
class StoryContext:
    """The story under comparison: members in publication order and cached vectors."""

    members: list[Member]
    config: dict[str, Any]
    entity_index: dict[tuple[str, int], Any] = field(default_factory=dict)  # (article, start) -> ResolvedEntity
    _vectors: dict[str, np.ndarray] = field(default_factory=dict)
    _by_id: dict[str, Member] = field(default_factory=dict)
    _lead_ends: dict[tuple[str, int], int] = field(default_factory=dict)

    def entity_name(self, article_id: str, mention: Any) -> str:
        """Canonical name of a mention's resolved entity (its own text when unresolved)."""
        ent = self.entity_index.get((article_id, mention.start))
        return ent.canonical if ent else mention.text

    def by_id(self, article_id: str) -> Member:
        if len(self._by_id) != len(self.members):  # pair scoring asks this per pair: index once
            self._by_id = {m.article.id: m for m in self.members}
        return self._by_id[article_id]

    def lead_end(self, article_id: str, body_sentences: int) -> int:
        """Where the lead ends: the headline plus the first ``body_sentences`` of the body."""
        key = (article_id, body_sentences)
        if key not in self._lead_ends:
            m = self.by_id(article_id)
            end, seen = 0, 0
            for s in m.analysis.sentences:
                if s.paragraph == 0 and m.article.headline:
                    end = s.end
                elif seen < body_sentences:
                    end, seen = s.end, seen + 1
                else:
                    break
            self._lead_ends[key] = end
        return self._lead_ends[key]

    def sentence_of(self, member: Member, offset: int) -> tuple[str, int, int]:
        text = member.article.full_text
        for s in member.analysis.sentences:
            if s.start <= offset < s.end:
                return text[s.start:s.end], s.start, s.end
        return text[max(0, offset - 100):offset + 100], max(0, offset - 100), min(len(text), offset + 100)

    def claim(self, member: Member, start: int, end: int, value: str, **extra: Any) -> Claim:
        text = member.article.full_text
        sentence, s_start, s_end = self.sentence_of(member, start)
        extra.setdefault("attributed_to", attribution_of(member, start, s_start, s_end))
        return Claim(article_id=member.article.id, outlet=member.outlet, published=member.article.published,
                     text=text[start:end], value=value, start=start, end=end, sentence=sentence,
                     sentence_start=s_start, sentence_end=s_end, reprint_of=member.reprint_of, **extra)

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Sentence vectors, computed once per distinct text for the whole brief."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            from newsprism.embeddings import encode

            for t, v in zip(missing, encode(missing)):
                self._vectors[t] = v
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.vstack([self._vectors[t] for t in texts])


def attribution_of(member: Member, offset: int, sentence_start: int, sentence_end: int) -> str | None:
    """Who the outlet reports a statement from, when the offset sits in reported speech
    ("Politico ... reports that the meeting took place on September 17", "police said")
    or in a sentence that cites a source: the outlet still makes the claim, attributed."""
    for q in member.analysis.quotes:
        if q.content.start <= offset < q.content.end and q.speaker is not None:
            return q.speaker.text
    for c in member.analysis.citations:
        if c.content is not None and c.content.start <= offset < c.content.end:
            return c.source
    for c in member.analysis.citations:
        if sentence_start <= c.start < sentence_end and c.kind in {"outlet", "agency", "document"}:
            return c.source
    return None


def masked_context(claim: Claim) -> str:
    """The claim's sentence with the value itself masked, so that two sentences about the
    same event compare alike whatever value they give."""
    rel_start = claim.start - claim.sentence_start
    rel_end = claim.end - claim.sentence_start
    s = claim.sentence
    if 0 <= rel_start <= rel_end <= len(s):
        return (s[:rel_start] + " … " + s[rel_end:]).strip()
    return s


# How two claims' contexts are compared: multilingual sentence vectors catch paraphrase
# and translation but score any two sentences of one story alike; the words and entities
# right around the value tell events apart. A shared value is evidence of a shared fact.
CONTEXT_WEIGHT = 0.5
LEXICAL_WEIGHT = 0.5
WINDOW_CHARS = 90
_WORD = re.compile(r"[^\W\d_]{3,}")


def _window_terms(ctx: "StoryContext", claim: Claim) -> set[str]:
    from newsprism.analyse import STOPWORDS

    m = ctx.by_id(claim.article_id)
    text = m.article.full_text
    lo = max(claim.sentence_start, claim.start - WINDOW_CHARS)
    hi = min(claim.sentence_end, claim.end + WINDOW_CHARS)
    window = unidecode(text[lo:claim.start] + " " + text[claim.end:hi]).casefold()
    terms = {w[:5] for w in _WORD.findall(window) if w not in STOPWORDS}
    for e in m.analysis.entities:
        if lo <= e.start < hi and not (claim.start <= e.start < claim.end):
            ent = ctx.entity_index.get((m.article.id, e.start))
            terms.add("@" + (ent.id if ent else e.key))
    return terms


def pair_scores(ctx: "StoryContext", claims: list[Claim], texts: Sequence[str] | None = None,
                adjust: Callable[[Claim, Claim], float] | None = None) -> np.ndarray:
    """Similarity of every pair of claims (symmetric matrix); ``adjust`` adds a
    value-dependent term (a bonus for agreeing values, a margin for clashing ones)."""
    vectors = ctx.vectors(list(texts) if texts is not None else [masked_context(c) for c in claims])
    sims = vectors @ vectors.T if len(claims) else np.zeros((0, 0))
    terms = [_window_terms(ctx, c) for c in claims]
    n = len(claims)
    scores = CONTEXT_WEIGHT * sims
    for i in range(n):
        for j in range(i + 1, n):
            union = len(terms[i]) + len(terms[j])
            lexical = 2 * len(terms[i] & terms[j]) / union if union else 0.0
            bonus = adjust(claims[i], claims[j]) if adjust else 0.0
            scores[i, j] = scores[j, i] = scores[i, j] + LEXICAL_WEIGHT * lexical + bonus
    return scores


def group_claims(claims: list[Claim], scores: np.ndarray, threshold: float,
                 compatible: Callable[[Claim, Claim], bool] = lambda a, b: True) -> list[list[Claim]]:
    """Greedy grouping of claims by pair score, best pairs first, never putting two claims
    of the same article in one group (an article states a fact once).
    """
    n = len(claims)
    parent = list(range(n))
    articles: list[set[str]] = [{c.article_id} for c in claims]
    members: list[list[int]] = [[i] for i in range(n)]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if n > 1:
        sims = scores
        pairs = [(sims[i, j], i, j) for i in range(n) for j in range(i + 1, n)
                 if claims[i].article_id != claims[j].article_id and sims[i, j] >= threshold]
        for _, i, j in sorted(pairs, key=lambda p: -p[0]):
            ri, rj = find(i), find(j)
            if ri == rj or articles[ri] & articles[rj]:
                continue
            # complete link on compatibility: every claim of one group must be able to
            # state the same fact as every claim of the other (no chaining
            # farmers -> thousands -> tractors)
            if not all(compatible(claims[x], claims[y]) for x in members[ri] for y in members[rj]):
                continue
            parent[rj] = ri
            articles[ri] |= articles[rj]
            members[ri] += members[rj]
    groups: dict[int, list[Claim]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(claims[i])
    return list(groups.values())


def counted_once(claims: list[Claim]) -> list[Claim]:
    """Drop claims of reprints whose original is in the same group: a copy repeats, it
    does not confirm."""
    present = {c.article_id for c in claims}
    return [c for c in claims if not (c.reprint_of and c.reprint_of in present)]


def fact_id(kind: str, about: str, claims: list[Claim]) -> str:
    basis = kind + "|" + about + "|" + "|".join(sorted(f"{c.article_id}:{c.start}" for c in claims))
    return kind[:4] + "-" + hashlib.sha1(basis.encode()).hexdigest()[:8]


def outlets_of(claims: list[Claim]) -> list[str]:
    return sorted({c.outlet or c.article_id[:8] for c in claims})


# --------------------------------------------------------------------------- shared judgements

# The lead of a report: its headline and this many body sentences.
LEAD_SENTENCES = 2


def in_lead(ctx: "StoryContext", claim: Claim, sentences: int = LEAD_SENTENCES) -> bool:
    """Whether a claim sits in the headline or the first ``sentences`` of the body: the
    lead of a news report states its main event, so two leads date and count the same."""
    return claim.start < ctx.lead_end(claim.article_id, sentences)


def ordered(claims: list[Claim]) -> list[Claim]:
    """Claims in publication order (undated last), then by outlet."""
    return sorted(claims, key=lambda c: (c.published is None, c.published or 0, c.outlet or ""))  # type: ignore[operator]


def events_match(a: Claim, b: Claim) -> bool:
    """Whether two claims can be about the same happening, judging by their events
    (unknown events, as in languages without a parser, do not rule a pairing out)."""
    if a.event is None or b.event is None:
        return True
    if same_event(a.event, b.event):
        return True
    # the parse may hang a date on a side verb ("the guard injured in the robbery on
    # Wednesday"): an event noun right next to the value counts as its event too
    return any(same_event(noun, b.event) for noun in event_nouns_near(a)) or \
        any(same_event(noun, a.event) for noun in event_nouns_near(b))


def event_nouns_near(claim: Claim, reach: int = 80) -> set[str]:
    rel = claim.start - claim.sentence_start
    window = claim.sentence[max(0, rel - reach):rel + len(claim.text) + reach].casefold()
    words = set(re.findall(r"[^\W\d_]+", window))
    return {n for n in EVENT_NOUNS if n in words}


