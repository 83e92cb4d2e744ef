"""Story clustering against gold story ids (ECB+ and MEANTIME, stories-dev.jsonl schema).

Each line of the gold file: dataset, doc_id, lang, title, text, date (raw string or
null), source, url, cluster_id (gold story; comparable only within a dataset), topic_id.

The articles are analysed, then streamed through the real online ``StoryClusterer`` in
time order: dated articles by date, then undated ones in file order (an undated article
has no place on a timeline; a store back-filling an archive meets them last). Each
dataset is scored on its own and the whole file as one mixed stream (cluster ids
namespaced by dataset), with BCubed and pairwise P/R/F1, with and without the sentence
vectors, beside a plain baseline: TF-IDF + average-linkage agglomerative clustering on
cosine distance, its distance threshold tuned on the same data (its best figure, an
upper bound for that method). Throughput is that of the assignment step alone (features,
sentence vectors and decisions; the linguistic analysis excluded), and of the decisions
alone.
"""

from __future__ import annotations

import json
import re
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from newsprism.evaluation.metrics import bcubed, pairwise
from newsprism.records import Analysis, Article
from newsprism.stories.cluster import StoryClusterer, stream_order
from newsprism.embeddings import BULK_THREADS
from newsprism.stories.features import extract_many

BASELINE_THRESHOLDS = [round(0.30 + 0.025 * i, 3) for i in range(28)]  # cosine distance 0.30..0.975


def load_gold(path: str | Path, dataset: str | None = None,
              limit: int | Mapping[str, int] | None = None) -> list[dict[str, Any]]:
    """Gold rows, optionally one dataset and only its first ``limit`` gold clusters (in
    file order). A mapping {dataset: n} keeps only those datasets, each with its limit."""
    rows = []
    kept: dict[str, OrderedDict[str, None]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            if dataset and row["dataset"] != dataset:
                continue
            cap = limit.get(row["dataset"]) if isinstance(limit, Mapping) else limit
            if isinstance(limit, Mapping) and row["dataset"] not in limit:
                continue
            clusters = kept.setdefault(row["dataset"], OrderedDict())
            if cap is not None and row["cluster_id"] not in clusters and len(clusters) >= cap:
                continue
            clusters[row["cluster_id"]] = None
            rows.append(row)
    return rows


def _tidy_raw_date(raw: str) -> str:
    # The gold text is whitespace-tokenised ("May 3 , 2013 | 8 : 20 am"): undo that.
    raw = raw.replace("|", " ")
    raw = re.sub(r"(\d)\s*:\s*(?=\d)", r"\1:", raw)
    raw = re.sub(r"(?<=\D)\s*:\s*|\s*:\s*(?=\D)", " ", raw)
    raw = re.sub(r"(\d)\s*/\s*(?=\d)", r"\1/", raw)
    raw = re.sub(r"\s+([,.])", r"\1", raw)
    raw = re.sub(r"\b(\d+)(st|nd|rd|th)\b", r"\1", raw)
    return re.sub(r"\s+", " ", raw).strip()


def parse_raw_date(raw: str | None, language: str | None = None):  # type: ignore[no-untyped-def]
    """A raw date string as naive UTC datetime, or None when it holds no full date."""
    if not raw or not re.search(r"\d", raw):
        return None
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": True,
                "PREFER_DATES_FROM": "past"}
    text = _tidy_raw_date(raw)
    if len(text) > 60:
        return None  # a sentence, not a date line
    languages = [language, "en"] if language and language != "en" else ["en"]
    parsed = dateparser.parse(text, languages=languages, settings=settings)
    if parsed is None:
        # Prefixes such as "Posted on" or "UPDATED" defeat the parser: try the tail.
        words = text.split()
        for start in range(1, min(len(words), 5)):
            parsed = dateparser.parse(" ".join(words[start:]), languages=languages, settings=settings)
            if parsed is not None:
                break
    if parsed is None:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    if parsed > datetime.now() + timedelta(days=1):
        return None  # a weekday or time alone resolved against today, not a date
    return parsed


def article_from_row(row: Mapping[str, Any]) -> Article:
    """An Article from one gold row (the first text line repeats the title: dropped)."""
    lines = [ln.strip() for ln in (row.get("text") or "").split("\n") if ln.strip()]
    title = (row.get("title") or "").strip()
    if lines and title and lines[0] == title:
        lines = lines[1:]
    published = parse_raw_date(row.get("date"), row.get("lang"))
    return Article.create(title, lines, source=row.get("source"), url=row.get("url"),
                          published=published, date_precision="day" if published else None,
                          date_origin="field" if published else None, language=row.get("lang"),
                          extra={"doc_id": row["doc_id"], "dataset": row["dataset"]})


def analyse_rows(rows: Sequence[Mapping[str, Any]], workers: int = 1) -> list[tuple[Article, Analysis]]:
    """Articles and their analyses, in row order."""
    from newsprism.analyse import analyse_articles

    articles = [article_from_row(r) for r in rows]
    return list(zip(articles, analyse_articles(articles, workers=workers)))


def _gold_key(row: Mapping[str, Any]) -> str:
    return f"{row['dataset']}:{row['doc_id']}"


def cluster_stream(pairs: Sequence[tuple[Article, Analysis]], features: Sequence[Any] | None = None,
                   consolidate: bool = True, **params: Any) -> tuple[list[str], list[str], dict[str, float]]:
    """Run the online clusterer over ``pairs`` in stream order, then the consolidation
    pass over the whole stream; story id per input item (online, consolidated) and
    timings. Rows whose content is identical share an article id, so assignments are
    kept per input position."""
    from newsprism.stories.consolidate import consolidate_mapping

    order = stream_order(pairs)
    clusterer = StoryClusterer(**params)
    started = time.perf_counter()
    if features is None:
        # a bulk step with nothing else running: the encoder may use both cores
        features = extract_many([pairs[i] for i in order], use_embeddings=clusterer.use_embeddings,
                                threads=BULK_THREADS)
        featured = time.perf_counter()
        ordered_features = list(features)
    else:
        featured = time.perf_counter()
        ordered_features = [features[i] for i in order]
    online: list[str] = [""] * len(pairs)
    for index, feats in zip(order, ordered_features):
        online[index] = clusterer.assign_features(feats).story_id
    decided = time.perf_counter()
    by_article = {pairs[i][0].id: online[i] for i in order}
    consolidated = list(online)
    if consolidate:
        merged = consolidate_mapping(clusterer, ordered_features, by_article)
        consolidated = [merged[pairs[i][0].id] for i in range(len(pairs))]
    done = time.perf_counter()
    n = len(pairs) or 1
    return online, consolidated, {"assign_per_s": round(n / max(decided - started, 1e-9), 1),
                                  "decide_per_s": round(n / max(decided - featured, 1e-9), 1),
                                  "consolidate_per_s": round(n / max(done - decided, 1e-9), 1),
                                  "stories": clusterer.n_stories}


def score(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, Any]:
    """BCubed and pairwise figures of a predicted clustering against gold."""
    return {"bcubed": bcubed(gold, predicted), "pairwise": pairwise(gold, predicted),
            "gold_clusters": len(set(gold.values())), "predicted_clusters": len(set(predicted.values()))}


def baseline_tfidf_agglomerative(rows: Sequence[Mapping[str, Any]],
                                 thresholds: Iterable[float] = BASELINE_THRESHOLDS) -> dict[str, Any]:
    """TF-IDF (scikit-learn) + average-linkage agglomerative clustering on cosine
    distance, cut at each threshold; the best BCubed F1 and its threshold."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist
    from sklearn.feature_extraction.text import TfidfVectorizer

    gold = {_gold_key(r): f"{r['dataset']}:{r['cluster_id']}" for r in rows}
    if len(rows) < 2:
        return {"threshold": None, **score(gold, gold)}
    texts = [f"{r.get('title') or ''}\n{r.get('text') or ''}" for r in rows]
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts).toarray()
    distances = np.nan_to_num(pdist(matrix, metric="cosine"), nan=1.0)
    # The same tree as sklearn's AgglomerativeClustering(linkage="average",
    # metric="cosine"), built once and cut at every threshold.
    tree = linkage(distances, method="average")
    best: dict[str, Any] | None = None
    for threshold in thresholds:
        labels = fcluster(tree, t=threshold, criterion="distance")
        predicted = {_gold_key(r): str(label) for r, label in zip(rows, labels)}
        result = {"threshold": threshold, **score(gold, predicted)}
        if best is None or result["bcubed"]["f1"] > best["bcubed"]["f1"]:
            best = result
    assert best is not None
    return best


def _evaluate(rows: Sequence[Mapping[str, Any]], pairs: Sequence[tuple[Article, Analysis]],
              params: Mapping[str, Any]) -> dict[str, Any]:
    from newsprism.stories.features import extract_many

    gold = {_gold_key(r): f"{r['dataset']}:{r['cluster_id']}" for r in rows}
    result: dict[str, Any] = {"articles": len(rows)}
    features = extract_many(pairs, use_embeddings=True, threads=BULK_THREADS)
    for label, use_embeddings in (("with_embeddings", True), ("without_embeddings", False)):
        online, consolidated, timing = cluster_stream(pairs, features=features,
                                                      **{**params, "use_embeddings": use_embeddings})
        clusterer = StoryClusterer(**{**params, "use_embeddings": use_embeddings})
        for name, ids in (("online", online), ("consolidated", consolidated)):
            predicted = {_gold_key(r): sid for r, sid in zip(rows, ids)}
            key = label if name == "consolidated" else f"{label}_online"
            result[key] = {**score(gold, predicted), **timing, "threshold": clusterer.effective_threshold}
    result["baseline"] = baseline_tfidf_agglomerative(rows)
    return result


def gva_rows(folder: str | Path) -> list[dict[str, Any]]:
    """The gva-dev articles as gold rows (incidents are the gold stories)."""
    with open(Path(folder) / "articles.jsonl", encoding="utf-8") as handle:
        return [{"dataset": "gva", "doc_id": r["article_key"], "lang": "en", "title": r["title"], "text": r["text"],
                 "date": r["date"], "source": r["source"], "url": r.get("url"), "cluster_id": r["incident_id"],
                 "topic_id": r["incident_id"]} for r in (json.loads(line) for line in handle if line.strip())]


def run(gold_jsonl: str | Path, dataset: str | None = None, limit: int | Mapping[str, int] | None = None,
        *, workers: int = 1, gva: str | Path | None = None, **params: Any) -> dict[str, Any]:
    """Evaluate story clustering on a gold file (and the gva-dev incidents when ``gva``
    names their folder); figures per dataset and for everything as one mixed stream.
    ``params`` go to ``StoryClusterer`` (threshold, window_days...)."""
    rows = load_gold(gold_jsonl, dataset=dataset, limit=limit)
    if gva is not None and Path(gva).exists() and dataset in (None, "gva"):
        extra = gva_rows(gva)
        cap = limit.get("gva") if isinstance(limit, Mapping) else limit
        if isinstance(limit, Mapping) and "gva" not in limit:
            extra = []
        elif cap is not None:
            keep = list(dict.fromkeys(r["cluster_id"] for r in extra))[:cap]
            extra = [r for r in extra if r["cluster_id"] in set(keep)]
        rows = rows + extra
    started = time.perf_counter()
    pairs = analyse_rows(rows, workers=workers)
    analysis_seconds = time.perf_counter() - started
    clusterer_params = StoryClusterer(**{k: v for k, v in params.items() if k != "use_embeddings"}).get_params()
    clusterer_params.pop("use_embeddings")
    result: dict[str, Any] = {
        "gold": str(gold_jsonl), "articles": len(rows), "params": clusterer_params,
        "analysis_per_s": round(len(rows) / max(analysis_seconds, 1e-9), 1), "datasets": {},
    }
    datasets = sorted({r["dataset"] for r in rows})
    for name in datasets:
        idx = [i for i, r in enumerate(rows) if r["dataset"] == name]
        result["datasets"][name] = _evaluate([rows[i] for i in idx], [pairs[i] for i in idx], clusterer_params)
    if len(datasets) > 1:
        result["mixed"] = _evaluate(rows, pairs, clusterer_params)
    return result


def render(result: Mapping[str, Any]) -> str:
    """The figures as a plain-text table."""
    threshold = result["params"]["threshold"]
    lines = [f"Story clustering on {result['gold']} ({result['articles']} articles; online threshold "
             f"{'tuned default' if threshold is None else threshold}, window "
             f"{result['params']['window_days']} days)",
             "",
             f"{'stream':<10} {'method':<26} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair F1':>7} "
             f"{'stories':>7} {'gold':>5} {'art/s':>7}"]
    blocks = list(result["datasets"].items())
    if "mixed" in result:
        blocks.append(("mixed", result["mixed"]))
    for name, block in blocks:
        for label, key in (("online", "with_embeddings_online"), ("online + consolidation", "with_embeddings"),
                           ("same, no sentence vectors", "without_embeddings"),
                           ("tfidf+agglomerative*", "baseline")):
            figures = block[key]
            b3 = figures["bcubed"]
            speed = f"{figures['assign_per_s']:>7.0f}" if "assign_per_s" in figures else f"{'':>7}"
            lines.append(f"{name:<10} {label:<26} {b3['precision']:>6.3f} {b3['recall']:>6.3f} "
                         f"{b3['f1']:>6.3f} {figures['pairwise']['f1']:>7.3f} "
                         f"{figures['predicted_clusters']:>7} {figures['gold_clusters']:>5} {speed}")
    lines += ["", "* baseline: best distance threshold on this same data (an upper bound for it).",
              "art/s: the online assignment step (features, sentence vectors, decisions), analysis excluded; "
              f"analysis ran at {result['analysis_per_s']} articles/s."]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - manual use: python -m newsprism.evaluation.stories FILE
    import sys

    print(render(run(sys.argv[1], workers=2)))
