"""``make demo``: the whole job on the demo corpus shipped in the repository.

Ingests demo/corpus (one folder per outlet, plus exports and feeds), analyses the
articles, groups them into stories, checks the verdicts against the corpus's documented
truth, and writes the story briefs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsprism import pipeline
from newsprism.config import load_config
from newsprism.render.brief import render_brief, write_index
from newsprism.store import Store

console = Console()


def outlet_folders(corpus: Path, sources_file: Path) -> list[tuple[Path, str | None]]:
    """(folder, outlet) pairs: outlet folders get their outlet name from sources.json;
    other folders (exports, feeds) carry the outlet in each record."""
    sources = json.loads(sources_file.read_text(encoding="utf-8")) if sources_file.exists() else {}
    by_folder: dict[str, str] = {}
    for rel, outlet in sources.items():
        by_folder.setdefault(rel.split("/", 1)[0], outlet)
    return [(d, by_folder.get(d.name)) for d in sorted(p for p in corpus.iterdir() if p.is_dir())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="demo/corpus", type=Path)
    parser.add_argument("--truth", default="demo/truth", type=Path)
    parser.add_argument("--db", default="demo/out/demo.db")
    parser.add_argument("--out", default="demo/out", type=Path)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    cfg = load_config()
    console.rule("[bold]newsprism demo")
    with Store.open(args.db) as store:
        total = pipeline.IngestSummary()
        for folder, outlet in outlet_folders(args.corpus, args.truth / "sources.json"):
            s = pipeline.ingest_files(store, [folder], source=outlet, config=cfg)
            total.files += s.files
            total.files_skipped += s.files_skipped
            total.new += s.new
            total.known += s.known
            total.rejected += s.rejected
        console.print(f"ingested {total.files} files ({total.files_skipped} already ingested): {total.new} new articles, "
                      f"{total.known} already known, {len(total.rejected)} rejected")
        for r in total.rejected:
            console.print(f"  [red]rejected[/] {escape(str(r))}")
        analysed, assigned = pipeline.analyse_and_assign(store, config=cfg)
        console.print(f"analysed {analysed} articles, assigned {assigned} to stories")

        table = Table(title=f"{store.count_articles()} articles in {args.db}")
        for col in ("id", "outlet", "published", "lang", "headline"):
            table.add_column(col, overflow="fold")
        for a in store.list_articles():
            table.add_row(a.id[:10], escape(a.source or "-"), a.published.date().isoformat() if a.published else "-",
                          a.language or "-", escape(a.headline))
        console.print(table)

        rows = store.story_rows()
        table = Table(title=f"{len(rows)} stories")
        for col in ("story", "headline", "articles", "outlets", "languages"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(r["id"], escape(r["headline"]), str(r["articles"]), str(r["outlets"]), r["languages"] or "-")
        console.print(table)

        briefs_dir = args.out / "briefs"
        briefs_dir.mkdir(parents=True, exist_ok=True)
        briefs = []
        for r in rows:
            brief = pipeline.story_brief(store, r["id"], config=cfg)
            for fmt in ("html", "md", "json"):
                (briefs_dir / f"{r['id']}.{fmt}").write_text(render_brief(brief, fmt), encoding="utf-8")
            briefs.append(brief)
        write_index(briefs, briefs_dir, ("html", "md", "json"))

        truth_file = args.truth / "truth.json"
        if truth_file.exists():
            from newsprism.evaluation import verdicts

            result = verdicts.evaluate_store(store, json.loads(truth_file.read_text(encoding="utf-8")),
                                             {b.story_id: b for b in briefs})
            console.print(escape(verdicts.render(result)), soft_wrap=True)
    contradictions = sum(f.verdict == "contradict" for b in briefs for f in b.facts)
    console.rule()
    console.print(f"[bold]{len(briefs)} story briefs[/] ({contradictions} contradictions flagged) written to "
                  f"{briefs_dir.resolve()}/ - open {(briefs_dir / 'index.html').resolve()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
