"""The command line: a thin skin over the library, same names and defaults.

Output is for people first (tables, briefs); ``--format json`` gives the same data to
machines. OUTPUT_FORMATS is the one place that lists the formats.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsprism.config import load_config
from newsprism.errors import NewsprismError
from newsprism.records import to_dict
from newsprism.store import DB_ENV, Store, resolve_db

app = typer.Typer(help="newsprism: how one news event is reported across many outlets.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
eval_app = typer.Typer(help="Measure newsprism on public gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

console = Console()
err_console = Console(stderr=True)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


class BriefFormat(str, Enum):
    table = "table"
    md = "md"
    json = "json"
    html = "html"


OUTPUT_FORMATS = {"list": [f.value for f in OutputFormat], "story": [f.value for f in BriefFormat]}

DbOption = typer.Option(None, "--db", envvar=DB_ENV, help="Store file (default ./newsprism.db).")
FormatOption = typer.Option(OutputFormat.table, "--format", "-f", help="Output format.")
ConfigOption = typer.Option(None, "--config", help="TOML file overriding default settings.")


def _fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


@contextmanager
def _store(db: Optional[str]) -> Iterator[Store]:
    try:
        store = Store.open(resolve_db(db))
    except NewsprismError as exc:
        _fail(str(exc))
    try:
        yield store
    except NewsprismError as exc:
        _fail(str(exc))
    finally:
        store.close()


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(to_dict(data), ensure_ascii=False, indent=2, default=str) + "\n")


def _fmt_date(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    return str(value)


class _ProgressBars:
    """A Rich progress bar per pipeline step; silent when output is not a terminal."""

    LABELS = {"read": "Reading inputs", "analyse": "Analysing", "stories": "Assigning stories"}

    def __init__(self, enabled: bool) -> None:
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=err_console, disable=not enabled, transient=False)
        self.tasks: dict[str, Any] = {}

    def __call__(self, step: str, advance: int, total: int | None) -> None:
        if step not in self.tasks:
            self.tasks[step] = self.progress.add_task(self.LABELS.get(step, step), total=total)
        elif total is not None:
            self.progress.update(self.tasks[step], total=total)
        if advance:
            self.progress.advance(self.tasks[step], advance)


# ---------------------------------------------------------------------------- ingest


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders of articles (txt, html, json/jsonl, csv, rss/atom; .gz too)."),
    db: Optional[str] = DbOption,
    source: Optional[str] = typer.Option(None, "--source", help="Outlet name for inputs that do not say."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="Force a reader: text, html, jsonl, json, csv, feed."),
    field: list[str] = typer.Option([], "--field", help="Field mapping for JSON/CSV, e.g. --field title=headline."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first rejected input (default: keep going)."),
    analyse: bool = typer.Option(True, "--analyse/--no-analyse", help="Analyse and assign stories after reading."),
    config: Optional[Path] = ConfigOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    """Read articles into the store, analyse them and group them into stories."""
    from newsprism import pipeline

    field_map = {}
    for item in field:
        if "=" not in item:
            _fail(f"--field {item!r}: expected NAME=COLUMN, e.g. --field title=headline")
        k, v = item.split("=", 1)
        field_map[k.strip()] = v.strip()
    try:
        cfg = load_config(config)
    except NewsprismError as exc:
        _fail(str(exc))
    bars = _ProgressBars(enabled=fmt is OutputFormat.table and err_console.is_terminal)
    with _store(db) as store, bars.progress:
        summary = pipeline.run(store, paths, source=source, format=input_format, field_map=field_map or None,
                               config=cfg, strict=strict, analyse=analyse, progress=bars)
    if fmt is OutputFormat.json:
        _print_json(summary.to_dict())
    else:
        console.print(f"[bold]{summary.files}[/] files read ({summary.files_skipped} already ingested): "
                      f"[green]{summary.new} new[/], {summary.known} already known, "
                      f"[red]{len(summary.rejected)} rejected[/]"
                      + (f"; {summary.analysed} analysed, {summary.assigned} assigned to stories" if analyse else ""))
        for r in summary.rejected:
            console.print(f"  [red]rejected[/] {escape(str(r))}")
        if summary.stopped_early:
            console.print("[yellow]stopped at the first rejected input (--strict)[/]")
    if summary.rejected:
        raise typer.Exit(2)


@app.command("analyse")
def analyse_cmd(db: Optional[str] = DbOption, force: bool = typer.Option(False, "--force", help="Re-analyse every article."),
                config: Optional[Path] = ConfigOption) -> None:
    """(Re)analyse stored articles whose analysis is missing or from an older analyser."""
    from newsprism import pipeline

    cfg = load_config(config)
    bars = _ProgressBars(enabled=err_console.is_terminal)
    with _store(db) as store, bars.progress:
        n = pipeline.analyse_pending(store, config=cfg, force=force, progress=bars)
        m = pipeline.assign_pending(store, config=cfg, progress=bars)
    console.print(f"{n} articles analysed, {m} assigned to stories")


# ---------------------------------------------------------------------------- articles


@app.command("articles")
def articles_cmd(
    db: Optional[str] = DbOption,
    source: Optional[str] = typer.Option(None, help="Only this outlet."),
    language: Optional[str] = typer.Option(None, help="Only this language (ISO 639-1)."),
    since: Optional[datetime] = typer.Option(None, help="Published on or after (YYYY-MM-DD)."),
    until: Optional[datetime] = typer.Option(None, help="Published on or before."),
    limit: int = typer.Option(100, help="At most this many."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """List stored articles."""
    with _store(db) as store:
        rows = store.list_articles(source=source, language=language, since=since, until=until, limit=limit)
        stories = store.story_assignments()
    if fmt is OutputFormat.json:
        _print_json([{"id": a.id, "headline": a.headline, "source": a.source, "published": a.published,
                      "language": a.language, "url": a.url, "story": stories.get(a.id)} for a in rows])
        return
    table = Table(title=f"{len(rows)} articles", show_lines=False)
    for col in ("id", "published", "outlet", "lang", "headline", "story"):
        table.add_column(col, overflow="fold")
    for a in rows:
        table.add_row(a.id[:10], _fmt_date(a.published), escape(a.source or "-"), a.language or "-",
                      escape(a.headline[:90]), (stories.get(a.id) or "-")[:14])
    console.print(table)


@app.command("article")
def article_cmd(article_id: str, db: Optional[str] = DbOption, fmt: OutputFormat = FormatOption) -> None:
    """Show one article with its analysis: entities, dates, numbers, quotes, citations."""
    from newsprism.render.terminal import render_article

    with _store(db) as store:
        article = store.get_article(article_id)
        analysis = store.get_analysis(article.id)
        story = store.story_of(article.id)
    if fmt is OutputFormat.json:
        _print_json({"article": article, "text": article.full_text, "story": story, "analysis": analysis})
        return
    render_article(console, article, analysis, story)


@app.command()
def search(query: str, db: Optional[str] = DbOption, limit: int = typer.Option(20), fmt: OutputFormat = FormatOption) -> None:
    """Full-text search over headlines and bodies."""
    with _store(db) as store:
        hits = store.search(query, limit=limit)
    if fmt is OutputFormat.json:
        _print_json([{"id": a.id, "headline": a.headline, "source": a.source, "published": a.published,
                      "snippet": snip} for a, snip in hits])
        return
    table = Table(title=f"{len(hits)} hits for {escape(query)!s}")
    for col in ("id", "outlet", "published", "headline", "snippet"):
        table.add_column(col, overflow="fold")
    for a, snip in hits:
        table.add_row(a.id[:10], escape(a.source or "-"), _fmt_date(a.published), escape(a.headline[:70]),
                      escape(snip))
    console.print(table)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
