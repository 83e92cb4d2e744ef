"""Tolls: how many were killed, injured, shot or are missing, outlet by outlet.

A story's toll is a slot each report fills once: one claim per article and class, the
figure the article leads with. The analysis reads casualty counts as what they count
(``analyse/casualties.py``); here each article's figure is chosen in reading order:

1. the largest stated number in the headline and lead (a total comes before its parts:
   "Four people were shot ... one of them, a man, died" leads with four);
2. else the first count without a number of its own in the lead ("a man was shot and
   killed": 1);
3. else the first stated number further down, then the first count without a number.

An article that gives people shot but no injured count says how many were injured too:
shot minus dead, or all of them when the shot count leaves the dead out ("10 people were
shot, one killed": 9 or 10 injured), shown as derived.

Verdicts compare the outlets' figures. Figures that can both be true (qualifiers,
ranges, derived ranges) are compatible; a later report with a higher toll is an update
(also within one day when both reports carry times, and also from the same outlet), and
the explanation names the newer report. Different figures contradict only when the
evidence is firm on both sides: both are numbers the text states (not counted from "a
man", added up or derived), both lead their article, both count the same group of
people ("four people" and "three teens" may be a whole and its part), and neither article
also gives the other's figure for the same class.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from newsprism.analyse.casualties import CASUALTY_CATEGORIES
from newsprism.analyse.numbers import quantity_bounds
from newsprism.compare._context import Member, StoryContext, counted_once, fact_id, outlets_of
from newsprism.records import Claim, Fact, Quantity

# The lead: the headline and this many body sentences; a report states its toll there.
TOLL_LEAD_SENTENCES = 3
LABELS = {"dead": "dead", "injured": "injured", "shot": "people shot", "missing": "missing"}
# Counts that later reports revise either way: the missing are found, the injured die or
# go home. A toll of dead that falls is a correction, and contradicts the earlier one.
REVISED_BOTH_WAYS = {"missing", "injured"}
# Counted nouns that name no particular group: "four people" and "4 victims" count alike.
_ANYONE = {"people", "person", "victim", "individual", "other", "resident", "civilian"}


@dataclass
class _Figure:
    """An article's figure for a class, with what the verdict needs to know about it."""

    claim: Claim
    group: str  # what is counted: "people", "officer", "teen"
    leads: bool  # stated in the headline or lead
    firm: bool  # a number the text states (not counted from "a man", added up, derived)


def toll_figures(ctx: StoryContext, member: Member) -> dict[str, _Figure]:
    """The figure an article gives for each casualty class (see the module docstring)."""
    lead_end = ctx.lead_end(member.article.id, TOLL_LEAD_SENTENCES)
    by_kind: dict[str, list[Quantity]] = defaultdict(list)
    for q in member.analysis.quantities:
        if q.category in CASUALTY_CATEGORIES and q.value == q.value:
            by_kind[q.category].append(q)
    chosen: dict[str, Quantity] = {}
    for kind, quantities in by_kind.items():
        lead = [q for q in quantities if q.start < lead_end]
        stated = [q for q in lead if q.basis is None]
        named = [q for q in lead if q.basis is not None and q.text.lower() not in _PRONOUNS]
        if stated:
            chosen[kind] = max(stated, key=lambda q: (q.value, -q.start))
        elif named:
            chosen[kind] = named[0]
        else:
            # further down, then "he was shot": a pronoun's count is the last resort
            stated = [q for q in quantities if q.basis is None]
            named = [q for q in quantities if q.text.lower() not in _PRONOUNS]
            chosen[kind] = (stated or named or quantities)[0]
    figures = {kind: _figure(ctx, member, q, q.start < lead_end) for kind, q in chosen.items()}
    shot = figures.get("shot")
    if "injured" not in figures and shot is not None and shot.firm:
        dead = chosen.get("dead")
        if dead is None or chosen["shot"].value > dead.value:
            figures["injured"] = _derived_injured(ctx, member, chosen["shot"], dead, lead_end)
    return figures


_PRONOUNS = {"he", "she", "him", "her", "himself", "herself"}


def _figure(ctx: StoryContext, member: Member, q: Quantity, leads: bool) -> _Figure:
    low, high = quantity_bounds(q)
    claim = ctx.claim(member, q.start, q.end, _format(q.value), qualifier=q.qualifier, low=low, high=high,
                      event=q.event)
    if q.basis == "implicit":
        claim.note = f"counted from '{q.text}'"
    elif q.basis == "sum":
        claim.note = f"added up from '{q.text}'"
    return _Figure(claim, _group(q.counted), leads, firm=q.basis is None and q.qualifier != "vague")


def _group(counted: str | None) -> str:
    if not counted or counted in _ANYONE or counted.rstrip("s") in _ANYONE:
        return "people"
    return counted


def _derived_injured(ctx: StoryContext, member: Member, shot: Quantity, dead: Quantity | None,
                     lead_end: int) -> _Figure:
    dead_value = dead.value if dead is not None else 0.0
    survivors = shot.value - dead_value
    claim = ctx.claim(member, shot.start, shot.end, _format(survivors), qualifier="derived",
                      low=survivors, high=shot.value, event=shot.event)
    claim.note = (f"{_format(shot.value)} shot, {_format(dead_value)} dead" if dead is not None
                  else f"{_format(shot.value)} shot, none reported dead")
    return _Figure(claim, _group(shot.counted), shot.start < lead_end, firm=False)


def _format(v: float) -> str:
    return str(int(v)) if v == int(v) else repr(v)


def toll_facts(ctx: StoryContext) -> list[Fact]:
    """One fact per casualty class that any article of the story counts."""
    by_kind: dict[str, list[_Figure]] = defaultdict(list)
    stated: dict[tuple[str, str], set[float]] = {}  # (article, class) -> every figure it states
    for m in ctx.members:
        for kind, figure in toll_figures(ctx, m).items():
            by_kind[kind].append(figure)
        for q in m.analysis.quantities:
            if q.category in CASUALTY_CATEGORIES and q.value == q.value:
                stated.setdefault((m.article.id, q.category), set()).add(q.value)
    timed = timed_articles(ctx)
    facts = []
    for kind in CASUALTY_CATEGORIES:
        figures = sorted(by_kind.get(kind, []), key=lambda f: _report_key(f.claim))
        if not figures:
            continue
        claims = [f.claim for f in figures]
        verdict, why, conflicts, updates = toll_verdict(figures, stated, kind, timed)
        label = LABELS[kind]
        # a toll is the main event's when some report leads with it ("hundreds were killed"
        # in a closing paragraph of background is a count, not the story's toll)
        facts.append(Fact(id=fact_id("count", label, claims), type="count", about=label, claims=claims,
                          verdict=verdict, explanation=why, outlets=outlets_of(claims), conflicts=conflicts,
                          updates=updates, main=any(f.leads for f in figures)))
    return facts


def _report_key(c: Claim) -> tuple[bool, datetime, str]:
    return (c.published is None, c.published or datetime.min, c.outlet or "")


def timed_articles(ctx: StoryContext) -> set[str]:
    """Ids of the story's articles whose publication carries a time of day."""
    return {m.article.id for m in ctx.members if m.article.timed}


def newer(a: Claim, b: Claim, timed: set[str]) -> Claim | None:
    """The later of two reports, or None when their order is unknown (no dates, or the
    same day and not both with a time). ``timed``: ids of articles published with a time."""
    if a.published is None or b.published is None:
        return None
    if a.published.date() != b.published.date():
        return a if a.published > b.published else b
    if a.article_id in timed and b.article_id in timed and a.published != b.published:
        return a if a.published > b.published else b
    return None


def _bounds(c: Claim) -> tuple[float, float]:
    value = float(c.value)
    return (c.low if c.low is not None else value), (c.high if c.high is not None else value)


def toll_verdict(figures: list[_Figure], stated: dict[tuple[str, str], set[float]], kind: str,
                 timed: set[str]) -> tuple[str, str, list[list[int]], list[list[int]]]:
    """Verdict of one class's figures, with the index pairs that contradict and those
    where the newer report revises the older."""
    claims = [f.claim for f in figures]
    kept = {id(c) for c in counted_once(claims)}
    effective = [f for f in figures if id(f.claim) in kept]
    outlets = len({f.claim.outlet for f in effective})
    if len(effective) < 2:
        return "single", "reported by one outlet only", [], []
    if len({f.claim.value for f in effective}) == 1 and all(f.claim.qualifier in {"exact", None} for f in effective):
        return ("agree", "same figure", [], []) if outlets > 1 else ("single", "reported by one outlet only", [], [])
    index = {id(c): i for i, c in enumerate(claims)}
    conflicts, updates = [], []
    for i, fa in enumerate(effective):
        for fb in effective[i + 1:]:
            a, b = fa.claim, fb.claim
            (a_lo, a_hi), (b_lo, b_hi) = _bounds(a), _bounds(b)
            if a_lo <= b_hi and b_lo <= a_hi:
                continue  # both can be true
            pair = sorted([index[id(a)], index[id(b)]])
            later = newer(a, b, timed)
            if later is not None and (kind in REVISED_BOTH_WAYS
                                      or float(later.value) > float((b if later is a else a).value)):
                updates.append(pair)
                continue
            if not (fa.firm and fb.firm and fa.leads and fb.leads and fa.group == fb.group):
                continue  # too little to call it a contradiction: shown, not flagged
            if float(b.value) in stated.get((a.article_id, kind), set()) or \
                    float(a.value) in stated.get((b.article_id, kind), set()):
                continue  # one report also gives the other's figure
            conflicts.append(pair)
    if conflicts:
        a, b = claims[conflicts[0][0]], claims[conflicts[0][1]]
        return "contradict", f"{a.outlet}: {a.text!r} vs {b.outlet}: {b.text!r}", conflicts, updates
    if updates:
        early, late = claims[updates[-1][0]], claims[updates[-1][1]]
        if newer(early, late, timed) is early:
            early, late = late, early
        direction = "up" if float(late.value) > float(early.value) else "down"
        return ("update", f"the newer report ({late.outlet}, {_when(late)}) gives {late.value}, "
                f"{direction} from {early.value} ({early.outlet}, {_when(early)})", [], updates)
    if outlets < 2:
        return "single", "reported by one outlet only", [], []
    return "compatible", "figures differ only by rounding, approximation or what they count", [], []


def _when(c: Claim) -> str:
    if c.published is None:
        return "undated"
    if c.published.time() == datetime.min.time():
        return c.published.date().isoformat()
    return c.published.strftime("%Y-%m-%d %H:%M")
