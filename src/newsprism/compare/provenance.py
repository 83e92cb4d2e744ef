"""Provenance of a story: who cites whom, the earliest report, the sources the story rests
on, and what each outlet added or left out relative to the others."""

from __future__ import annotations

from collections import Counter, defaultdict

from newsprism.analyse.entities import entity_key
from newsprism.compare._context import StoryContext
from newsprism.records import CitationEdge, Fact

# A cited outlet or agency is an original source of the story when at least this many of
# its (non-reprint) articles rest on it (all of them in a smaller story).
MIN_CITING_ARTICLES = 2


def citation_edges(ctx: StoryContext) -> list[CitationEdge]:
    edges = []
    for m in ctx.members:
        own = entity_key(m.outlet) if m.outlet else None
        for c in m.analysis.citations:
            if own and c.kind in ("outlet", "agency") and c.key == own:
                continue  # "..., he told the Meridian Post" in the Meridian Post: its own reporting
            sentence, _, _ = ctx.sentence_of(m, c.start)
            edges.append(CitationEdge(article_id=m.article.id, outlet=m.outlet, cited=c.source, cited_key=c.key,
                                      kind=c.kind, sentence=sentence, start=c.start, end=c.end))
    return edges


def earliest_report(ctx: StoryContext) -> str | None:
    dated = [m for m in ctx.members if m.article.published is not None]
    if not dated:
        return None
    return min(dated, key=lambda m: m.article.published).article.id  # type: ignore[arg-type,return-value]


def original_sources(ctx: StoryContext, edges: list[CitationEdge]) -> list[str]:
    """Outlets and agencies that most articles of the story cite (or credit)."""
    originals = [m for m in ctx.members if not m.reprint_of]
    if not originals:
        return []
    ids = {m.article.id for m in originals}
    citing: dict[str, set[str]] = defaultdict(set)
    names: dict[str, Counter] = defaultdict(Counter)
    for e in edges:
        if e.kind in {"outlet", "agency"} and e.article_id in ids and e.cited_key:
            citing[e.cited_key].add(e.article_id)
            names[e.cited_key][e.cited] += 1
    need = min(MIN_CITING_ARTICLES, len(originals))
    ranked = sorted(citing.items(), key=lambda kv: -len(kv[1]))
    # an outlet of the story is named as it names itself ("Harbor Times", not "the Harbor Times.")
    own_names = {entity_key(m.article.source): m.article.source for m in ctx.members if m.article.source}
    return [own_names.get(k) or _shortest_common(names[k]) for k, arts in ranked if len(arts) >= need]


def _shortest_common(names: Counter) -> str:
    top = names.most_common()
    best = top[0][1]
    return min((n for n, c in top if c == best), key=len)


def outlet_coverage(ctx: StoryContext, facts: list[Fact]) -> dict[str, dict[str, list[str]]]:
    """Per outlet: facts only it reports ("added") and facts that the others report but
    it does not ("omitted")."""
    outlets = sorted({m.outlet for m in ctx.members})
    coverage = {o: {"added": [], "omitted": []} for o in outlets}
    # with two outlets, what one reports the other leaves out; with more, a fact counts as
    # left out when at least two others report it
    enough = min(2, max(1, len(outlets) - 1))
    for f in facts:
        if f.type == "participants" and f.verdict == "single":
            continue
        reporters = set(f.outlets)
        for o in outlets:
            if reporters == {o} and len(outlets) > 1:
                coverage[o]["added"].append(f.id)
            elif o not in reporters and len(reporters) >= enough:
                coverage[o]["omitted"].append(f.id)
    return coverage
