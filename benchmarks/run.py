"""newsprism benchmarks: ingest, analyse, stories, brief (``make bench``).

    .venv/bin/python benchmarks/run.py            full run (about 10-15 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick    smaller inputs, a couple of minutes
    .venv/bin/python benchmarks/run.py --only stories
    .venv/bin/python benchmarks/run.py --only serve   read commands and web pages on a 10k store
    .venv/bin/python benchmarks/run.py --only scale   store costs to 100k on SQLite and PostgreSQL, Dask

Every task runs in its own child process, so the peak RSS shown for it (ru_maxrss from
wait4: the largest process of that task's tree) is that task's alone. The figures are
printed and written to bench-out/results.json. Benchmarks report; they never assert a
timing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SECTIONS = ("real", "ingest", "analyse", "stories", "brief", "serve", "scale")


def plan(section: str, quick: bool) -> list[tuple[str, str, dict[str, Any]]]:
    """(label, task, params) in order for one section."""
    if section == "ingest":
        return [("prepare", "ingest_prepare", {}), ("text", "ingest_run", {"format": "text"}),
                ("html", "ingest_run", {"format": "html"})]
    if section == "analyse":
        return [("run", "analyse_run", {}), ("pending", "analyse_pending_run", {})]
    if section == "stories":
        sizes = (1_000, 10_000) if quick else (1_000, 10_000, 100_000)
        return [("prepare", "stories_prepare", {})] + [
            (f"{density}:{n}", "stories_run", {"size": n, "density": density})
            for density in ("rate", "span") for n in sizes
            # 100k at the constant rate already spans the two years: the same stream
            if not (density == "span" and n * 730 / 100_000 >= 730)]
    if section == "brief":
        return [("run", "brief_run", {})]
    if section == "real":
        return [("gva-dev", "real_run", {}), ("profile", "real_profile", {})]
    if section == "serve":
        return [("prepare", "serve_prepare", {}), ("run", "serve_run", {})]
    if section == "scale":
        sizes = [1_000, 5_000] if quick else [1_000, 10_000, 100_000]
        return [("prepare", "scale_prepare", {}),
                *[(backend, "scale_run", {"backend": backend, "sizes": sizes}) for backend in ("sqlite", "postgresql")],
                ("dask", "scale_dask", {})]
    raise ValueError(section)


# --------------------------------------------------------------------------- child side


def child_main(task: str, work: Path, quick: bool, params: dict[str, Any], result_file: Path) -> int:
    import logging

    # The readers log a warning per odd input; benchmarks count rejections instead.
    logging.basicConfig(level=logging.ERROR)
    try:
        # quantulum3 (used for numbers) unpickles a classifier saved by another
        # scikit-learn version and warns once per process; noted in the report instead.
        from sklearn.exceptions import InconsistentVersionWarning

        warnings.filterwarnings("ignore", category=InconsistentVersionWarning)
    except ImportError:
        pass
    sys.path.insert(0, str(HERE))
    from _sections import TASKS

    figures = TASKS[task](work, quick, params)
    result_file.write_text(json.dumps(figures, default=str), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------- parent side


def run_task(task: str, work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    result_file = work / f"result-{task}-{os.getpid()}-{time.monotonic_ns()}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", task, "--work", str(work),
           "--params", json.dumps(params), "--result", str(result_file)] + (["--quick"] if quick else [])
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO)
    # wait4 gives this child's own rusage (its ru_maxrss covers its waited-for children,
    # e.g. analysis workers: the largest single process), unlike RUSAGE_CHILDREN which
    # keeps the maximum over every task run so far.
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode != 0 or not result_file.exists():
        return {"error": f"task {task} failed with exit code {proc.returncode}", "wall_s": round(wall, 1)}
    figures = json.loads(result_file.read_text(encoding="utf-8"))
    figures["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    figures["wall_s"] = round(wall, 1)
    # Other work on the machine skews every figure; the 1-minute load average says how much.
    figures["load_avg_1min"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return figures


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def summarise(results: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(section, figure, value) rows of the final table."""
    rows: list[tuple[str, str, str]] = []
    ingest = results.get("ingest", {})
    for fmt in ("text", "html"):
        r = ingest.get(fmt)
        if not r:
            continue
        if "error" in r:
            rows.append(("ingest", fmt, r["error"]))
            continue
        rows.append(("ingest", f"{fmt}: articles/s", f"{_fmt(r['articles_per_s'], 1)} ({r['new']:,} articles, "
                                                     f"{r['rejected']} rejected, {_fmt(r['seconds'], 1)} s)"))
        rows.append(("ingest", f"{fmt}: MB/s", f"{_fmt(r['mb_per_s'], 3)} ({_fmt(r['input_mb'], 1)} MB in)"))
        rows.append(("ingest", f"{fmt}: peak RSS", f"{_fmt(r['peak_rss_mb'], 0)} MB"))
    r = results.get("analyse", {}).get("run")
    if r and "error" not in r:
        runs = r["runs"]
        rows.append(("analyse", "ours workers=2", f"{_fmt(runs['ours_w2']['articles_per_s'], 1)} articles/s "
                                                  f"({_fmt(runs['ours_w2']['seconds'], 1)} s for {r['articles']})"))
        rows.append(("analyse", "spaCy alone n_process=2", f"{_fmt(runs['spacy_n2']['articles_per_s'], 1)} articles/s "
                                                           f"({_fmt(runs['spacy_n2']['seconds'], 1)} s)"))
        rows.append(("analyse", "ratio ours/spaCy (2 procs)", _fmt(r["ratio_w2"])))
        rows.append(("analyse", "ours workers=1", f"{_fmt(runs['ours_w1']['articles_per_s'], 1)} articles/s "
                                                  f"({_fmt(runs['ours_w1']['seconds'], 1)} s)"))
        rows.append(("analyse", "spaCy alone n_process=1", f"{_fmt(runs['spacy_n1']['articles_per_s'], 1)} articles/s "
                                                           f"({_fmt(runs['spacy_n1']['seconds'], 1)} s)"))
        rows.append(("analyse", "ratio ours/spaCy (1 proc)", _fmt(r["ratio_w1"])))
        rows.append(("analyse", "first 8 articles (lazy loads)", f"{_fmt(r['first_8_articles_s'], 2)} s "
                                                                 f"(spaCy model load {_fmt(r['model_load_s'], 2)} s before)"))
        rows.append(("analyse", "peak RSS (largest process)", f"{_fmt(r['peak_rss_mb'], 0)} MB"))
        p = results.get("analyse", {}).get("pending")
        if p and "error" not in p:
            rows.append(("analyse", "pipeline.analyse_pending w=2 cold",
                         f"{_fmt(p['articles_per_s'], 1)} articles/s ({_fmt(p['seconds'], 1)} s for {p['articles']}; "
                         f"{_fmt(p['seconds'] / runs['ours_w2']['seconds'])} x analyse_articles with a warm parent)"))
        elif p:
            rows.append(("analyse", "pending", p["error"]))
    elif r:
        rows.append(("analyse", "run", r["error"]))
    stories = {k: v for k, v in results.get("stories", {}).items() if k != "prepare"}
    for label, r in stories.items():
        if "error" in r:
            rows.append(("stories", label, r["error"]))
            continue
        where = f"{r['size']:,} {r['density']}"
        rows.append(("stories", f"assign @ {where}",
                     f"{_fmt(r['assign']['articles_per_s'], 1)} articles/s, {_fmt(r['assign']['mean_ms'])} ms/article "
                     f"(median {_fmt(r['assign']['median_ms'])}; encoder {_fmt(r['encode_one_ms'])}, "
                     f"rest {_fmt(r['assign_minus_encoder_ms'])})"))
        rows.append(("stories", f"batched @ {where}",
                     f"{_fmt(r['batched_articles_per_s'], 1)} articles/s as ingest runs it (leads encoded per batch: "
                     f"{_fmt(r['batch_encode_ms_per_article'])} ms/article, then the core)"))
        rows.append(("stories", f"core @ {where}",
                     f"{_fmt(r['core']['articles_per_s'], 1)} articles/s, {_fmt(r['core']['mean_ms'])} ms/article "
                     f"({_fmt(r['mean_candidates'], 1)} candidates; {r['stories']:,} stories over "
                     f"{_fmt(r['span_days'], 0)} days)"))
        c = r.get("consolidation")
        if c:
            rows.append(("stories", f"consolidation @ {where}",
                         f"{_fmt(c['ms_per_article'])} ms/article of the run ({_fmt(c['seconds'], 2)} s over "
                         f"{c['articles']:,} articles of {c['stories']:,} stories; {c['moves']} moves)"))
        rows.append(("stories", f"state save @ {where}",
                     f"{_fmt(r['state_build_s'] + r['state_store_s'], 2)} s once per run, {_fmt(r['state_db_mb'], 1)} MB "
                     f"(pruned to the last two windows); load {_fmt(r['state_load_s'], 2)} s"))
        rows.append(("stories", f"peak RSS @ {where}",
                     f"{_fmt(r['peak_rss_before_state_mb'], 0)} MB clusterer; {_fmt(r.get('peak_rss_after_save_mb'), 0)} MB "
                     f"with state save; {_fmt(r['peak_rss_mb'], 0)} MB with the next run's load"))
    for density in ("rate", "span"):
        ok = [v for v in stories.values() if "error" not in v
              and (v["density"] == density or (density == "span" and v["span_days"] >= 730))]
        if len(ok) < 2:
            continue
        small, large = min(ok, key=lambda v: v["size"]), max(ok, key=lambda v: v["size"])
        name = f"{large['size'] // 1000}k/{small['size'] // 1000}k {density}"
        for kind in ("assign", "core"):
            ratio = large[kind]["mean_ms"] / small[kind]["mean_ms"]
            rows.append(("stories", f"{kind} ms ratio {name}", _fmt(ratio)))
        if large.get("consolidation") and small.get("consolidation"):
            total = lambda v: v["core"]["mean_ms"] + v["consolidation"]["ms_per_article"]  # noqa: E731
            rows.append(("stories", f"assign + consolidation ms ratio {name}", _fmt(total(large) / total(small))))
        save = lambda v: v["state_build_s"] + v["state_store_s"]  # noqa: E731
        rows.append(("stories", f"state save ratio {name}", _fmt(save(large) / max(save(small), 1e-9), 1)))
    r = results.get("real", {}).get("gva-dev")
    if r and "error" not in r:
        rows.append(("real", f"ingest {r['articles']} real articles, cold",
                     f"{_fmt(r['ingest_articles_per_s'], 1)} articles/s ({_fmt(r['ingest_s'], 1)} s: read, analyse, "
                     f"stories, consolidation; {r['mean_chars']:,} chars each); bare spaCy nlp.pipe n_process=2, cold: "
                     f"{_fmt(r['spacy_articles_per_s'], 1)} articles/s; newsprism at {_fmt(r['spacy_share'])} of spaCy's speed"))
        rows.append(("real", f"story -f md, {r['biggest_story_articles']} articles, cold process",
                     f"first {_fmt(r['brief_first_s'])} s, cached {_fmt(r['brief_cached_s'])} s; "
                     f"`newsprism stories` {_fmt(r['stories_cold_s'])} s"))
    elif r:
        rows.append(("real", "gva-dev", r["error"]))
    r = results.get("real", {}).get("profile")
    if r and "error" not in r:
        rows.append(("real", f"profile: {r['articles']} real articles, 1 warm process",
                     f"analysis {_fmt(r['ours_warm_profiled_s'], 1)} s under cProfile, bare spaCy "
                     f"{_fmt(r['spacy_warm_s'], 1)} s; own time outside spaCy {_fmt(r['outside_spacy_own_s'], 1)} s"))
        for top in r["top"]:
            rows.append(("real", f"  {top['function'][:60]}", f"{_fmt(top['ms_per_article'])} ms/article"))
    elif r:
        rows.append(("real", "profile", r["error"]))
    r = results.get("brief", {}).get("run")
    if r and "error" not in r:
        sizes = ", ".join(f"{n}: {_fmt(v['mean_s'], 3)} s" for n, v in r["by_members"].items())
        rows.append(("brief", f"{r['members']}-article brief", f"{_fmt(r['seconds_per_brief'], 3)} s/brief "
                                                             f"(target < 1 s; {r['outlets']} outlets)"))
        rows.append(("brief", "by members", sizes))
        diag = r.get("diagnostic_encoder_one_thread")
        if diag:
            rows.append(("brief", f"{r['members']} with 1-thread encoder", f"{_fmt(diag['mean_s'], 3)} s/brief "
                                                                         "(diagnostic, patched in the bench only)"))
        rows.append(("brief", "first call (warm-up)", f"{_fmt(r['first_call_s'], 2)} s"))
        rows.append(("brief", "peak RSS", f"{_fmt(r['peak_rss_mb'], 0)} MB"))
    elif r:
        rows.append(("brief", "run", r["error"]))
    p = results.get("serve", {}).get("prepare")
    r = results.get("serve", {}).get("run")
    if p and "error" in p:
        rows.append(("serve", "prepare", p["error"]))
    if r and "error" not in r:
        where = f"{r['articles']:,} articles, {r['stories']:,} stories"
        if p and "error" not in p:
            rows.append(("serve", "store", f"{where} ({p['real_articles']} real gva-dev articles ingested in "
                                           f"{_fmt(p['ingest_real_s'], 1)} s, then {p['clone_rounds']} rounds of clones in "
                                           f"stories of their own; {_fmt(p['db_mb'], 0)} MB)"))
        for label, v in r["cli_cold"].items():
            value = (f"first {_fmt(v['first_s'], 3)} s, cached {_fmt(v['cached_median_s'], 3)} s" if isinstance(v, dict)
                     else f"{_fmt(v, 3)} s")
            rows.append(("serve", f"cold process: newsprism {label}", value + " (median)"))
        for label, v in r["web"].items():
            if isinstance(v, dict):
                rows.append(("serve", f"web {label}", f"median {_fmt(v['median_s'], 3)} s (first {_fmt(v['first_s'], 3)} s)"))
        rows.append(("serve", "slowest web median", f"{r['slowest_web_median']['page']}: "
                                                    f"{_fmt(r['slowest_web_median']['median_s'], 3)} s (target < 0.5 s)"))
    elif r:
        rows.append(("serve", "run", r["error"]))
    rows.extend(_scale_rows(results.get("scale", {}), results))
    loads = [x for d in results.values() for v in d.values() for x in v.get("load_avg_1min", [])]
    if loads:
        rows.append(("machine", "1-min load avg during tasks",
                     f"{min(loads):.1f} .. {max(loads):.1f} on {os.cpu_count()} cores (other work skews timings)"))
    return rows


ARTICLES_PER_DAY = 1_000_000


def _scale_rows(scale: dict[str, Any], results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The scale plan: the store's cost per article by size and backend, Dask, and what a
    million articles a day would take."""
    rows: list[tuple[str, str, str]] = []
    p = scale.get("prepare")
    if p and "error" in p:
        return [("scale", "prepare", p["error"])]
    for backend in ("sqlite", "postgresql"):
        r = scale.get(backend)
        if not r:
            continue
        if "error" in r:
            rows.append(("scale", backend, r["error"]))
            continue
        for size, v in r["sizes"].items():
            reads = ", ".join(f"{k} {_fmt(ms, 1)} ms" for k, ms in v["reads_ms"].items())
            rows.append(("scale", f"{backend} @ {int(size):,} stored",
                         f"write {_fmt(v['write_ms_per_article'])} ms/article (article, analysis, vector, story); "
                         f"{reads}; fill {_fmt(v['fill_articles_per_s'], 0)} articles/s; peak {_fmt(v['peak_rss_mb'], 0)} MB"))
        sizes = list(r["sizes"].values())
        if len(sizes) >= 2:
            rows.append(("scale", f"{backend} write cost ratio {sizes[-1]['stored'] // 1000}k/{sizes[0]['stored'] // 1000}k",
                         _fmt(sizes[-1]["write_ms_per_article"] / max(sizes[0]["write_ms_per_article"], 1e-9))))
    d = scale.get("dask")
    if d and "error" not in d:
        for label, v in d["runs"].items():
            rows.append(("scale", f"analysis: {label}", f"{_fmt(v['articles_per_s'], 1)} articles/s on {d['articles']} "
                                                        f"real articles (start {_fmt(v['start_s'], 1)} s)"))
    elif d:
        rows.append(("scale", "dask", d["error"]))
    if p and "error" not in p:
        per_machine = p["articles_per_s"]  # cold end-to-end on this 2-core machine
        need = ARTICLES_PER_DAY / 86_400
        rows.append(("scale", "1M articles/day", f"{_fmt(need, 1)} articles/s sustained; this 2-core machine ingests "
                                                 f"{_fmt(per_machine, 1)} articles/s end to end (gva-dev, cold), so "
                                                 f"{_fmt(need / per_machine, 1)} such machines' worth of analysis"))
    return rows


def print_table(rows: list[tuple[str, str, str]]) -> str:
    widths = [max(len(r[i]) for r in rows + [("section", "figure", "value")]) for i in range(2)]
    lines = [f"{'section':<{widths[0]}}  {'figure':<{widths[1]}}  value",
             f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * 40}"]
    lines += [f"{s:<{widths[0]}}  {f:<{widths[1]}}  {v}" for s, f, v in rows]
    return "\n".join(lines)


def _git_revision() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller inputs (a couple of minutes)")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only this section (repeatable)")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out", help="folder for results.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--params", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child, args.work, args.quick, json.loads(args.params), args.result)

    sections = args.only or list(SECTIONS)
    work = Path(tempfile.mkdtemp(prefix="newsprism-bench-"))
    results: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    try:
        for section in sections:
            results[section] = {}
            for label, task, params in plan(section, args.quick):
                print(f"[bench] {section}/{label} ...", flush=True)
                figures = run_task(task, work, args.quick, params)
                results[section][label] = figures
                brief = {k: v for k, v in figures.items() if not isinstance(v, (dict, list))}
                print(f"[bench] {section}/{label}: {json.dumps(brief, default=str)}", flush=True)
                if "error" in figures and label == "prepare":
                    break  # the section's measurements need what prepare makes
    finally:
        if not args.keep:
            import shutil

            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"[bench] work folder kept: {work}")
    total = time.perf_counter() - started
    rows = summarise(results)
    table = print_table(rows) if rows else "(no figures)"
    print()
    print(table)
    print(f"\ntotal {total / 60:.1f} min{' (quick)' if args.quick else ''}")
    args.out.mkdir(parents=True, exist_ok=True)
    payload = {
        "meta": {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "quick": args.quick,
                 "sections": sections, "python": platform.python_version(), "machine": platform.machine(),
                 "cpus": os.cpu_count(), "git": _git_revision(), "total_s": round(total, 1)},
        "results": results,
        "summary": [{"section": s, "figure": f, "value": v} for s, f, v in rows],
    }
    (args.out / "results.json").write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    print(f"figures written to {args.out / 'results.json'}")
    failed = [f"{s}/{label}" for s, d in results.items() for label, r in d.items() if "error" in r]
    if failed:
        print(f"failed tasks: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
