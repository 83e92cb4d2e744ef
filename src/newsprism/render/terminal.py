"""Rich renderings for the terminal. Article text is untrusted: every string is escaped
so that "[bold]" in an article never becomes markup."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsprism.records import Analysis, Article
from newsprism.render import format_quantity


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"…{escape(left)}[bold]{escape(text[start:end])}[/]{escape(right)}…"


def render_article(console: Console, article: Article, analysis: Analysis | None, story: str | None) -> None:
    console.rule(f"[bold]{escape(article.headline)}")
    meta = [f"id {article.id}", f"outlet {escape(article.source or '-')}",
            f"published {article.published.isoformat() if article.published else '-'}"
            + (f" ({article.date_precision}, from {article.date_origin})" if article.published else ""),
            f"language {article.language or '-'}"
            + (f" ({article.language_confidence:.2f})" if article.language_confidence is not None else ""),
            f"story {story or '-'}"]
    if article.credits:
        meta.append("credits " + escape(", ".join(article.credits)))
    if article.url:
        meta.append(f"url {escape(article.url)}")
    console.print(" | ".join(meta))
    if article.ingest:
        console.print(f"[dim]from {escape(article.ingest.path)} ({article.ingest.format}, {article.ingest.extractor})"
                      + (f"; warnings: {escape('; '.join(article.ingest.warnings))}" if article.ingest.warnings else "") + "[/]")
    console.print()
    for p in article.paragraphs:
        console.print(escape(p))
        console.print()
    if analysis is None:
        console.print("[yellow]not analysed yet (run `newsprism analyse`)[/]")
        return
    text = article.full_text
    names = [e for e in analysis.entities if e.label in {"PERSON", "ORG", "GPE", "LOC", "NORP", "OUTLET", "NAME", "FAC", "EVENT"}]
    t = Table(title="Entities", show_lines=False)
    for col in ("type", "mention", "offsets", "key", "typed by"):
        t.add_column(col)
    for e in names:
        t.add_row(e.label, escape(e.text), f"{e.start}-{e.end}", escape(e.key), escape(e.extractor))
    console.print(t)
    t = Table(title="Dates and times")
    for col in ("kind", "expression", "value", "granularity / duration", "context"):
        t.add_column(col, overflow="fold")
    for d in analysis.times:
        extra = d.duration or d.granularity or ""
        value = d.value or (f"{d.offset_days:+d} days from {d.relative_to or '?'}" if d.offset_days is not None
                            else (f"relative to {d.relative_to}" if d.relative_to else "-"))
        t.add_row(d.kind, escape(d.text), escape(value), extra, _context(text, d.start, d.end, 25))
    console.print(t)
    t = Table(title="Numbers")
    for col in ("value", "qualifier", "counted / unit", "category", "expression"):
        t.add_column(col, overflow="fold")
    for q in analysis.quantities:
        t.add_row(format_quantity(q), q.qualifier, escape(q.counted or q.unit or "-"), q.category or "-", escape(q.text))
    console.print(t)
    t = Table(title="Quotes and reported speech")
    for col in ("kind", "speaker", "cue", "content"):
        t.add_column(col, overflow="fold")
    for q in analysis.quotes:
        t.add_row(q.kind, escape(q.speaker.text if q.speaker else "-"), escape(q.cue.text if q.cue else "-"),
                  escape(q.content.text[:200]))
    console.print(t)
    t = Table(title="Citations (who this article relies on)")
    for col in ("kind", "source", "cue", "content"):
        t.add_column(col, overflow="fold")
    for c in analysis.citations:
        t.add_row(c.kind, escape(c.source), escape(c.cue.text if c.cue else "-"),
                  escape(c.content.text[:160] if c.content else "-"))
    console.print(t)


def render_why(console: Console, rows: list[dict]) -> None:
    """Why each article is in its story: score and the evidence recorded at assignment."""
    for r in rows:
        ev = r.get("evidence") or {}
        console.print(f"[bold]{escape(r['article_id'][:10])}[/] {escape(r['source'] or '-')}: "
                      f"{escape(r['headline'][:70])}")
        closest = ev.get("closest_story") or {}
        method = r.get("method") or "online"
        if method in {"consolidate", "recluster"} and not ev.get("reprint_of"):
            console.print(f"  placed here by {'re-clustering' if method == 'recluster' else 'consolidation'} "
                          "(the story's log below says why)")
        elif method in {"merge", "split"}:
            console.print(f"  placed here by a {method} by hand (see the story's log below)")
        elif r["new_story"]:
            p = closest.get("probability", closest.get("score"))
            console.print("  started the story (no earlier story was likely enough the same event"
                          + (f"; closest was {closest['story_id']} at {p:.2f}" if closest and p is not None else "")
                          + ")")
        elif ev.get("reprint_of"):
            console.print(f"  a reprint of {ev['reprint_of'][:10]} (similarity {ev['similarity']:.2f}, "
                          f"containment {ev['containment']:.2f}): copies share their original's story")
        else:
            console.print(f"  joined with same-event probability {r['score']:.2f}")
        if ev.get("reasons"):
            console.print(f"  weighed most: {escape(', '.join(ev['reasons']))}")
        for key, label in (("shared_names", "shared names"), ("same_city", "same city"), ("same_day", "same event day")):
            if ev.get(key):
                value = ev[key]
                console.print(f"  {label}: {escape(', '.join(value) if isinstance(value, list) else str(value))}")
        for key, label in (("sub_scores", "sub-scores"), ("shared_entities", "shared entities"),
                           ("shared_terms", "shared terms"), ("shared_headline_terms", "shared headline terms"),
                           ("date_gap_days", "days from story"), ("shared_numbers", "shared numbers"),
                           ("shared_dates", "shared dates")):
            if key in ev and ev[key] not in (None, [], {}):
                value = ev[key]
                if isinstance(value, dict):
                    value = ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in value.items())
                elif isinstance(value, list):
                    value = ", ".join(map(str, value))
                console.print(f"  {label}: {escape(str(value))}")
