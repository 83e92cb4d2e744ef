"""Story briefs as Markdown, JSON and a single self-contained HTML page.

Article text is untrusted: the HTML goes through Jinja2 with autoescaping on, Markdown
escapes the characters Markdown would interpret, and JSON is JSON.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from newsprism.records import Brief, Fact, to_json
from newsprism.render.svg import citation_graph, reporting_timeline, reprint_lineage
from newsprism.render import format_when

BRIEF_FORMATS = ("md", "json", "html")
VERDICT_LABELS = {"agree": "agree", "compatible": "compatible", "contradict": "CONTRADICT",
                  "update": "update", "single": "one outlet"}


def brief_to_json(brief: Brief) -> str:
    return to_json(brief, indent=2)


# Only what changes meaning mid-line: emphasis, code, links, tables and inline HTML.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>~])")


_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md_escape(text: str | None) -> str:
    """Escape Markdown and inline HTML in untrusted text (also what would start a
    heading, list or rule when the text opens a line or a list item)."""
    if not text:
        return ""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def brief_to_markdown(brief: Brief) -> str:
    out: list[str] = []
    add = out.append
    add(f"# {md_escape(brief.headline)}")
    add("")
    outlets = sorted({a.outlet or "unknown outlet" for a in brief.articles})
    add(f"Story `{brief.story_id}`: {len(brief.articles)} articles from {len(outlets)} outlets "
        f"({', '.join(md_escape(o) for o in outlets)}).")
    if brief.earliest:
        first = next(a for a in brief.articles if a.id == brief.earliest)
        add(f"Earliest report: {md_escape(first.outlet or first.id)} ({format_when(first.published)}).")
    if brief.original_sources:
        add(f"The story rests on: {', '.join(md_escape(s) for s in brief.original_sources)}.")
    add("")
    event = event_summary(brief)
    if event:
        add("## The event")
        add("")
        for label, value, detail in event:
            add(f"- **{md_escape(label)}**: {md_escape(value)} ({md_escape(detail)})")
        add("")
    contradictions = [f for f in brief.facts if f.verdict == "contradict"]
    add("## Where the outlets disagree")
    add("")
    if not contradictions:
        add("No contradictions found.")
    for f in contradictions:
        add(f"- **{md_escape(f.about)}**: {md_escape(f.explanation)}")
        for c in f.claims:
            add(f"  - {md_escape(c.outlet)}: “{md_escape(c.text)}”{md_escape(claim_note(c))} in “{md_escape(c.sentence)}”")
    add("")
    add("## Facts by outlet")
    add("")
    add("| fact | verdict | " + " | ".join(md_escape(o) for o in outlets) + " |")
    add("|---|---|" + "---|" * len(outlets))
    for f in [f for f in brief.facts if f.verdict != "single" and f.type != "participants"]:
        cells = _cells(f, outlets)
        add(f"| {md_escape(fact_label(f))} | {VERDICT_LABELS[f.verdict]} | "
            + " | ".join(md_escape(cells.get(o, "")) or "–" for o in outlets) + " |")
    add("")
    singles = [f for f in brief.facts if f.verdict == "single" and f.type in {"date", "count", "relative_date", "place"}]
    if singles:
        add("## Reported by one outlet only")
        add("")
        for f in singles:
            c = f.claims[0]
            add(f"- {md_escape(c.outlet)}: {md_escape(fact_label(f))} “{md_escape(c.text)}”: {md_escape(c.sentence)}")
        add("")
    add("## People and organisations")
    add("")
    for e in brief.entities:
        if e.label not in {"PERSON", "ORG", "OUTLET"}:
            continue
        variants = "; ".join(f"“{md_escape(v.text)}” ({', '.join(md_escape(o) for o in v.outlets)})" for v in e.variants)
        add(f"- **{md_escape(e.canonical)}** ({e.label}): {variants}")
    add("")
    if brief.quotes:
        add("## Quotes")
        add("")
        for q in brief.quotes:
            add(f"- {md_escape(q.speaker or 'unattributed')} ({q.wordings} wording{'s' if q.wordings != 1 else ''}, "
                f"{len(q.outlets)} outlet{'s' if len(q.outlets) != 1 else ''}):")
            for v in q.variants:
                add(f"  - {md_escape(v.outlet)}: “{md_escape(v.text)}”")
        add("")
    coverage = _coverage(brief)
    if coverage:
        add("## What each outlet adds or leaves out")
        add("")
        for outlet, added, omitted in coverage:
            add(f"- **{md_escape(outlet)}** adds {len(added)}: {'; '.join(md_escape(a) for a in added[:6]) or '-'}; "
                f"leaves out {len(omitted)}: {'; '.join(md_escape(o) for o in omitted[:6]) or '-'}")
        add("")
    add("## Who cites whom")
    add("")
    for e in brief.citations:
        if e.kind in {"outlet", "agency", "person", "official", "anonymous"}:
            add(f"- {md_escape(e.outlet)} → {md_escape(e.cited)} ({e.kind})")
    add("")
    if brief.reprints:
        add("## Reprints")
        add("")
        names = {a.id: a.outlet or a.id[:8] for a in brief.articles}
        for r in brief.reprints:
            changes = len(r.diff)
            add(f"- {md_escape(names.get(r.copy_id))} copies {md_escape(names.get(r.original_id))} "
                f"(similarity {r.similarity:.2f}, containment {r.containment:.2f}, {changes} edits)")
        add("")
    add("## Timeline")
    add("")
    for t in brief.timeline:
        add(f"- **{t.date}**: {md_escape(t.description)} ({', '.join(md_escape(o) for o in t.outlets)})")
    add("")
    add("## Articles")
    add("")
    for a in brief.articles:
        when = format_when(a.published) if a.published else (undated_text(a.date_range) if a.date_range else "undated")
        extra = f", reprint of {a.reprint_of[:8]}" if a.reprint_of else ""
        extra += ", headline only: not compared" if a.headline_only else ""
        add(f"- {md_escape(a.outlet or 'unknown outlet')}, {when}, {a.language or '?'}: {md_escape(a.headline)} (`{a.id}`{extra})")
    add("")
    return "\n".join(out)


_TYPE_NAMES = {"participants": "named", "source": "cites", "relative_date": "interval"}


def fact_label(f: Fact) -> str:
    """A fact by its short label: "meeting date", "dead", "place", "named: Louis Bono"."""
    if f.type in _TYPE_NAMES:
        return f"{_TYPE_NAMES[f.type]}: {f.about}"
    return f.about


def claim_note(c: Any) -> str:
    """What a reader should know of how a claim was read: " (per Politico)", " (derived:
    7 shot, 3 dead)"."""
    notes = []
    if c.note:
        notes.append(c.note)
    if c.attributed_to:
        notes.append(f"per {c.attributed_to}")
    return f" ({'; '.join(notes)})" if notes else ""


def consensus(f: Fact) -> tuple[str, int, int]:
    """The value most outlets give, how many outlets give it and how many give a value at
    all. Ties go to the earliest report, or, when the fact was updated by newer reports,
    to the latest (and each outlet counts with its latest value). A fact that chose its
    summary itself (``Fact.summary``: a place the others contain) gives that."""
    updated = f.verdict == "update"
    by_outlet: dict[str, str] = {}
    for c in f.claims:  # in publication order
        if not c.reprint_of:
            key = c.outlet or c.article_id
            if updated:
                by_outlet.pop(key, None)
                by_outlet[key] = c.value
            else:
                by_outlet.setdefault(key, c.value)
    counts: dict[str, int] = defaultdict(int)
    for v in by_outlet.values():
        counts[v] += 1
    if not counts:  # every claim is a copy of another
        return (f.claims[0].value if f.claims else ""), 0, 0
    if f.summary is not None:
        return f.summary, f.summary_support, len(by_outlet)
    best = max(counts.values())
    values = list(by_outlet.values())
    value = next(v for v in (reversed(values) if updated else values) if counts[v] == best)
    return value, best, len(by_outlet)


def event_summary(brief: Brief) -> list[tuple[str, str, str]]:
    """The story's main event in a few lines: each main fact's label, the value most
    outlets give, and how many agree and with what verdict."""
    rows = []
    for f in brief.facts:
        if not f.main or not f.claims:
            continue
        value, agreeing, total = consensus(f)
        detail = f"{agreeing} of {total} outlets" if total > 1 else "one outlet"
        if f.verdict not in {"agree", "single"}:
            detail += f"; {VERDICT_LABELS[f.verdict]}"
        rows.append((f.about, value, detail))
    return rows


def undated_text(date_range: list[str]) -> str:
    """"between 2023-10-05 and 2023-10-07", or one date when both ends are the same day."""
    if len(set(date_range)) == 1:
        return f"undated; around {date_range[0]}"
    return "undated; between " + " and ".join(date_range)


def _coverage(brief: Brief) -> list[tuple[str, list[str], list[str]]]:
    """Per outlet, the facts only it reports (with its value) and those others report
    but it does not, each by label (participants named by one outlet are left out)."""
    facts = {f.id: f for f in brief.facts}

    def added(fact_id: str) -> str:
        f = facts[fact_id]
        return fact_label(f) if f.type in _TYPE_NAMES else f"{f.about} {f.claims[0].value}"

    return [(outlet, [added(i) for i in c.get("added", []) if i in facts],
             [fact_label(facts[i]) for i in c.get("omitted", []) if i in facts])
            for outlet, c in sorted(brief.outlet_coverage.items()) if c.get("added") or c.get("omitted")]


def _cells(fact: Fact, outlets: list[str]) -> dict[str, str]:
    cells: dict[str, list[str]] = defaultdict(list)
    for c in fact.claims:
        cells[c.outlet or ""].append(c.text + claim_note(c))
    return {o: " / ".join(dict.fromkeys(v)) for o, v in cells.items()}


@lru_cache(maxsize=1)
def template_environment():  # type: ignore[no-untyped-def]
    """Jinja2 environment for newsprism's templates; autoescaping is on for every
    template, since they all render untrusted article text."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from newsprism._cache import template_bytecode_cache

    env = Environment(loader=PackageLoader("newsprism", "templates"),
                      autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
                      trim_blocks=True, lstrip_blocks=True, bytecode_cache=template_bytecode_cache())
    env.filters["short"] = format_when
    return env


def brief_to_html(brief: Brief) -> str:
    outlets = sorted({a.outlet or "unknown outlet" for a in brief.articles})
    matrix = [(f, _cells(f, outlets)) for f in brief.facts if f.type != "participants" or f.verdict != "single"]
    claims_by_article: dict[str, list[Any]] = defaultdict(list)
    for f in brief.facts:
        for c in f.claims:
            claims_by_article[c.article_id].append((f, c))
    return template_environment().get_template("brief.html.j2").render(
        brief=brief, outlets=outlets, matrix=matrix, verdict_labels=VERDICT_LABELS, coverage=_coverage(brief),
        event=event_summary(brief), fact_label=fact_label, claim_note=claim_note, undated_text=undated_text,
        claims_by_article=claims_by_article, names={a.id: a.outlet or a.id[:8] for a in brief.articles},
        # our own markup, every article text in it escaped (see newsprism.render.svg)
        timeline_chart=Markup(reporting_timeline(brief)), citation_chart=Markup(citation_graph(brief)),
        lineage_chart=Markup(reprint_lineage(brief)))


def render_brief(brief: Brief, fmt: str) -> str:
    if fmt == "md":
        return brief_to_markdown(brief)
    if fmt == "json":
        return brief_to_json(brief)
    if fmt == "html":
        return brief_to_html(brief)
    raise ValueError(f"unknown brief format {fmt!r} (choose from {', '.join(BRIEF_FORMATS)})")


def write_index(briefs: list[Brief], out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    """An index of all briefs in each format, linking to the per-story files."""
    written = []
    rows = [{"story_id": b.story_id, "headline": b.headline, "articles": len(b.articles),
             "outlets": sorted({a.outlet or "?" for a in b.articles}),
             "contradictions": sum(f.verdict == "contradict" for f in b.facts)} for b in briefs]
    if "json" in formats:
        p = out_dir / "index.json"
        p.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(p)
    if "md" in formats:
        lines = ["# Story briefs", "", "| story | headline | articles | outlets | contradictions |", "|---|---|---|---|---|"]
        for r in rows:
            lines.append(f"| [{r['story_id']}]({r['story_id']}.md) | {md_escape(r['headline'])} | {r['articles']} | "
                         f"{md_escape(', '.join(r['outlets']))} | {r['contradictions']} |")
        p = out_dir / "index.md"
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(p)
    if "html" in formats:
        p = out_dir / "index.html"
        p.write_text(template_environment().get_template("index.html.j2").render(rows=rows), encoding="utf-8")
        written.append(p)
    return written
