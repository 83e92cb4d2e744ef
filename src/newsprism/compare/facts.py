"""Fact comparison: line up what the articles of a story state, and judge each fact.

A fact is a group of claims, at most one per article, that state the same thing:
- counts: numbers of the same class (dead, injured, people, money...) in sentences about
  the same thing (multilingual sentence vectors of the sentence with the number masked);
- dates: absolute dates in sentences about the same event;
- relative dates: "two days before X" / "a few days before X";
- places: the places named in the sentences that date an event;
- participants: the people and organisations of the story and who names them;
- sources: who the articles cite.

Verdicts: agree (same value), compatible (values that can both be true: rounding,
"about", "at least", vague "hundreds", a day inside a month), contradict, update (a
count that rises between reports published at least UPDATE_HOURS apart) or single
(one outlet only). Vague vs exact, rounding and "at least" are never contradictions.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from newsprism.analyse.casualties import CASUALTY_CATEGORIES
from newsprism.analyse.numbers import quantity_bounds
from newsprism.compare._context import (
    StoryContext,
    counted_once,
    events_match,
    fact_id,
    group_claims,
    in_lead,
    ordered,
    outlets_of,
    pair_scores,
)
from newsprism.compare.entities import ResolvedEntity
from newsprism.compare.tolls import toll_facts
from newsprism.records import Claim, Fact

# Two claims state the same fact when their pair score (see _context.pair_scores) is at
# least this. The score is raised for values that agree (SAME_VALUE_BONUS) or can both
# be true (COMPATIBLE_VALUE_BONUS), when both claims sit in their article's lead
# (LEAD_BONUS), name the same happening (NAMED_EVENT_BONUS) or measure from the same
# place (SAME_REFERENCE_BONUS); it is lowered for values that clash (CLASH_MARGIN, more
# when an event is unknown): grouping compatible values is cheap, but a contradiction
# is a strong statement and needs closer evidence.
SAME_COUNT_SIMILARITY = 0.45
SAME_EVENT_SIMILARITY = 0.45
SAME_VALUE_BONUS = 0.25
COMPATIBLE_VALUE_BONUS = 0.15
LEAD_BONUS = 0.10
SAME_REFERENCE_BONUS = 0.30
NAMED_EVENT_BONUS = 0.10
LEAD_SENTENCES = 2
CLASH_MARGIN = 0.10
UNKNOWN_EVENT_PENALTY = 0.10
# Counted things in any language are the same thing when their words' multilingual
# vectors are this close ("residents" / "vecinos", "tractors" / "tractores").
SAME_THING_SIMILARITY = 0.55
# Two relative dates point to the same event when their anchors ("Baku launched its
# military operation" / "Azerbaijan began its military offensive") are this similar.
SAME_ANCHOR_SIMILARITY = 0.5
SAME_SENTENCE_SIMILARITY = 0.7
# Reports published this far apart may legitimately give different counts (a toll rising).
UPDATE_HOURS = 12
# "a few" days is compatible with any offset in this range.
A_FEW_DAYS = (2, 6)
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# A place named after a locative preposition is where something happened ("met in
# Istanbul"); other places in the sentence are actors or objects ("convince Baku").
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside|en|cerca de|nel|nella|a|bij|nabij|im|in der|à|au)\s+(?:the\s+|la\s+|el\s+|de\s+)?$", re.I)
_PARTICIPANT_LABELS = {"PERSON", "ORG"}


# ------------------------------------------------------------------------- counts


def _rounding_bounds(claim: Claim, tolerance: float) -> tuple[float, float]:
    """Bounds of a count, widened for round exact numbers: "12,000" may stand for 12,400.
    The allowance is half the rounding step, capped at ``tolerance`` of the value."""
    lo, hi = claim.low, claim.high
    value = float(claim.value)
    if claim.qualifier == "exact" and value >= 100 and value == int(value):
        digits = str(int(value))
        zeros = len(digits) - len(digits.rstrip("0"))
        allowance = min(10 ** zeros / 2, tolerance * value)
        return value - allowance, value + allowance
    return (lo, hi) if lo is not None and hi is not None else (value, value)


def _count_verdict(claims: list[Claim], tolerance: float,
                   can_grow: bool = True) -> tuple[str, str, list[list[int]], list[list[int]]]:
    """Verdict of a count fact, with the claim pairs (indices into ``claims``) that
    contradict and those that are later revisions (only for things that grow as a story
    develops, such as tolls; not for distances or shares)."""
    effective = counted_once(claims)
    if len({c.outlet for c in effective}) < 2:
        return "single", "reported by one outlet only", [], []
    values = {float(c.value) for c in effective}
    if len(values) == 1 and all(c.qualifier == effective[0].qualifier for c in effective):
        return "agree", "same value", [], []
    index = {id(c): i for i, c in enumerate(claims)}
    conflicts, updates = [], []
    for i, a in enumerate(effective):
        for b in effective[i + 1:]:
            if a.outlet == b.outlet or _overlap(a, b, tolerance):
                continue
            pair = sorted([index[id(a)], index[id(b)]])
            (updates if can_grow and _is_update(a, b) else conflicts).append(pair)
    if conflicts:
        a, b = claims[conflicts[0][0]], claims[conflicts[0][1]]
        return "contradict", f"{a.outlet}: {a.text!r} vs {b.outlet}: {b.text!r}", conflicts, updates
    if updates:
        return "update", f"a later report gives a higher count (published at least {UPDATE_HOURS} hours later)", [], updates
    return "compatible", "values differ only by rounding, approximation or vagueness", [], []


def _is_update(a: Claim, b: Claim) -> bool:
    if a.published is None or b.published is None:
        return False
    early, late = (a, b) if a.published <= b.published else (b, a)
    hours = (late.published - early.published).total_seconds() / 3600
    return hours >= UPDATE_HOURS and float(late.value) > float(early.value)


def _count_class(category: str) -> str:
    if category in {"dead", "injured", "missing", "money", "percent"}:
        return category
    return "count"  # people and other counted things, told apart by what they count


def count_facts(ctx: StoryContext) -> list[Fact]:
    tolerance = ctx.config.get("compare", {}).get("rounding_tolerance", 0.15)
    by_class: dict[str, list[Claim]] = defaultdict(list)
    counted: dict[int, str] = {}
    categories: dict[int, str] = {}
    reference: dict[int, str | None] = {}  # measurements: the place they are measured from
    for m in ctx.members:
        for q in m.analysis.quantities:
            if not q.category or q.category == "duration" or q.value != q.value:
                continue
            if q.category in CASUALTY_CATEGORIES:
                continue  # tolls are a slot per article: compare/tolls.py
            claim = ctx.claim(m, q.start, q.end, _format_value(q.value), qualifier=q.qualifier,
                              low=q.low, high=q.high, event=q.event)
            claim.low, claim.high = quantity_bounds(q)
            counted[id(claim)] = q.category if q.unit else (q.counted or q.category)
            categories[id(claim)] = q.category
            if q.unit:
                reference[id(claim)] = _reference_place(ctx, m, q.end)
            by_class[_count_class(q.category)].append(claim)
    facts = []
    for cls, claims in by_class.items():
        def same_reference(a: Claim, b: Claim) -> bool:
            ra, rb = reference.get(id(a)), reference.get(id(b))
            return ra is not None and ra == rb

        def relation(a: Claim, b: Claim) -> float:
            lead = LEAD_BONUS if in_lead(ctx, a) and in_lead(ctx, b) else 0.0
            if same_reference(a, b):
                # measured from the same place: one fact, whether the values agree or not
                return lead + SAME_REFERENCE_BONUS + (SAME_VALUE_BONUS if a.value == b.value else 0.0)
            if a.value == b.value:
                return SAME_VALUE_BONUS + lead
            if _overlap(a, b, tolerance):
                return COMPATIBLE_VALUE_BONUS + lead
            if _is_update(a, b) and cls != "percent" and id(a) not in reference:
                return lead
            return lead - CLASH_MARGIN - (UNKNOWN_EVENT_PENALTY if a.event is None or b.event is None else 0.0)

        scores = pair_scores(ctx, claims, adjust=relation)
        if cls in {"dead", "injured", "missing"}:
            rule = _always  # the class already names the event
        elif cls == "count":
            things = sorted({counted[id(c)] for c in claims})
            vectors = dict(zip(things, ctx.vectors(things)))

            def rule(a: Claim, b: Claim, vectors=vectors) -> bool:
                ta, tb = counted[id(a)], counted[id(b)]
                same_thing = (ta == tb or ta[:5] == tb[:5] or categories[id(a)] == categories[id(b)] == "people"
                              or float(vectors[ta] @ vectors[tb]) >= SAME_THING_SIMILARITY)
                if ta == tb and (reference.get(id(a)) or reference.get(id(b))):
                    # "14 km north-west of Kerensk" / "70 km east of Kerensk": the same
                    # distance from the same place, whatever verb the sentences hang it on
                    return same_reference(a, b)
                return same_thing and (_overlap(a, b, tolerance) or events_match(a, b))
        else:
            def rule(a: Claim, b: Claim) -> bool:
                return _overlap(a, b, tolerance) or events_match(a, b)
        for group in group_claims(claims, scores, SAME_COUNT_SIMILARITY, compatible=rule):
            group = ordered(group)
            can_grow = cls != "percent" and not any(id(c) in reference for c in group)
            verdict, why, conflicts, updates = _count_verdict(group, tolerance, can_grow)
            about = cls if cls != "count" else _most_common(counted[id(c)] for c in group)
            facts.append(Fact(id=fact_id("count", about, group), type="count", about=about,
                              claims=group, verdict=verdict, explanation=why,
                              outlets=outlets_of(group), conflicts=conflicts, updates=updates))
    return toll_facts(ctx) + _drop_repeats(facts)


_MEASURED_FROM = re.compile(r"^\s*(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|"
                           r"northern|southern|eastern|western)\s+)?(?:of|from|off|outside)\s+(?:the\s+)?$", re.I)


def _reference_place(ctx: StoryContext, member: Any, end: int) -> str | None:
    """The place a measurement is taken from ("14 kilometres north-west of Kerensk")."""
    text = member.article.full_text
    for e in member.analysis.entities:
        # whatever the model labelled it, a name after "... kilometres east of" is a place
        if e.label in _PLACE_LABELS | {"ORG", "NAME", "PERSON"} and end <= e.start <= end + 40 \
                and _MEASURED_FROM.match(text[end:e.start]):
            return ctx.entity_name(member.article.id, e)
    return None


def _drop_repeats(facts: list[Fact]) -> list[Fact]:
    """An article repeats its figures (headline, lead, later paragraphs): every mention
    may pair with other outlets, but a fact whose every (article, value) is already
    stated by a larger fact is a repeat, not a fact of its own."""
    kept: list[Fact] = []
    covered: set[tuple[str, str]] = set()
    for f in sorted(facts, key=lambda f: (-len({c.article_id for c in f.claims}), -len(f.claims))):
        pairs = {(c.article_id, c.value) for c in f.claims}
        if pairs <= covered:
            continue
        covered |= pairs
        kept.append(f)
    return kept


def _overlap(a: Claim, b: Claim, tolerance: float) -> bool:
    """Whether two counts can both be true (so pairing them can never make a false
    contradiction, and the event test is not needed)."""
    a_lo, a_hi = _rounding_bounds(a, tolerance)
    b_lo, b_hi = _rounding_bounds(b, tolerance)
    return a_lo <= b_hi and b_lo <= a_hi


def _always(a: Claim, b: Claim) -> bool:
    return True


def _most_common(items: Iterable[str]) -> str:
    return Counter(items).most_common(1)[0][0]


def _format_value(v: float) -> str:
    return str(int(v)) if v == int(v) else repr(v)


# ------------------------------------------------------------------------- places and participants


def participant_facts(ctx: StoryContext, entities: list[ResolvedEntity]) -> list[Fact]:
    """One fact per person/organisation: which outlets name them, in which spelling."""
    facts = []
    members = {m.article.id: m for m in ctx.members}
    for ent in entities:
        if ent.label not in _PARTICIPANT_LABELS:
            continue
        first: dict[str, tuple[int, int]] = {}
        for article_id, start, end in ent.mentions:
            if article_id not in first or start < first[article_id][0]:
                first[article_id] = (start, end)
        claims = [ctx.claim(members[a], s, e, ent.canonical, attributed_to=None) for a, (s, e) in first.items() if a in members]
        outlets = outlets_of(counted_once(claims))
        verdict, why = ("agree", f"named by {len(outlets)} outlets") if len(outlets) > 1 else ("single", "named by one outlet only")
        facts.append(Fact(id=fact_id("part", ent.canonical, claims), type="participants", about=ent.canonical,
                          claims=ordered(claims), verdict=verdict, explanation=why, outlets=outlets_of(claims)))
    return facts


def source_facts(ctx: StoryContext) -> list[Fact]:
    """Named sources: who cites whom, lined up by the cited source's key."""
    by_key: dict[str, list[Claim]] = defaultdict(list)
    for m in ctx.members:
        seen = set()
        for c in m.analysis.citations:
            if c.kind in {"anonymous"} or not c.key or c.key in seen:
                continue
            seen.add(c.key)
            by_key[c.key].append(ctx.claim(m, c.start, c.end, c.source, attributed_to=None))
    facts = []
    for key, claims in by_key.items():
        outlets = outlets_of(counted_once(claims))
        verdict, why = ("agree", f"cited by {len(outlets)} outlets") if len(outlets) > 1 else ("single", "cited by one outlet only")
        facts.append(Fact(id=fact_id("src", key, claims), type="source", about=claims[0].value, claims=ordered(claims),
                          verdict=verdict, explanation=why, outlets=outlets_of(claims)))
    return facts


# ------------------------------------------------------------------------- helpers


