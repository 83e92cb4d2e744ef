"""Small diagrams for the HTML brief, drawn as inline SVG on the server: who reported
when, and who cites whom. No script and nothing loaded from elsewhere, so the brief stays
one self-contained file; every text in them comes from articles and is escaped."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from html import escape

from newsprism.records import Brief

ROW = 22  # pixels per outlet row or graph node
LEFT = 170  # room for outlet names
WIDTH = 760
MAX_LABEL = 28
MAX_SOURCES = 20  # most cited first


def _label(text: str) -> str:
    text = " ".join(text.split())
    return escape(text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…")


def reporting_timeline(brief: Brief) -> str:
    """One row per outlet, one dot per dated article at its publication time (a link to
    the article below); "" when fewer than two articles are dated."""
    dated = sorted((a for a in brief.articles if a.published), key=lambda a: a.published)  # type: ignore[arg-type, return-value]
    if len(dated) < 2:
        return ""
    outlets = list(dict.fromkeys(a.outlet or "unknown outlet" for a in dated))  # in order of first report
    first: datetime = dated[0].published  # type: ignore[assignment]
    span = max((dated[-1].published - first).total_seconds(), 1.0)  # type: ignore[operator]
    plot = WIDTH - LEFT - 20
    height = ROW * len(outlets) + 40
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
             f'aria-label="Who reported when: {len(dated)} dated articles from {len(outlets)} outlets">']
    for i, outlet in enumerate(outlets):
        y = 20 + i * ROW
        parts.append(f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" class="lbl">{_label(outlet)}</text>'
                     f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - 20}" y2="{y}" class="grid"/>')
    for a in dated:
        x = LEFT + plot * (a.published - first).total_seconds() / span  # type: ignore[operator]
        y = 20 + outlets.index(a.outlet or "unknown outlet") * ROW
        when = a.published.strftime("%Y-%m-%d %H:%M")  # type: ignore[union-attr]
        parts.append(f'<a href="#a-{escape(a.id)}"><circle cx="{x:.1f}" cy="{y}" r="5" class="dot">'
                     f'<title>{escape(when)}: {escape(a.headline)}</title></circle></a>')
    axis = 20 + len(outlets) * ROW
    last = dated[-1].published
    parts.append(f'<text x="{LEFT}" y="{axis + 6}" class="lbl">{escape(first.strftime("%Y-%m-%d %H:%M"))}</text>'
                 f'<text x="{WIDTH - 20}" y="{axis + 6}" text-anchor="end" class="lbl">'
                 f'{escape(last.strftime("%Y-%m-%d %H:%M"))}</text></svg>')  # type: ignore[union-attr]
    return "".join(parts)


def citation_graph(brief: Brief) -> str:
    """Citing outlets on the left, the outlets and sources they cite on the right, a line
    per pair (thicker for more citations); "" when nothing is cited."""
    pairs = Counter((c.outlet or "unknown outlet", c.cited, c.kind) for c in brief.citations)
    if not pairs:
        return ""
    by_source = Counter(c for (_, c, _), n in pairs.items() for _ in range(n))
    shown = {c for c, _ in by_source.most_common(MAX_SOURCES)}  # the list below has them all
    pairs = Counter({k: n for k, n in pairs.items() if k[1] in shown})
    citing = list(dict.fromkeys(o for o, _, _ in pairs))
    cited = list(dict.fromkeys(c for _, c, _ in pairs))
    rows = max(len(citing), len(cited))
    height = ROW * rows + 20
    right = WIDTH - LEFT
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
             f'aria-label="Who cites whom: {len(citing)} outlets citing {len(cited)} sources">']
    for (outlet, source, kind), n in pairs.items():
        y1 = 15 + citing.index(outlet) * ROW
        y2 = 15 + cited.index(source) * ROW
        parts.append(f'<line x1="{LEFT}" y1="{y1}" x2="{right}" y2="{y2}" class="edge k-{escape(kind)}" '
                     f'stroke-width="{min(1 + n, 6)}"><title>{escape(outlet)} cites {escape(source)} '
                     f'({escape(kind)}, {n}×)</title></line>')
    for i, outlet in enumerate(citing):
        y = 15 + i * ROW
        parts.append(f'<circle cx="{LEFT}" cy="{y}" r="4" class="node"/>'
                     f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" class="lbl">{_label(outlet)}</text>')
    for i, source in enumerate(cited):
        y = 15 + i * ROW
        parts.append(f'<circle cx="{right}" cy="{y}" r="4" class="node"/>'
                     f'<text x="{right + 8}" y="{y + 4}" class="lbl">{_label(source)}</text>')
    parts.append("</svg>")
    return "".join(parts)


GEN_WIDTH = 190  # pixels per generation of copies


def reprint_lineage(brief: Brief) -> str:
    """Who copied whom, as a tree: each original on the left, its copies (and copies of
    copies) a column further right, an arrow from the original to each copy (links to the
    articles below); "" when the story has no reprints."""
    articles = {a.id: a for a in brief.articles}
    edges = [(r.original_id, r.copy_id, r.similarity) for r in brief.reprints
             if r.original_id in articles and r.copy_id in articles and r.original_id != r.copy_id]
    if not edges:
        return ""
    children: dict[str, list[str]] = {}
    has_parent = set()
    for original, copy, _ in edges:
        children.setdefault(original, []).append(copy)
        has_parent.add(copy)
    roots = [i for i in dict.fromkeys(o for o, _, _ in edges) if i not in has_parent] or [edges[0][0]]
    place: dict[str, tuple[int, int]] = {}  # article -> (generation, row), depth first from each original

    def visit(node: str, depth: int) -> None:
        stack = [(node, depth)]  # depth first, without recursion (a wire chain may be long)
        while stack:
            here, level = stack.pop()
            if here in place:
                continue  # a copy of two originals (or a cycle) is drawn once, by the first
            place[here] = (level, len(place))
            stack.extend((child, level + 1) for child in reversed(children.get(here, [])))

    for root in roots:
        visit(root, 0)
    for original, copy, _ in edges:  # anything a cycle left out
        visit(original, 0)
        visit(copy, place[original][0] + 1)
    generations = max(g for g, _ in place.values()) + 1
    width = max(WIDTH, 20 + generations * GEN_WIDTH)
    height = ROW * len(place) + 10

    def xy(node: str) -> tuple[int, int]:
        g, row = place[node]
        return 12 + g * GEN_WIDTH, 15 + row * ROW

    parts = [f'<svg class="chart lineage" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'aria-label="Reprints: {len(edges)} copies of {len(roots)} original'
             f'{"s" if len(roots) != 1 else ""}">']
    for original, copy, similarity in edges:
        (x1, y1), (x2, y2) = xy(original), xy(copy)
        parts.append(f'<path d="M{x1},{y1} H{x2 - 14} V{y2} H{x2 - 6}" fill="none" class="edge" '
                     f'stroke-width="{1 + round(2 * similarity)}" marker-end="url(#arrow)">'
                     f'<title>{escape(_name(articles[copy]))} copies {escape(_name(articles[original]))} '
                     f'(similarity {similarity:.2f})</title></path>')
    parts.append('<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" '
                 'orient="auto"><path d="M0,0 L8,4 L0,8 z" class="node"/></marker></defs>')
    for node in place:
        x, y = xy(node)
        a = articles[node]
        when = a.published.strftime("%Y-%m-%d %H:%M") if a.published else "undated"
        parts.append(f'<a href="#a-{escape(node)}"><circle cx="{x}" cy="{y}" r="5" class="node">'
                     f'<title>{escape(when)}: {escape(a.headline)}</title></circle></a>'
                     f'<text x="{x + 9}" y="{y + 4}" class="lbl">{_label(_name(a))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _name(article) -> str:  # type: ignore[no-untyped-def]
    return article.outlet or article.id[:8]
