"""Stage 4: compare the sources of a story fact by fact.

``build_brief`` takes a story's articles with their analyses (and any reprint lineage)
and returns a ``Brief``: one entity per person/organisation/place whatever the spelling,
facts with every outlet's claim and a verdict, quote variants, the citation graph, the
earliest report and original sources, what each outlet added or left out, and a timeline.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from newsprism._versions import brief_version
from newsprism.analyse.entities import entity_key
from newsprism.compare._context import Member, StoryContext
from newsprism.compare.entities import MentionRef, ResolvedEntity, name_key, resolve_entities
from newsprism.compare.dates import date_facts, relative_date_facts
from newsprism.compare.facts import count_facts, participant_facts, source_facts
from newsprism.compare.places import place_facts
from newsprism.compare.provenance import citation_edges, earliest_report, original_sources, outlet_coverage
from newsprism.compare.quotes import quote_groups
from newsprism.compare.timeline import timeline, undated_range
from newsprism.config import load_config
from newsprism.records import (
    Analysis,
    Article,
    Brief,
    BriefArticle,
    BriefEntity,
    EntityVariant,
    Reprint,
)

__all__ = ["BRIEF_VERSION", "MentionRef", "ResolvedEntity", "build_brief", "name_key", "resolve_entities"]


BRIEF_VERSION = brief_version()

_RESOLVED_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "OUTLET", "NAME"}


def build_brief(story_id: str, members: Sequence[tuple[Article, Analysis]], *, headline: str | None = None,
                reprints: Sequence[Reprint] = (), config: dict[str, Any] | None = None) -> Brief:
    """Compare the articles of one story.

    ``members``: (article, analysis) pairs; ``reprints``: lineage among them (copies are
    shown but counted once when outlets are compared).
    """
    cfg = config or load_config()
    reprint_of = {r.copy_id: r.original_id for r in reprints}
    ordered = sorted(members, key=lambda p: (p[0].published is None, p[0].published or datetime.min, p[0].id))
    # headline-only entries (title-only feed items) are listed, but have no facts to compare
    compared = [(a, an) for a, an in ordered if not a.headline_only]
    ctx = StoryContext(members=[Member(a, an, reprint_of.get(a.id)) for a, an in compared], config=cfg)

    entities = _resolve(ctx)
    for ent in entities:
        for article_id, start, _ in ent.mentions:
            ctx.entity_index[(article_id, start)] = ent

    dates = date_facts(ctx)
    facts = (dates + relative_date_facts(ctx) + place_facts(ctx) + count_facts(ctx)
             + participant_facts(ctx, entities) + source_facts(ctx))
    facts.sort(key=_fact_order)
    edges = citation_edges(ctx)
    articles = [BriefArticle(id=m.article.id, headline=m.article.headline, outlet=m.outlet,
                             published=m.article.published, language=m.article.language, url=m.article.url,
                             reprint_of=m.reprint_of, date_range=undated_range(ctx, m.article.id))
                for m in ctx.members]
    articles += [BriefArticle(id=a.id, headline=a.headline, outlet=Member(a, an).outlet, published=a.published,
                              language=a.language, url=a.url, headline_only=True)
                 for a, an in ordered if a.headline_only]
    return Brief(
        story_id=story_id,
        headline=headline or (ordered[0][0].headline if ordered else ""),
        generated_at=datetime.now(timezone.utc).replace(microsecond=0),
        articles=articles,
        entities=[_brief_entity(e, ctx) for e in entities if e.label != "NAME" or len(e.mentions) > 1],
        facts=facts,
        quotes=quote_groups(ctx),
        citations=edges,
        timeline=timeline([f for f in dates if f.verdict != "single" or len(ctx.members) == 1]
                          + [f for f in dates if f.verdict == "single" and len(ctx.members) > 1]),
        reprints=list(reprints),
        earliest=earliest_report(ctx),
        original_sources=original_sources(ctx, edges),
        outlet_coverage=outlet_coverage(ctx, facts),
    )


_TYPE_ORDER = {"date": 0, "relative_date": 1, "place": 2, "count": 3, "participants": 4, "source": 5}
_VERDICT_ORDER = {"contradict": 0, "update": 1, "compatible": 2, "agree": 3, "single": 4}


def _fact_order(f: Any) -> tuple[int, int, int, int]:
    # the main event's slots first (date, place, toll), then by type, verdict and reach
    return (0 if f.main else 1, _TYPE_ORDER.get(f.type, 9), _VERDICT_ORDER.get(f.verdict, 9), -len(f.outlets))


def _resolve(ctx: StoryContext) -> list[ResolvedEntity]:
    """One entity per name across the story. Labels are first made consistent across the
    articles, as the analysis made them within each: a name that is an outlet anywhere in
    the story (an outlet of the story, or cited as one) is an outlet everywhere, and
    otherwise a name takes the label most articles give it."""
    outlets = {entity_key(m.article.source) for m in ctx.members if m.article.source}
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in ctx.members:
        outlets.update(c.key for c in m.analysis.citations if c.kind in {"outlet", "agency"} and c.key)
        for e in m.analysis.entities:
            if e.label == "OUTLET":
                outlets.add(e.key)
            elif e.label in _RESOLVED_LABELS and e.label != "NAME":
                votes[e.key][e.label] += 1
    refs = []
    for m in ctx.members:
        for e in m.analysis.entities:
            if e.label not in _RESOLVED_LABELS:
                continue
            if e.key in outlets:
                label = "OUTLET"
            elif votes.get(e.key):
                label = max(votes[e.key].items(), key=lambda kv: (kv[1], _LABEL_PREFERENCE.get(kv[0], 0)))[0]
            else:
                label = e.label
            mention = e if label == e.label else dataclasses.replace(e, label=label)
            refs.append(MentionRef(article_id=m.article.id, source=m.outlet, language=m.article.language,
                                   mention=mention))
    return resolve_entities(refs, scope="story")


# ties between labels go to places over organisations (the model over-tags places as ORG)
_LABEL_PREFERENCE = {"PERSON": 3, "GPE": 2, "LOC": 2, "ORG": 1}


def _brief_entity(ent: ResolvedEntity, ctx: StoryContext) -> BriefEntity:
    counts: Counter = Counter()
    outlets_by_variant: dict[str, set[str]] = defaultdict(set)
    members = {m.article.id: m for m in ctx.members}
    for article_id, start, end in ent.mentions:
        m = members.get(article_id)
        if m is None:
            continue
        text = m.article.full_text[start:end]
        counts[text] += 1
        outlets_by_variant[text].add(m.outlet)
    variants = [EntityVariant(text=t, outlets=sorted(outlets_by_variant[t]), count=n) for t, n in counts.most_common()]
    outlets = sorted({o for v in variants for o in v.outlets})
    return BriefEntity(id=ent.id, label=ent.label, canonical=ent.canonical, variants=variants, outlets=outlets,
                       mentions=len(ent.mentions))
