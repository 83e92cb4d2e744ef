"""Dates: when the story's event happened, and the other dates outlets give.

The event date is a slot each report fills once, like a toll (``compare/tolls.py``): the
day its lead gives the story's main happening. The main happening is the kind of event
most leads date (``analyse.events.event_class``: "met", "the meeting", "was held" are one
meeting; "shot", "killed", "the shooting" one shooting); each article's claim is the
first day-precise date in its lead that dates that kind of event, else one its lead
gives no event, else one further down. Dates of speech ("police said Friday") never date
the event. Two outlets' event dates contradict only when neither contains the other
("last week" contains Friday), both are firm (a day the text names, not a clock time
placed on the publication day), neither article also gives the other's date, and they
are not each their own report's day in a developing story ("on Tuesday" in Tuesday's
paper, "on Wednesday" in Wednesday's).

Other dates (arrests, funerals, background) are grouped by the event they date and the
sentence around them, as before; they are shown side by side but never flagged as
contradictions: two outlets' dates of different moments look alike too often.

Relative dates ("two days before X") line up by their anchors X.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from datetime import date, timedelta

from newsprism.analyse.events import EVENT_NOUNS, SPEECH_EVENTS, base_event, event_class
from newsprism.compare._context import (
    Member,
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
from newsprism.compare.facts import (
    CLASH_MARGIN,
    COMPATIBLE_VALUE_BONUS,
    LEAD_BONUS,
    NAMED_EVENT_BONUS,
    SAME_VALUE_BONUS,
    UNKNOWN_EVENT_PENALTY,
)
from newsprism.records import Claim, Fact, TimeExpression

# Two dates group into one fact when their pair score reaches this (see _context.pair_scores).
SAME_EVENT_SIMILARITY = 0.45
# Two relative dates point to the same event when their anchors ("Baku launched its
# military operation" / "Azerbaijan began its military offensive") are this similar.
SAME_ANCHOR_SIMILARITY = 0.5
SAME_SENTENCE_SIMILARITY = 0.7
# "a few" days is compatible with any offset in this range.
A_FEW_DAYS = (2, 6)
# The lead an event date is read from: the headline and this many body sentences.
EVENT_DATE_LEAD_SENTENCES = 3
_DAY_GRANULARITIES = {"day", "time"}
# Nouns for event words, to label facts ("meeting date", "robbery date").
_EVENT_NOUN = {"meet": "meeting", "rob": "robbery", "vote": "vote", "elect": "election", "die": "death",
               "arrest": "arrest", "collapse": "collapse", "quake": "earthquake", "strike": "strike",
               "burst": "burst", "flood": "flood", "crash": "crash", "attack": "attack", "protest": "protest",
               "explode": "explosion", "detain": "detention", "win": "win", "open": "opening"}


# ------------------------------------------------------------------------- value relations


def date_range(value: str) -> tuple[date, date] | None:
    """The days a normalised value covers: "2016-08-01", "2016-W31", "2016-08", "2016-SU",
    "2016".

    >>> date_range("2016-W31")
    (datetime.date(2016, 8, 1), datetime.date(2016, 8, 7))
    """
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value[:10]) and len(value) >= 10:
            d = date.fromisoformat(value[:10])
            return d, d
        m = re.fullmatch(r"(\d{4})-W(\d\d)", value)
        if m:
            start = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return start, start + timedelta(days=6)
        m = re.fullmatch(r"(\d{4})-(\d\d)", value)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            return date(year, month, 1), end
        m = re.fullmatch(r"(\d{4})-Q(\d)", value)
        if m:
            year, quarter = int(m.group(1)), int(m.group(2))
            start = date(year, 3 * quarter - 2, 1)
            end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
            return start, end
        m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
        if m:  # meteorological seasons; winter runs into the next year
            year, first = int(m.group(1)), {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m.group(2)]
            end_year, end_month = (year + 1, 3) if first == 12 else (year, first + 3)
            return date(year, first, 1), date(end_year, end_month, 1) - timedelta(days=1)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


def contains(coarse: str, fine: str) -> bool:
    """Whether the period ``coarse`` holds the date ``fine`` ("2016-W31" holds "2016-08-01")."""
    if fine.startswith(coarse):
        return True
    a, b = date_range(coarse), date_range(fine)
    return a is not None and b is not None and a[0] <= b[0] and b[1] <= a[1]


def _compatible_dates(a: str, b: str) -> bool:
    return contains(a, b) or contains(b, a)


def label_for(event: str | None) -> str:
    """A short label for the date of an event word: "meeting date", "shooting date"."""
    if event is None:
        return "date"
    base = base_event(event)
    if base in _EVENT_NOUN:
        return f"{_EVENT_NOUN[base]} date"
    if base.endswith("e") and not base.endswith("ee"):
        return f"{base[:-1]}ing date"
    if len(base) <= 4 and re.fullmatch(r".*[^aeiou][aeiou][^aeiouwxy]", base):
        return f"{base}{base[-1]}ing date"  # "drop" -> "dropping"
    return f"{base}ing date"


def _label(events: list[str]) -> str:
    """The label of a date fact from the event words of its claims: the commonest, and
    "shooting" whenever one says it (a shooting dated by "killed" is still a shooting)."""
    bases = Counter(base_event(e) for e in events if e and base_event(e) not in SPEECH_EVENTS)
    if not bases:
        return "date"
    if "shoot" in bases:
        return "shooting date"
    return label_for(bases.most_common(1)[0][0])


# ------------------------------------------------------------------------- the event date


def _firm(t: TimeExpression) -> bool:
    """A day the text names; not a clock time placed on the publication day for want of
    anything better, nor "overnight" or "today", which are only as right as the page's date."""
    if t.anchor == "publication" and (t.kind == "time" or t.granularity == "time"):
        return False
    return not _DEICTIC.match(t.text)


def _candidates(m: Member) -> list[TimeExpression]:
    return [t for t in m.analysis.times
            if t.kind in {"date", "time"} and t.value and t.granularity in _DAY_GRANULARITIES | {"week"}
            and (t.event is None or base_event(t.event) not in SPEECH_EVENTS)]


def main_event(ctx: StoryContext) -> str | None:
    """The kind of happening most of the story's articles lead with: the events their
    leads date, and the event nouns of their headlines ("Sunday's election", "... killed
    in shooting"), each article voting once for each kind."""
    votes: Counter = Counter()
    for m in ctx.members:
        lead_end = ctx.lead_end(m.article.id, EVENT_DATE_LEAD_SENTENCES)
        kinds = {event_class(t.event) for t in _candidates(m) if t.start < lead_end and t.event}
        headline = m.article.headline.casefold()
        kinds |= {event_class(n) for n in EVENT_NOUNS if re.search(rf"\b{n}", headline)}
        votes.update(sorted(k for k in kinds if k))  # sorted: ties break the same way in every run
    return votes.most_common(1)[0][0] if votes else None


def _dates_event(m: Member, t: TimeExpression, event: str | None) -> bool:
    """Whether a date dates the story's main happening: by the word it hangs on, or an
    event noun it follows in the same phrase (the parse may hang "the guard injured in the
    robbery of a branch on Wednesday" on "injured"); not a noun after it ("on Wednesday,
    two days after an earthquake") or across a verb ("the homicide charge was filed on
    Tuesday")."""
    if event is None:
        return False
    if event_class(t.event) == event:
        return True
    text = m.article.full_text
    sentence_start = next((x.start for x in m.analysis.sentences if x.start <= t.start < x.end), 0)
    before = text[max(sentence_start, t.start - _NOUN_REACH):t.start]
    for n in EVENT_NOUNS:
        if event_class(n) != event:
            continue
        for hit in re.finditer(rf"\b{n}\b", before, re.I):
            between = before[hit.end():]
            if not re.search(r"[,;.:!?\n]|\b(?:is|was|were|are|has|had|have|been|said|says|told|\w+ed)\b",
                             between, re.I):
                return True
    return False


_NOUN_REACH = 70
# Days named relative to the moment of publishing: right only if the publication time is
# ("overnight" in a page dated the next morning), so never grounds for a contradiction.
_DEICTIC = re.compile(r"^(?:late\s+|early\s+)?(?:today|tonight|overnight|yesterday|last\s+night|"
                      r"this\s+(?:morning|afternoon|evening)|earlier\s+today)\b", re.I)
_NIGHT = re.compile(r"\b(?:night|overnight|midnight|late|early|[01]?\d:\d\d\s*a\.?m|1[01](?::\d\d)?\s*p\.?m)\b", re.I)
_WEEKDAY_WORD = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


def _anchored(m: Member, event: str | None) -> list[tuple[TimeExpression, str]]:
    """Dates that "N days after X" gives X, when X is the main happening: "two days
    after an earthquake" in Wednesday's paper dates the earthquake Monday."""
    out = []
    for t in m.analysis.times:
        if t.kind == "relative" and t.value and t.offset_days and t.relative_to and len(t.value) >= 10:
            words = re.findall(r"[^\W\d_]+", t.relative_to.casefold())
            if event and any(event_class(w) == event for w in words):
                day = date.fromisoformat(t.value[:10]) - timedelta(days=t.offset_days)
                out.append((t, day.isoformat()))
    return out


def _tiers(ctx: StoryContext, m: Member, event: str | None) -> list[list[tuple[TimeExpression, str | None]]]:
    """An article's candidates for the event date, best tier first: (expression, the day
    when it is not the expression's own value, as for a relative date's anchor)."""
    lead_end = ctx.lead_end(m.article.id, EVENT_DATE_LEAD_SENTENCES)
    candidates = _candidates(m)
    days = [t for t in candidates if t.granularity in _DAY_GRANULARITIES]
    own = [
        [t for t in days if t.start < lead_end and _dates_event(m, t, event) and _firm(t)],
        [t for t in days if t.start < lead_end and t.event is None and _firm(t)],
        [t for t in days if _dates_event(m, t, event) and _firm(t)],
    ]
    tiers: list[list[tuple[TimeExpression, str | None]]] = [[(t, None) for t in tier] for tier in own]
    tiers.append([(t, day) for t, day in _anchored(m, event)])
    tiers.append([(t, None) for t in days if t.start < lead_end and _dates_event(m, t, event)])
    tiers.append([(t, None) for t in candidates if t.granularity == "week" and t.start < lead_end
                  and (t.event is None or event_class(t.event) == event)])
    return tiers


def _day_of(t: TimeExpression, anchor_day: str | None) -> str:
    return anchor_day or (t.value[:10] if t.granularity == "time" else t.value)  # type: ignore[index]


def event_date_fact(ctx: StoryContext) -> Fact | None:
    event = main_event(ctx)
    claims: list[Claim] = []
    firm: dict[int, bool] = {}
    mentioned: dict[str, set[str]] = defaultdict(set)  # article -> every day it names
    tiers = {m.article.id: _tiers(ctx, m, event) for m in ctx.members}
    # each article's leading candidates vote; an article naming several dates for the
    # event takes the one most others give (a report may date an earlier shooting too)
    support: Counter = Counter()
    for m in ctx.members:
        support.update({_day_of(t, day) for tier in tiers[m.article.id][:2] for t, day in tier})
    for m in ctx.members:
        for t in m.analysis.times:
            if t.value and t.granularity in _DAY_GRANULARITIES:
                mentioned[m.article.id].add(t.value[:10])
        tier = next((tier for tier in tiers[m.article.id] if tier), None)
        if tier is None:
            continue
        t, anchor_day = max(tier, key=lambda x: (support[_day_of(*x)], -x[0].start))
        # firm: a day the text names for the event; a date the analysis could not hang on
        # any word (a language without a parser) shows, but cannot contradict
        is_firm = (anchor_day is not None or (_firm(t) and t.granularity in _DAY_GRANULARITIES
                                              and t.event is not None)) and tier is not tiers[m.article.id][4]
        value = _day_of(t, anchor_day)
        claim = ctx.claim(m, t.start, t.end, value, event=t.event if anchor_day is None else None)
        if not is_firm:
            claim.note = "a time of day placed on the publication day" if t.granularity in _DAY_GRANULARITIES \
                else "a week, not a day"
        firm[id(claim)] = is_firm
        claims.append(claim)
    if not claims:
        return None
    claims = ordered(claims)
    verdict, why, conflicts = _event_date_verdict(claims, firm, mentioned)
    label = _label([c.event for c in claims if c.event and event_class(c.event) == event]) if event else "event date"
    return Fact(id=fact_id("date", label, claims), type="date", about=label, claims=claims, verdict=verdict,
                explanation=why, outlets=outlets_of(claims), conflicts=conflicts, main=True)


def _event_date_verdict(claims: list[Claim], firm: dict[int, bool],
                        mentioned: dict[str, set[str]]) -> tuple[str, str, list[list[int]]]:
    effective = counted_once(claims)
    if len({c.outlet for c in effective}) < 2:
        return "single", "reported by one outlet only", []
    if len({c.value for c in effective}) == 1:
        return "agree", "same date", []
    index = {id(c): i for i, c in enumerate(claims)}
    conflicts = []
    for i, a in enumerate(effective):
        for b in effective[i + 1:]:
            if a.outlet == b.outlet or _compatible_dates(a.value, b.value):
                continue
            if not (firm.get(id(a)) and firm.get(id(b))):
                continue
            if a.value in mentioned.get(b.article_id, set()) or b.value in mentioned.get(a.article_id, set()):
                continue  # one report also names the other's day
            if _is_report_day(a) and _is_report_day(b):
                continue  # each dates its own day's news: moments of a developing story
            if _another_week(a, b) or _around_midnight(a, b) or _follow_up(a, b) or _follow_up(b, a):
                continue
            conflicts.append(sorted([index[id(a)], index[id(b)]]))
    if conflicts:
        a, b = claims[conflicts[0][0]], claims[conflicts[0][1]]
        return "contradict", f"{a.outlet}: {a.text!r} ({a.value}) vs {b.outlet}: {b.text!r} ({b.value})", conflicts
    return "compatible", "dates that can both be true (a period holds the day, or the day is not firm)", []


def _days_apart(a: Claim, b: Claim) -> int | None:
    if len(a.value) < 10 or len(b.value) < 10:
        return None
    return abs((date.fromisoformat(a.value[:10]) - date.fromisoformat(b.value[:10])).days)


def _another_week(a: Claim, b: Claim) -> bool:
    """"Friday" read against a page date a week off: a weekday that lands whole weeks
    from another outlet's date is the same day misplaced, not a different one."""
    apart = _days_apart(a, b)
    return bool(apart) and apart % 7 == 0 and bool(_WEEKDAY_WORD.search(a.text) or _WEEKDAY_WORD.search(b.text))


def _around_midnight(a: Claim, b: Claim) -> bool:
    """"Friday at 11 p.m." and "Saturday": a day apart at night is one night."""
    return _days_apart(a, b) == 1 and bool(_NIGHT.search(a.sentence) or _NIGHT.search(b.sentence))


# ------------------------------------------------------------------------- other dates


def date_facts(ctx: StoryContext) -> list[Fact]:
    """The event date, then the story's other dates grouped by what they date."""
    main = event_date_fact(ctx)
    taken = {(c.article_id, c.start) for c in main.claims} if main else set()
    claims = []
    for m in ctx.members:
        for t in m.analysis.times:
            if (m.article.id, t.start) in taken:
                continue
            if t.kind in {"date", "time"} and t.value and t.granularity in {"day", "time", "month", "week"}:
                if t.event is not None and base_event(t.event) in SPEECH_EVENTS:
                    continue  # "said on Wednesday", "a report published on Wednesday": the telling
                if t.granularity == "time" and not _firm(t):
                    continue  # a clock time with no day of its own says nothing about the day
                value = t.value[:10] if t.granularity == "time" else t.value
                claims.append(ctx.claim(m, t.start, t.end, value, event=t.event))
            elif t.kind == "relative" and t.value and t.offset_days and t.relative_to and len(t.value) >= 10:
                # "two days after the earthquake" also dates the earthquake
                anchor = date.fromisoformat(t.value[:10]) - timedelta(days=t.offset_days)
                claims.append(ctx.claim(m, t.start, t.end, anchor.isoformat(), event=None))
    scores = pair_scores(ctx, claims, adjust=lambda a, b: _date_relation(ctx, a, b))
    facts = [main] if main else []
    for group in group_claims(claims, scores, SAME_EVENT_SIMILARITY, compatible=_may_date_same_event):
        group = ordered(group)
        verdict, why = _other_date_verdict(group)
        label = _label([c.event for c in group if c.event])
        facts.append(Fact(id=fact_id("date", label, group), type="date", about=label, claims=group,
                          verdict=verdict, explanation=why, outlets=outlets_of(group)))
    return facts


def _other_date_verdict(claims: list[Claim]) -> tuple[str, str]:
    effective = counted_once(claims)
    if len({c.outlet for c in effective}) < 2:
        return "single", "reported by one outlet only"
    values = {c.value for c in effective}
    if len(values) == 1:
        return "agree", "same date"
    if all(_compatible_dates(a, b) for a in values for b in values):
        return "compatible", "a coarser date contains the finer one"
    return "compatible", "different dates, perhaps of different moments of the story"


def _date_relation(ctx: StoryContext, a: Claim, b: Claim) -> float:
    lead = LEAD_BONUS if in_lead(ctx, a) and in_lead(ctx, b) else 0.0
    # both name the same happening (parsed events, or an event noun beside the date)
    named = NAMED_EVENT_BONUS if a.event is not None and b.event is not None and events_match(a, b) else 0.0
    if a.value == b.value:
        return SAME_VALUE_BONUS + lead + named
    if _compatible_dates(a.value, b.value):
        return COMPATIBLE_VALUE_BONUS + lead + named
    return lead + named - CLASH_MARGIN - (UNKNOWN_EVENT_PENALTY if a.event is None or b.event is None else 0.0)


# A report published this many days after another's date, dating a day this close to its
# own publication, is a later moment of the story (an arrest, an arraignment, a trial).
FOLLOW_UP_DAYS = 7


def _follow_up(later: Claim, earlier: Claim) -> bool:
    """``later`` is a follow-up that dates its own news, not the event ``earlier`` dates:
    published more than FOLLOW_UP_DAYS after ``earlier``'s day, its day within
    FOLLOW_UP_DAYS of its publication ("was arraigned Tuesday" in January for an August
    shooting)."""
    if later.published is None or len(later.value) < 10 or len(earlier.value) < 10:
        return False
    published = later.published.date()
    own, other = date.fromisoformat(later.value[:10]), date.fromisoformat(earlier.value[:10])
    return (published - other).days > FOLLOW_UP_DAYS and abs((published - own).days) <= FOLLOW_UP_DAYS


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


# ------------------------------------------------------------------------- relative dates


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
    anchor_of = {id(c): a for c, a in zip(claims, anchors)}
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
        about = _interval_label(group, [anchor_of[id(c)] for c in group])
        facts.append(Fact(id=fact_id("rel", about, group), type="relative_date", about=about,
                          claims=ordered(group), verdict=verdict, explanation=why, outlets=outlets_of(group)))
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




def _interval_label(claims: list[Claim], anchors: list[str]) -> str:
    """A short label for "N days before X": "time before the military offensive"."""
    negative = any(c.value.startswith("-") or re.search(r"\b(?:before|earlier|prior|ago)\b", c.text, re.I)
                   for c in claims)
    return "time " + ("before" if negative else "after") + " " + _short_anchor(anchors)


_ANCHOR_HEAD = re.compile(r"\b(?:the|an?|its|their|his|her)\s+(?:[\w-]+\s+){0,2}?"
                          r"(?P<noun>[\w-]+)$", re.I)


def _short_anchor(anchors: list[str]) -> str:
    """The event of the anchors in a few words: "Azerbaijan began its military offensive"
    -> "the military offensive"; "the vote" -> "the vote"."""
    for anchor in sorted(anchors, key=len):
        words = anchor.split()
        m = re.search(r"\b(?:the|an?|its|their|his|her)\s+((?:[\w-]+\s+){0,2}[\w-]+)\s*$", anchor, re.I)
        if m:
            return "the " + m.group(1)
        if len(words) <= 4:
            return anchor
    return "the event"
