"""The story's timeline: dated events from all articles on one axis, each with the outlets
that report it; undated articles get a date range from their story."""

from __future__ import annotations

import re

from newsprism.compare._context import StoryContext
from newsprism.records import Fact, TimelineEvent

_GRANULARITY = {10: "day", 7: "month", 4: "year"}


def timeline(date_facts: list[Fact]) -> list[TimelineEvent]:
    events = []
    for f in date_facts:
        values = sorted({c.value for c in f.claims}, key=lambda v: (-len(v), v))
        # A contradicted date shows once per value, so the reader sees both.
        shown = values if f.verdict == "contradict" else values[:1]
        for v in shown:
            claims = [c for c in f.claims if c.value == v or (f.verdict != "contradict")]
            events.append(TimelineEvent(
                date=v, granularity=_granularity(v), description=f.about,
                outlets=sorted({c.outlet or c.article_id[:8] for c in claims}),
                article_ids=sorted({c.article_id for c in claims}), fact_id=f.id))
    # one line per (date, description): an article that repeats a dated sentence, or two
    # facts about one sentence, is shown once
    seen: set[tuple[str, str]] = set()
    unique = []
    for e in sorted(events, key=lambda e: (e.date, -len(e.outlets))):
        if (e.date, e.description) not in seen:
            seen.add((e.date, e.description))
            unique.append(e)
    return unique


def _granularity(value: str) -> str:
    if "W" in value and not value.endswith("-WI"):
        return "week"
    if re.search(r"-(?:SP|SU|FA|WI)$", value):
        return "season"
    return _GRANULARITY.get(len(value), "day")


def undated_range(ctx: StoryContext, article_id: str) -> list[str] | None:
    """For an article without a publication date: from the latest date its own text
    reports (it cannot predate what it reports) to the story's last dated report."""
    m = ctx.by_id(article_id)
    if m.article.published is not None:
        return None
    own = [t.value[:10] for t in m.analysis.times if t.kind == "date" and t.value and t.granularity == "day"]
    dated = [x.article.published for x in ctx.members if x.article.published is not None]
    lower = max(own) if own else (min(dated).date().isoformat() if dated else None)
    upper = max(dated).date().isoformat() if dated else None
    if lower is None and upper is None:
        return None
    if lower and upper and lower > upper:
        upper = lower
    return [lower or "?", upper or "?"]
