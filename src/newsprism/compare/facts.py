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

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from newsprism.analyse.events import EVENT_NOUNS, same_event
from newsprism.analyse.numbers import quantity_bounds
from newsprism.compare._context import (
    StoryContext,
    counted_once,
    fact_id,
    group_claims,
    outlets_of,
    pair_scores,
)
from newsprism.compare.entities import ResolvedEntity
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


def events_match(a: Claim, b: Claim) -> bool:
    """Whether two claims can be about the same happening, judging by their events
    (unknown events, as in languages without a parser, do not rule a pairing out)."""
    if a.event is None or b.event is None:
        return True
    if same_event(a.event, b.event):
        return True
    # the parse may hang a date on a side verb ("the guard injured in the robbery on
    # Wednesday"): an event noun right next to the value counts as its event too
    return any(same_event(noun, b.event) for noun in _event_nouns_near(a)) or \
        any(same_event(noun, a.event) for noun in _event_nouns_near(b))


def _event_nouns_near(claim: Claim, reach: int = 80) -> set[str]:
    rel = claim.start - claim.sentence_start
    window = claim.sentence[max(0, rel - reach):rel + len(claim.text) + reach].casefold()
    words = set(re.findall(r"[^\W\d_]+", window))
    return {n for n in EVENT_NOUNS if n in words}


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
            lead = LEAD_BONUS if _in_lead(ctx, a) and _in_lead(ctx, b) else 0.0
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
            group = _ordered(group)
            can_grow = cls != "percent" and not any(id(c) in reference for c in group)
            verdict, why, conflicts, updates = _count_verdict(group, tolerance, can_grow)
            about = cls if cls != "count" else _most_common(counted[id(c)] for c in group)
            facts.append(Fact(id=fact_id("count", about, group), type="count", about=about,
                              claims=group, verdict=verdict, explanation=why,
                              outlets=outlets_of(group), conflicts=conflicts, updates=updates))
    return _drop_repeats(facts)


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


# ------------------------------------------------------------------------- dates


def _contains(coarse: str, fine: str) -> bool:
    return fine.startswith(coarse)


def _date_verdict(claims: list[Claim]) -> tuple[str, str, list[list[int]]]:
    effective = counted_once(claims)
    if len({c.outlet for c in effective}) < 2:
        return "single", "reported by one outlet only", []
    values = sorted({c.value for c in effective}, key=len)
    if len(values) == 1:
        return "agree", "same date", []
    index = {id(c): i for i, c in enumerate(claims)}
    conflicts = [sorted([index[id(a)], index[id(b)]]) for i, a in enumerate(effective) for b in effective[i + 1:]
                 if a.outlet != b.outlet and not _contains(a.value, b.value) and not _contains(b.value, a.value)]
    if not conflicts:
        return "compatible", "a coarser date contains the finer one", []
    a, b = claims[conflicts[0][0]], claims[conflicts[0][1]]
    return "contradict", f"{a.outlet}: {a.text!r} ({a.value}) vs {b.outlet}: {b.text!r} ({b.value})", conflicts


def date_facts(ctx: StoryContext) -> list[Fact]:
    claims = []
    for m in ctx.members:
        for t in m.analysis.times:
            if t.kind in {"date", "time"} and t.value and t.granularity in {"day", "time", "month", "week"}:
                value = t.value[:10] if t.granularity == "time" else t.value
                claims.append(ctx.claim(m, t.start, t.end, value, event=t.event))
            elif t.kind == "relative" and t.value and t.offset_days and t.relative_to and len(t.value) >= 10:
                # "two days after the earthquake" also dates the earthquake
                anchor = date.fromisoformat(t.value[:10]) - timedelta(days=t.offset_days)
                claims.append(ctx.claim(m, t.start, t.end, anchor.isoformat(), event=None))
    scores = pair_scores(ctx, claims, adjust=lambda a, b: _date_relation(ctx, a, b))
    facts = []
    for group in group_claims(claims, scores, SAME_EVENT_SIMILARITY, compatible=_may_date_same_event):
        group = _ordered(group)
        verdict, why, conflicts = _date_verdict(group)
        about = _event_phrase(ctx, group)
        facts.append(Fact(id=fact_id("date", about, group), type="date", about=about, claims=group,
                          verdict=verdict, explanation=why, outlets=outlets_of(group), conflicts=conflicts))
    return facts


def _date_relation(ctx: StoryContext, a: Claim, b: Claim) -> float:
    lead = LEAD_BONUS if _in_lead(ctx, a) and _in_lead(ctx, b) else 0.0
    # both name the same happening (parsed events, or an event noun beside the date)
    named = NAMED_EVENT_BONUS if a.event is not None and b.event is not None and events_match(a, b) else 0.0
    if a.value == b.value:
        return SAME_VALUE_BONUS + lead + named
    if _contains(a.value, b.value) or _contains(b.value, a.value):
        return COMPATIBLE_VALUE_BONUS + lead + named
    return lead + named - CLASH_MARGIN - (UNKNOWN_EVENT_PENALTY if a.event is None or b.event is None else 0.0)


def _in_lead(ctx: StoryContext, claim: Claim) -> bool:
    """Whether a claim sits in the headline or the first LEAD_SENTENCES of the body: the
    lead of a news report states its main event, so two leads date and count the same."""
    return claim.start < ctx.lead_end(claim.article_id, LEAD_SENTENCES)


def _is_report_day(c: Claim) -> bool:
    """A date on the article's own publication day: "today's" news."""
    if c.published is None or len(c.value) < 10:
        return False
    return c.published.date() == date.fromisoformat(c.value[:10])


def _may_date_same_event(a: Claim, b: Claim) -> bool:
    # Reports of a developing story each date what happened on their own day ("on
    # Tuesday" in Tuesday's paper, "on Wednesday" in Wednesday's): different moments,
    # not a disagreement about one.
    if (a.value != b.value and _is_report_day(a) and _is_report_day(b)
            and a.published.date() != b.published.date()):  # type: ignore[union-attr]
        return False
    return events_match(a, b)


def relative_date_facts(ctx: StoryContext) -> list[Fact]:
    claims = []
    anchors = []
    for m in ctx.members:
        for t in m.analysis.times:
            if t.kind == "relative" and t.relative_to:
                value = "?" if t.offset_days is None else str(t.offset_days)
                claims.append(ctx.claim(m, t.start, t.end, value, event=t.event))
                anchors.append(t.relative_to)
    if not claims:
        return []
    # "two days before X": X must be the same event in both claims, and offsets that
    # clash must also date the same thing (similar sentences), else they are two facts
    vectors = ctx.vectors(anchors)
    sentences = ctx.vectors([c.sentence for c in claims])
    index = {id(c): i for i, c in enumerate(claims)}
    sentence_sims = sentences @ sentences.T

    def rule(a: Claim, b: Claim) -> bool:
        if not _same_direction(a, b):
            return False
        if _offsets_compatible({a.value, b.value}):
            return True
        return sentence_sims[index[id(a)], index[id(b)]] >= SAME_SENTENCE_SIMILARITY

    facts = []
    for group in group_claims(claims, vectors @ vectors.T, SAME_ANCHOR_SIMILARITY, compatible=rule):
        effective = counted_once(group)
        offsets = {c.value for c in effective}
        if len({c.outlet for c in effective}) < 2:
            verdict, why = "single", "reported by one outlet only"
        elif len(offsets) == 1:
            verdict, why = "agree", "same interval"
        elif _offsets_compatible(offsets):
            verdict, why = "compatible", "a vague interval ('a few days') includes the exact one"
        else:
            verdict, why = "contradict", "different intervals: " + ", ".join(sorted(offsets))
        about = _event_phrase(ctx, group)
        facts.append(Fact(id=fact_id("rel", about, group), type="relative_date", about=about,
                          claims=_ordered(group), verdict=verdict, explanation=why, outlets=outlets_of(group)))
    return facts


def _same_direction(a: Claim, b: Claim) -> bool:
    def sign(c: Claim) -> int:
        if c.value != "?":
            return int(math.copysign(1, int(c.value))) if int(c.value) else 0
        return -1 if re.search(r"\b(before|earlier|prior|antes|prima|voor|vor|avant)\b", c.text, re.I) else 1
    return sign(a) == sign(b)


def _offsets_compatible(offsets: set[str]) -> bool:
    if len(offsets) == 1:
        return True
    exact = {abs(int(o)) for o in offsets if o != "?"}
    if len(exact) > 1:
        return False
    return all(A_FEW_DAYS[0] <= e <= A_FEW_DAYS[1] for e in exact)


# ------------------------------------------------------------------------- places and participants


def place_facts(ctx: StoryContext, date_groups: list[Fact]) -> list[Fact]:
    """Where dated events happened, per outlet, for events dated by at least two outlets."""
    facts = []
    for fact in date_groups:
        if len(fact.outlets) < 2:
            continue
        claims = []
        for c in counted_once(fact.claims):
            m = ctx.by_id(c.article_id)
            text = m.article.full_text
            for e in m.analysis.entities:
                if (e.label in _PLACE_LABELS and c.sentence_start <= e.start < c.sentence_end
                        and _LOCATIVE.search(text[max(0, e.start - 16):e.start])):
                    claims.append(ctx.claim(m, e.start, e.end, ctx.entity_name(m.article.id, e)))
        if not claims:
            continue
        verdict, why = _place_verdict(ctx, claims)
        facts.append(Fact(id=fact_id("place", fact.about, claims), type="place", about=fact.about,
                          claims=_ordered(claims), verdict=verdict, explanation=why, outlets=outlets_of(claims)))
    return facts


def _place_verdict(ctx: StoryContext, claims: list[Claim]) -> tuple[str, str]:
    per_outlet: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        per_outlet[c.outlet or c.article_id].add(c.value)
    if len(per_outlet) < 2:
        return "single", "named by one outlet only"
    sets = list(per_outlet.values())
    common = set.intersection(*sets)
    if common and all(s == sets[0] for s in sets):
        return "agree", "same place"
    if common:
        return "compatible", "all outlets name " + ", ".join(sorted(common)) + "; some add more"
    # Two places are compatible when some article names both in one sentence (a city and
    # its country), since we keep no gazetteer.
    together = _co_mentioned(ctx)
    outlets = list(per_outlet)
    for i, a in enumerate(outlets):
        for b in outlets[i + 1:]:
            if not any((x, y) in together or x == y for x in per_outlet[a] for y in per_outlet[b]):
                return "contradict", f"{a}: {', '.join(sorted(per_outlet[a]))} vs {b}: {', '.join(sorted(per_outlet[b]))}"
    return "compatible", "different places that the articles mention together"


def _co_mentioned(ctx: StoryContext) -> set[tuple[str, str]]:
    pairs = set()
    for m in ctx.members:
        by_sentence: dict[int, set[str]] = defaultdict(set)
        for e in m.analysis.entities:
            if e.label in _PLACE_LABELS:
                by_sentence[e.sentence].add(ctx.entity_name(m.article.id, e))
        for names in by_sentence.values():
            pairs.update((a, b) for a in names for b in names)
    return pairs


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
        claims = [ctx.claim(members[a], s, e, ent.canonical) for a, (s, e) in first.items() if a in members]
        outlets = outlets_of(counted_once(claims))
        verdict, why = ("agree", f"named by {len(outlets)} outlets") if len(outlets) > 1 else ("single", "named by one outlet only")
        facts.append(Fact(id=fact_id("part", ent.canonical, claims), type="participants", about=ent.canonical,
                          claims=_ordered(claims), verdict=verdict, explanation=why, outlets=outlets_of(claims)))
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
            by_key[c.key].append(ctx.claim(m, c.start, c.end, c.source))
    facts = []
    for key, claims in by_key.items():
        outlets = outlets_of(counted_once(claims))
        verdict, why = ("agree", f"cited by {len(outlets)} outlets") if len(outlets) > 1 else ("single", "cited by one outlet only")
        facts.append(Fact(id=fact_id("src", key, claims), type="source", about=claims[0].value, claims=_ordered(claims),
                          verdict=verdict, explanation=why, outlets=outlets_of(claims)))
    return facts


# ------------------------------------------------------------------------- helpers


def _ordered(claims: list[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: (c.published is None, c.published or 0, c.outlet or ""))  # type: ignore[operator]


_EVENT_STOP = re.compile(r"^(?:the|a|an|on|in|at|that|which|said|reports?|according to)\s+", re.I)


def _event_phrase(ctx: StoryContext, claims: list[Claim]) -> str:
    """A short description of what a group of claims dates: from a claim in the story's
    main language (the one most of its articles are in), the words around the date in
    the shortest sentence, cut at word boundaries."""
    languages = Counter(m.article.language for m in ctx.members)
    main = languages.most_common(1)[0][0] if languages else None
    preferred = [c for c in claims if ctx.by_id(c.article_id).article.language == main] or claims
    best = min(preferred, key=lambda c: len(c.sentence))
    return _around(best.sentence, best.start - best.sentence_start, best.end - best.sentence_start)


def _around(sentence: str, start: int, end: int, reach: int = 60) -> str:
    sentence = " ".join(sentence.split()) if len(sentence) <= 2 * reach + (end - start) else sentence
    if len(sentence) <= 2 * reach + (end - start):
        return sentence.strip()
    lo, hi = max(0, start - reach), min(len(sentence), end + reach)
    left = sentence[lo:start].split(" ", 1)[-1] if lo > 0 else sentence[:start]
    right = sentence[end:hi].rsplit(" ", 1)[0] if hi < len(sentence) else sentence[end:]
    text = (left + sentence[start:end] + right).replace("\n", " ").strip()
    return ("…" if lo > 0 else "") + text + ("…" if hi < len(sentence) else "")
