"""The command line: a thin skin over the library, same names and defaults.

Output is for people first (tables, briefs); ``--format json`` gives the same data to
machines. OutputFormat and BriefFormat are the one place that lists the formats.
"""

from __future__ import annotations

import errno
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
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy.exc import DBAPIError

from newsprism.config import load_config
from newsprism.errors import NewsprismError
from newsprism.records import to_json
from newsprism.render import format_when
from newsprism.store import DB_ENV, Store, describe_database_error, resolve_db

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



DbOption = typer.Option(None, "--db", envvar=DB_ENV, help="Store: an SQLite file (default ./newsprism.db) or "
                                                              "postgresql://user:password@host/dbname.")
FormatOption = typer.Option(OutputFormat.table, "--format", "-f", help="Output format.")
ClusterOption = typer.Option(None, "--cluster", help="Run the work on a Dask cluster: its scheduler's address "
                                                     "(tcp://host:8786), or 'local' for this machine's cores.")
log = logging.getLogger(__name__)
ConfigOption = typer.Option(None, "--config", help="TOML file overriding default settings.")


def _fail(message: str, code: int = 1) -> None:
    err_console.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


@contextmanager
def _store(db: Optional[str], *, create: bool = False) -> Iterator[Store]:
    """The store to work on; only commands that add articles may create a new one (a
    mistyped --db must not quietly answer from an empty store)."""
    location = resolve_db(db)
    if not create and "://" not in location and not Path(location).expanduser().exists():
        _fail(f"{location}: no newsprism store here (ingest articles first, or pass --db / set {DB_ENV})")
    try:
        store = Store.open(location)
    except NewsprismError as exc:
        _fail(str(exc))
    except DBAPIError as exc:  # locked or full while the schema is checked
        _fail(describe_database_error(location, exc))
    try:
        yield store
    except NewsprismError as exc:
        _fail(str(exc))
    except (DBAPIError, OSError) as exc:  # locked, full disk, read-only: one line, no article data
        if isinstance(exc, OSError) and exc.errno not in (errno.ENOSPC, errno.EROFS, errno.EIO, errno.EDQUOT):
            raise
        log.debug("store error", exc_info=True)
        _fail(describe_database_error(location, exc))
    finally:
        store.close()


@contextmanager
def _dask(address: Optional[str]) -> Iterator[Any]:
    """A Dask client for --cluster ADDRESS, or None without it."""
    if not address:
        yield None
        return
    from newsprism.cluster import connect

    try:
        with connect(address) as client:
            yield client
    except NewsprismError as exc:
        _fail(str(exc))


def _shared_location(location: str) -> str:
    """The store as workers elsewhere must name it: an SQLite file by its absolute path."""
    return location if "://" in location else str(Path(location).expanduser().resolve())


def _print_json(data: Any) -> None:
    sys.stdout.write(to_json(data, indent=2) + "\n")


def _fmt_date(value: Any) -> str:
    return format_when(value, "-")


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
    paths: list[Path] = typer.Argument(..., help="Files or folders of articles (txt, html, json/jsonl, csv, RSS/Atom/JSON Feed, WARC; .gz too)."),
    db: Optional[str] = DbOption,
    source: Optional[str] = typer.Option(None, "--source", help="Outlet of every article read (overrides what the inputs say)."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="Force a reader: text, html, jsonl, json, csv, feed, warc."),
    field: list[str] = typer.Option([], "--field", help="Field mapping for JSON/CSV, e.g. --field title=headline."),
    source_from: Optional[str] = typer.Option(None, "--source-from",
                                              help="Outlet of inputs that name none: 'folder' (the parent folder's name) or 'file' (the file name)."),
    sources: Optional[Path] = typer.Option(None, "--sources",
                                           help="Mapping of paths to outlets, JSON {\"path\": \"outlet\"} or CSV path,outlet."),
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
    from newsprism.ingest import SOURCE_FROM, load_sources

    if source_from is not None and source_from not in SOURCE_FROM:
        _fail(f"--source-from {source_from!r}: expected one of {', '.join(SOURCE_FROM)}")
    try:
        cfg = load_config(config)
        mapping = load_sources(sources) if sources is not None else None
    except NewsprismError as exc:
        _fail(str(exc))
    bars = _ProgressBars(enabled=fmt is OutputFormat.table and err_console.is_terminal)

    def say(r: Any) -> None:  # as it happens: a crash or hang later loses none of these
        if fmt is OutputFormat.table:
            console.print(f"  [red]rejected[/] {escape(str(r))}")

    with _store(db, create=True) as store, bars.progress:
        summary = pipeline.run(store, paths, source=source, format=input_format, field_map=field_map or None,
                               config=cfg, strict=strict, analyse=analyse, progress=bars,
                               source_from=source_from, sources=mapping, on_rejected=say)
    if fmt is OutputFormat.json:
        _print_json(summary.to_dict())
    else:
        console.print(f"[bold]{summary.files}[/] files read ({summary.files_skipped} already ingested): "
                      f"[green]{summary.new} new[/], {summary.known} already known, "
                      f"[red]{len(summary.rejected)} rejected[/]"
                      + (f"; {summary.analysed} analysed, {summary.assigned} assigned to stories" if analyse else ""))
        if summary.without_outlet:
            err_console.print(f"[yellow]warning:[/] {summary.without_outlet} articles stored without an outlet "
                              "(their inputs name none): pass --source NAME, --source-from folder|file or "
                              "--sources FILE, and ingest them again")
        if summary.stopped_early:
            console.print("[yellow]stopped at the first rejected input (--strict)[/]")
    if summary.rejected:
        raise typer.Exit(2)


@app.command("analyse")
def analyse_cmd(db: Optional[str] = DbOption, force: bool = typer.Option(False, "--force", help="Re-analyse every article."),
                cluster: Optional[str] = ClusterOption, config: Optional[Path] = ConfigOption) -> None:
    """(Re)analyse stored articles whose analysis is missing or from an older analyser."""
    from newsprism import pipeline

    cfg = load_config(config)
    bars = _ProgressBars(enabled=err_console.is_terminal)
    with _store(db) as store, _dask(cluster) as client, bars.progress:
        pool = None
        if client is not None:
            from newsprism.cluster import DaskPool

            pool = DaskPool(client)
        if force:
            n = pipeline.analyse_pending(store, config=cfg, force=True, progress=bars, pool=pool)
            m = pipeline.assign_pending(store, config=cfg, progress=bars)
        else:
            n, m = pipeline.analyse_and_assign(store, config=cfg, progress=bars, pool=pool)
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
    """Full-text search over headlines and bodies; a name also finds its other spellings."""
    with _store(db) as store:
        hits, spelled = store.search_with_variants(query, limit=limit)
    variants = sorted({v for vs in spelled.values() for v in vs})
    if fmt is OutputFormat.json:
        _print_json([{"id": a.id, "headline": a.headline, "source": a.source, "published": a.published,
                      "snippet": snip} for a, snip in hits])
        return
    table = Table(title=f"{len(hits)} hit{'s' if len(hits) != 1 else ''} for {escape(query)!s}")
    for col in ("id", "outlet", "published", "headline", "snippet"):
        table.add_column(col, overflow="fold")
    for a, snip in hits:
        table.add_row(a.id[:10], escape(a.source or "-"), _fmt_date(a.published), escape(a.headline[:70]),
                      escape(snip))
    console.print(table)
    if variants:
        console.print(f"other spellings in the store searched too: {escape(', '.join(variants))}")


# ---------------------------------------------------------------------------- stories


class StorySort(str, Enum):
    size = "size"
    newest = "newest"
    oldest = "oldest"
    growth = "growth"
    contradictions = "contradictions"


@app.command("stories")
def stories_cmd(
    db: Optional[str] = DbOption,
    sort: StorySort = typer.Option(StorySort.size, help="size: most articles first; newest/oldest: by publication; "
                                                        "growth: most articles ingested in the last day; contradictions: most "
                                                        "contradicted facts first."),
    outlet: Optional[str] = typer.Option(None, help="Only stories with an article from this outlet."),
    language: Optional[str] = typer.Option(None, help="Only stories with an article in this language (ISO 639-1)."),
    since: Optional[datetime] = typer.Option(None, help="Only stories reported on or after (YYYY-MM-DD)."),
    until: Optional[datetime] = typer.Option(None, help="Only stories reported on or before."),
    words: Optional[str] = typer.Option(None, "--search", help="Only stories with an article matching these words "
                                                               "(names in any spelling)."),
    contradicted: bool = typer.Option(False, "--contradicted", help="Only stories whose outlets contradict each "
                                                                     "other (among those compared: see `brief --all`)."),
    limit: int = typer.Option(100, help="At most this many."),
    fmt: OutputFormat = FormatOption,
) -> None:
    """List stories: id, headline, articles, outlets, contradictions ("?": not compared since the
    story changed), languages, first/last seen."""
    with _store(db) as store:
        rows = store.story_rows(sort=sort.value, outlet=outlet, language=language, since=since, until=until,
                                words=words, contradicted=contradicted)[:limit]
    if fmt is OutputFormat.json:
        _print_json(rows)
        return
    table = Table(title=f"{len(rows)} stories")
    for col in ("id", "headline", "articles", "outlets", "contradictions", "languages", "first seen", "last seen"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["id"], escape((r["headline"] or "")[:80]), str(r["articles"]), str(r["outlets"]),
                      "?" if r["contradictions"] is None else str(r["contradictions"]),
                      r["languages"] or "-", _fmt_date(r["first_seen"]), _fmt_date(r["last_seen"]))
    console.print(table)


@app.command("story")
def story_cmd(story_id: str, db: Optional[str] = DbOption,
              why: bool = typer.Option(False, "--why", help="Explain why each article belongs to the story."),
              fmt: BriefFormat = typer.Option(BriefFormat.table, "--format", "-f",
                                              help="table: members; md/json/html: the full story brief."),
              out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout."),
              config: Optional[Path] = ConfigOption) -> None:
    """Show a story: its members (and --why), or its brief as Markdown, JSON or HTML
    (with --why, --format json gives the members and the evidence for each)."""
    from newsprism import pipeline
    from newsprism.render.brief import render_brief

    with _store(db) as store:
        full = store.resolve_story_id(story_id)
        given = story_id if story_id.startswith("s-") else "s-" + story_id
        if not full.startswith(given) and not full.startswith(story_id):
            err_console.print(f"{escape(story_id)} was merged into {full}; showing {full}")
        if fmt is not BriefFormat.table:
            brief = pipeline.story_brief(store, full, config=load_config(config))
            text = render_brief(brief, fmt.value)
            if out:
                out.write_text(text, encoding="utf-8")
                console.print(f"wrote {out}")
            else:
                sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
            return
        rows = store.story_members(full)
        headline = store.story_headline(full)
        if why and fmt is BriefFormat.json:
            from newsprism import pipeline

            _print_json({"id": full, "headline": headline, "members": pipeline.explain_story(store, full)})
            return
    console.rule(f"[bold]{escape(headline)}[/] ({full})")
    table = Table(title=f"{len(rows)} articles")
    for col in ("article", "outlet", "published", "lang", "headline", "score"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["article_id"][:10], escape(r["source"] or "-"), _fmt_date(r["published"]), r["language"] or "-",
                      escape(r["headline"][:80]), "first" if r["new_story"] else f"{r['score']:.2f}")
    console.print(table)
    if why:
        from newsprism import pipeline
        from newsprism.render.terminal import render_why

        with _store(db) as store:
            render_why(console, pipeline.explain_story(store, full))
            changes = [e for e in store.story_log()
                       if e["details"].get("into") == full or full in (e["details"].get("from") or [])]
        for e in changes:
            d = e["details"]
            sources = d.get("from") or []
            what = (f"{e['action']} {', '.join(sources) if isinstance(sources, list) else sources} -> {d.get('into')}"
                    f" ({d.get('moved', 0)} articles)")
            console.print(f"[dim]{_fmt_date(e['at'])}[/] {escape(what)}" + (f": {escape(d['why'])}" if d.get("why") else ""))


@app.command("brief")
def brief_cmd(story_ids: list[str] = typer.Argument(None, help="Story ids (or use --all)."),
              all_stories: bool = typer.Option(False, "--all", help="Every story in the store."),
              out: Path = typer.Option(Path("briefs"), "--out", "-o", help="Folder to write the briefs to."),
              formats: list[BriefFormat] = typer.Option([BriefFormat.html, BriefFormat.md, BriefFormat.json],
                                                        "--format", "-f", help="Formats to write (repeatable)."),
              db: Optional[str] = DbOption, cluster: Optional[str] = ClusterOption,
              config: Optional[Path] = ConfigOption) -> None:
    """Write one brief per story (Markdown, JSON, HTML) plus an index (with --cluster, built
    on a Dask cluster whose workers reach the same store)."""
    from newsprism import pipeline
    from newsprism.render.brief import render_brief, write_index

    chosen = tuple(f.value for f in formats if f is not BriefFormat.table) or ("html", "md", "json")
    cfg = load_config(config)
    with _store(db) as store:
        ids = [r["id"] for r in store.story_rows()] if all_stories else [store.resolve_story_id(s) for s in story_ids or []]
        if not ids:
            _fail("no stories given: pass story ids or --all (list them with `newsprism stories`)", code=2)
        out.mkdir(parents=True, exist_ok=True)
        briefs = []
        bars = _ProgressBars(enabled=err_console.is_terminal)
        with bars.progress, _dask(cluster) as client:
            bars("briefs", 0, len(ids))
            if client is not None:
                from newsprism.cluster import briefs_on

                built = briefs_on(client, _shared_location(store.location), ids, cfg)
            else:
                built = (pipeline.story_brief(store, sid, config=cfg) for sid in ids)
            for sid, brief in zip(ids, built):
                for f in chosen:
                    (out / f"{sid}.{f}").write_text(render_brief(brief, f), encoding="utf-8")
                briefs.append(brief)
                bars("briefs", 1, None)
    write_index(briefs, out, chosen)
    contradictions = sum(f.verdict == "contradict" for b in briefs for f in b.facts)
    console.print(f"wrote {len(briefs)} brief{'s' if len(briefs) != 1 else ''} ({', '.join(chosen)}) with {contradictions} contradictions flagged "
                  f"to {out}/ (open {out / 'index.html' if 'html' in chosen else out})")


@app.command("recluster")
def recluster_cmd(db: Optional[str] = DbOption,
                  dry_run: bool = typer.Option(False, "--dry-run", help="Report what would move; change nothing."),
                  cluster: Optional[str] = ClusterOption,
                  config: Optional[Path] = ConfigOption, fmt: OutputFormat = FormatOption) -> None:
    """Rebuild all stories in batch and report how many assignments moved (with --cluster,
    sentence vectors not stored yet are encoded on the cluster; the assignment pass runs
    here, in publication order, which defines the stories and their ids)."""
    from newsprism import pipeline

    with _store(db) as store, _dask(cluster) as client:
        encode = None
        if client is not None:
            from newsprism.cluster import encode_on

            def encode(texts: list[str]) -> list[Any]:
                return encode_on(client, texts)
        report = pipeline.recluster_store(store, config=load_config(config), apply=not dry_run, encode=encode)
    if fmt is OutputFormat.json:
        _print_json(report)
        return
    console.print(f"{report['articles']} articles re-clustered: {report['moved']} moved "
                  f"({report['moved_share']:.1%}), {report['renamed']} changed story id"
                  + (" (dry run: nothing changed)" if dry_run else ""))


@app.command("merge")
def merge_cmd(target: str, sources: list[str], db: Optional[str] = DbOption) -> None:
    """Merge stories into TARGET (an explicit, logged step)."""
    with _store(db) as store:
        t = store.resolve_story_id(target)
        moved = store.merge_stories(t, [store.resolve_story_id(s) for s in sources])
    console.print(f"moved {moved} articles into {t}")


@app.command("split")
def split_cmd(story_id: str, article_ids: list[str], db: Optional[str] = DbOption) -> None:
    """Move ARTICLE_IDS out of STORY_ID into a new story (an explicit, logged step)."""
    from newsprism.stories import story_id_for

    with _store(db) as store:
        sid = store.resolve_story_id(story_id)
        full = [store.resolve_article_id(a) for a in article_ids]
        new_id = story_id_for(full[0])
        if new_id == sid:
            _fail(f"{full[0]} started story {sid}; split off the other articles instead")
        moved = store.split_story(sid, full, new_id, store.get_article(full[0]).headline)
    console.print(f"moved {moved} articles from {sid} into new story {new_id}")


# ---------------------------------------------------------------------------- eval

SHARED_DATA = Path("../shared/data")


def _report(module: Any, result: dict[str, Any], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        _print_json(result)
    else:
        sys.stdout.write(module.render(result) + "\n")  # a plain table: no wrapping, no markup


def _need(path: Path, what: str) -> None:
    if not path.exists():
        _fail(f"{path}: not found ({what})")


@eval_app.command("attribution")
def eval_attribution(path: Path = typer.Argument(SHARED_DATA / "polnear" / "dev", help="PolNeAR-format folder."),
                     limit: Optional[int] = typer.Option(None, help="Only the first N documents."),
                     fmt: OutputFormat = FormatOption) -> None:
    """Quotes and attributions vs PolNeAR: P/R/F1 for content and content+source."""
    from newsprism.evaluation import attribution

    _need(path, "a PolNeAR folder with text/ and attributions/")
    _report(attribution, attribution.run(path, limit=limit, n_process=2), fmt)


@eval_app.command("dates")
def eval_dates(path: Path = typer.Argument(SHARED_DATA / "timeline" / "tempeval3-tbaq", help="Folder of TimeML .tml files."),
               limit: Optional[int] = typer.Option(None, help="Only the first N documents."),
               fmt: OutputFormat = FormatOption) -> None:
    """Date/time expressions vs TimeML TIMEX3 gold: share found, share normalised right."""
    from newsprism.evaluation import dates

    _need(path, "a folder of TimeML .tml files")
    _report(dates, dates.run(path, limit=limit), fmt)


@eval_app.command("stories")
def eval_stories(gold: Path = typer.Argument(SHARED_DATA / "stories-dev.jsonl", help="Gold JSONL (stories-dev schema)."),
                 dataset: Optional[str] = typer.Option(None, "--dataset", help="Only this dataset."),
                 limit: Optional[int] = typer.Option(None, help="Only the first N gold stories per dataset."),
                 gva: Path = typer.Option(SHARED_DATA / "gva-dev", "--gva",
                                          help="Folder of gva-dev incidents to add as a dataset (skipped when absent)."),
                 fmt: OutputFormat = FormatOption) -> None:
    """Story clustering vs gold stories, online and consolidated: BCubed P/R/F1, pairwise F1, articles/s, and a baseline."""
    from newsprism.evaluation import stories

    _need(gold, "a JSONL file of articles with gold cluster ids")
    _report(stories, stories.run(gold, dataset=dataset, limit=limit, workers=2, gva=gva), fmt)


@eval_app.command("facts")
def eval_facts(data: Path = typer.Argument(SHARED_DATA / "gva-dev", help="Folder with articles.jsonl and gold.json (gva-dev layout)."),
               db: Optional[Path] = typer.Option(None, "--db", help="Keep the evaluation store here (re-runs reuse its analyses)."),
               limit: Optional[int] = typer.Option(None, help="Only the first N incidents."),
               contradictions: bool = typer.Option(True, "--contradictions/--no-contradictions",
                                                   help="List every flagged contradiction for reading."),
               config: Optional[Path] = ConfigOption,
               fmt: OutputFormat = FormatOption) -> None:
    """Briefs vs real incident truth: counts, place, date, false contradictions, beside a regex baseline."""
    from newsprism.evaluation import facts

    _need(data / "gold.json", "a folder with articles.jsonl and gold.json")
    bars = _ProgressBars(enabled=sys.stderr.isatty())
    with bars.progress:
        result = facts.run(data, db=db, limit=limit, progress=bars, config=load_config(config))
    if fmt is OutputFormat.json:
        _print_json(result)
    else:
        sys.stdout.write(facts.render(result, show_contradictions=contradictions) + "\n")


@eval_app.command("entities")
def eval_entities(data: Path = typer.Argument(SHARED_DATA, help="Folder holding meantime/ and ecbplus/."),
                  corpus: list[str] = typer.Option(["meantime", "ecbplus"], "--corpus", help="Corpora to use."),
                  fmt: OutputFormat = FormatOption) -> None:
    """Cross-document entity resolution vs MEANTIME and ECB+: pairwise P/R/F1 of merges."""
    from newsprism.evaluation import entities

    _need(data, "the shared data folder")
    _report(entities, entities.run(data, corpora=tuple(corpus)), fmt)


@eval_app.command("verdicts")
def eval_verdicts(corpus: Path = typer.Argument(Path("demo/corpus"), help="Corpus folder (one folder per outlet)."),
                  truth: Path = typer.Option(Path("demo/truth"), help="Folder with truth.json and sources.json."),
                  fmt: OutputFormat = FormatOption) -> None:
    """Fact verdicts vs a documented truth: contradictions flagged, compatible ones left alone."""
    from newsprism.evaluation import verdicts

    _need(truth / "truth.json", "the documented truth of the corpus")
    _report(verdicts, verdicts.run(corpus, truth), fmt)


# ---------------------------------------------------------------------------- watch

from newsprism.watch import DEFAULT_DELAY, DEFAULT_INTERVAL  # noqa: E402 - the defaults the options show


@app.command()
def watch(
    feeds_file: Path = typer.Argument(..., metavar="FEEDS.txt",
                                      help="Feed URLs, one per line, each optionally followed by its outlet's name; # starts a comment."),
    db: Optional[str] = DbOption,
    interval: float = typer.Option(DEFAULT_INTERVAL, "--interval", min=0, help="Seconds from the start of one round to the next."),
    once: bool = typer.Option(False, "--once", help="Poll every feed once, then exit (for cron)."),
    rounds: Optional[int] = typer.Option(None, "--rounds", min=1, help="Stop after this many rounds (default: run until Ctrl-C)."),
    delay: float = typer.Option(DEFAULT_DELAY, "--delay", min=0, help="At least this many seconds between two requests to one host."),
    state: Optional[Path] = typer.Option(None, "--state", help="State file: validators and links seen per feed (default: <db>.watch.json)."),
    spool: Optional[Path] = typer.Option(None, "--spool", help="Folder for fetched feeds and pages (default: <db>.watch/)."),
    analyse: bool = typer.Option(True, "--analyse/--no-analyse", help="Analyse and assign stories after each round."),
    config: Optional[Path] = ConfigOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    """Poll RSS/Atom feeds on an interval and ingest their new entries with the pages they link to.

    Conditional GETs, --delay seconds between requests to one host, Retry-After honoured; stopped and started again, it carries on where it was. Exit code 2 when every feed failed in the last round of a --once or --rounds run.
    """
    import time

    from newsprism.watch import FeedReport, Watcher, read_feed_list

    if once and rounds not in (None, 1):
        _fail(f"--once runs one round, --rounds asks for {rounds}: pass one of them", code=2)
    limit = 1 if once else rounds
    try:
        feeds = read_feed_list(feeds_file)
        cfg = load_config(config)
    except NewsprismError as exc:
        _fail(str(exc))

    def show_feed(r: FeedReport) -> None:
        name = escape(r.url) + (f" ({escape(r.outlet)})" if r.outlet else "")
        if r.status == "failed":
            console.print(f"  [red]failed[/] {name}: {escape(r.error or '')}", soft_wrap=True)
            return
        if r.status == "not_modified":
            console.print(f"  [dim]not modified[/] {name}", soft_wrap=True)
            return
        parts = [f"[green]{r.new} new[/]", f"{r.pages} page{'s' if r.pages != 1 else ''} fetched"]
        if r.known:
            parts.append(f"{r.known} already stored")
        if r.from_feed:
            parts.append(f"[yellow]{len(r.from_feed)} from the feed text[/]")
        if r.deferred:
            parts.append(f"[yellow]{r.deferred} left for the next round (host asked to wait)[/]")
        console.print(f"  {name}: {r.entries} entries, " + ", ".join(parts), soft_wrap=True)
        for line in r.from_feed:
            console.print(f"    [yellow]page not read[/], stored the feed entry: {escape(line)}", soft_wrap=True)
        for problem in r.problems:
            console.print(f"    [red]rejected[/] {escape(problem)}", soft_wrap=True)

    table = fmt is OutputFormat.table
    report = None
    with _store(db, create=True) as store:
        watcher = Watcher(store, feeds, state_path=state, spool_dir=spool, delay=delay, config=cfg, analyse=analyse)
        with watcher:
            while limit is None or watcher.rounds_ < limit:
                started = time.monotonic()
                if table:
                    console.rule(f"round {watcher.rounds_ + 1}: {len(feeds)} feed{'s' if len(feeds) != 1 else ''}")
                try:
                    report = watcher.poll_round(on_feed=show_feed if table else None)
                except KeyboardInterrupt:
                    err_console.print(f"interrupted during round {watcher.rounds_}; state saved to "
                                      f"{escape(str(watcher.state_file))}: run the same command to carry on")
                    raise typer.Exit(130)
                if table:
                    console.print(f"round {report.number}: [green]{report.new} new articles[/], "
                                  f"[red]{report.failed} of {len(report.feeds)} feeds failed[/]"
                                  + (f"; {report.analysed} analysed, {report.assigned} assigned to stories"
                                     if analyse else ""))
                else:
                    sys.stdout.write(to_json(report.to_dict()) + "\n")
                sys.stdout.flush()
                if limit is not None and watcher.rounds_ >= limit:
                    break
                try:
                    time.sleep(max(0.0, interval - (time.monotonic() - started)))
                except KeyboardInterrupt:
                    err_console.print(f"stopped; state saved to {escape(str(watcher.state_file))}")
                    break
    if limit is not None and report is not None and report.all_failed:
        raise typer.Exit(2)


@app.command()
def serve(db: Optional[str] = DbOption,
          host: str = typer.Option("127.0.0.1", help="Address to listen on (no authentication: keep it local)."),
          port: int = typer.Option(8000, help="Port."),
          config: Optional[Path] = ConfigOption) -> None:
    """Browse stories, briefs and articles in a web browser; JSON API under /api (schema at /openapi.json)."""
    from newsprism.web import serve as run_server

    try:
        run_server(resolve_db(db), host=host, port=port, config=load_config(config))
    except NewsprismError as exc:
        _fail(str(exc))


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
