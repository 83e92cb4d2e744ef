"""Train the story pair model on the development data and write ``story_model.json``.

    python -m newsprism.evaluation.train_stories [../shared/data] [--out FILE]

Each dev dataset (ECB+, MEANTIME from stories-dev.jsonl; the gva-dev incidents) is
streamed in publication order through a clusterer so that document frequencies are
those of a real store; the pairs of articles that share an index key (the candidate
graph the consolidation pass scores, ``stories/consolidate.py``) become training pairs,
labelled same event or not by the gold. A logistic regression (scikit-learn) over
:data:`newsprism.stories.pairs.FEATURES` is fitted on all of them, once with sentence
vectors and once without, each dataset weighted alike so the largest does not decide
alone. The thresholds are chosen on the same data: the batch (average-linkage) threshold
and then the online one, each maximising the mean BCubed F1 over the datasets of the whole
design (online assignment followed by consolidation). One model and one pair of
thresholds for every corpus: nothing is set per dataset.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.evaluation.metrics import bcubed
from newsprism.stories.pairs import EMBEDDING_FEATURES, FEATURES, PairModel

BATCH_GRID = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55)
ONLINE_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)


def load_streams(data: Path, workers: int = 2) -> dict[str, list[tuple[Any, Any, str]]]:
    """(article, analysis, gold story) per dev dataset, analysed."""
    from newsprism.analyse import analyse_articles
    from newsprism.evaluation.stories import analyse_rows, load_gold
    from newsprism.ingest import read_path
    from newsprism.records import Rejection

    streams: dict[str, list[tuple[Any, Any, str]]] = {}
    rows = load_gold(data / "stories-dev.jsonl")
    for row, (article, analysis) in zip(rows, analyse_rows(rows, workers=workers)):
        streams.setdefault(row["dataset"], []).append((article, analysis, f"{row['dataset']}:{row['cluster_id']}"))
    gva = data / "gva-dev" / "articles.jsonl"
    if gva.exists():
        articles = [a for a in read_path(gva) if not isinstance(a, Rejection)]
        streams["gva"] = [(a, an, "gva:" + a.extra["incident_id"])
                          for a, an in zip(articles, analyse_articles(articles, workers=workers))]
    return streams


def _features(stream: Sequence[tuple[Any, Any, str]]) -> tuple[Any, list[Any], list[str]]:
    from newsprism.stories.cluster import StoryClusterer, stream_order
    from newsprism.stories.features import extract_many

    order = stream_order([(a, an) for a, an, _ in stream])
    ordered = [stream[i] for i in order]
    features = extract_many([(a, an) for a, an, _ in ordered])
    counter = StoryClusterer()
    for f in features:
        counter.report(f, learn=True)  # document frequencies as a store would have them
    return counter, features, [g for _, _, g in ordered]


def training_pairs(counter: Any, features: Sequence[Any], gold: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    from newsprism.stories.consolidate import candidate_pairs
    from newsprism.stories.pairs import pair_features

    reports = [counter.report(f, learn=False) for f in features]
    pairs = candidate_pairs(reports)
    X = np.array([[pair_features(reports[a], reports[b], counter.name_idf)[k] for k in FEATURES] for a, b in pairs])
    y = np.array([int(gold[a] == gold[b]) for a, b in pairs])
    return X, y


def fit(data: dict[str, tuple[np.ndarray, np.ndarray]], use_embeddings: bool) -> tuple[list[float], float]:
    from sklearn.linear_model import LogisticRegression

    mask = np.array([0.0 if (k in EMBEDDING_FEATURES and not use_embeddings) else 1.0 for k in FEATURES])
    X = np.vstack([x for x, _ in data.values()]) * mask
    y = np.concatenate([y for _, y in data.values()])
    weights = np.concatenate([np.full(len(y_), len(y) / (len(data) * len(y_))) for _, y_ in data.values()])
    model = LogisticRegression(C=1.0, max_iter=5000).fit(X, y, sample_weight=weights)
    return [round(float(c), 5) * m for c, m in zip(model.coef_[0], mask)], round(float(model.intercept_[0]), 5)


def run_design(features: Sequence[Any], gold: Sequence[str], model: PairModel, use_embeddings: bool,
               consolidate: bool = True) -> tuple[dict[str, float], dict[str, float]]:
    """BCubed of online assignment, and of online + consolidation, with ``model``."""
    from newsprism.stories.cluster import StoryClusterer
    from newsprism.stories.consolidate import consolidate_mapping

    clusterer = StoryClusterer(use_embeddings=use_embeddings, pair_model=model)
    online = {f.article_id: clusterer.assign_features(f).story_id for f in features}
    truth = {f.article_id: g for f, g in zip(features, gold)}
    first = bcubed(truth, online)
    if not consolidate:
        return first, first
    return first, bcubed(truth, consolidate_mapping(clusterer, features, online))


def train(data_dir: Path | None = None, workers: int = 2, log: Any = print,
          streams: dict[str, list[tuple[Any, Any, str]]] | None = None) -> dict[str, Any]:
    """The model JSON, from the dev data in ``data_dir`` (or ``streams`` already analysed)."""
    if streams is None:
        assert data_dir is not None
        streams = load_streams(data_dir, workers=workers)
    prepared = {name: _features(stream) for name, stream in streams.items()}
    pairs = {name: training_pairs(*p) for name, p in prepared.items()}
    out: dict[str, Any] = {
        "_about": "Pair model of newsprism.stories (logistic regression over the pair features), written by "
                  "python -m newsprism.evaluation.train_stories; retrain after changing the features.",
        "features": list(FEATURES), "trained": date.today().isoformat(),
        "datasets": {n: {"articles": len(s), "pairs": int(len(pairs[n][1])), "same_event": int(pairs[n][1].sum())}
                     for n, s in streams.items()},
    }
    for part, use_embeddings in (("with_embeddings", True), ("without_embeddings", False)):
        coef, intercept = fit(pairs, use_embeddings)
        # the batch threshold first (at a middle online one), then the online one
        best: tuple[float, float, float, dict[str, Any]] | None = None
        grid = [(b, ONLINE_GRID[len(ONLINE_GRID) // 2]) for b in BATCH_GRID]
        for stage in (0, 1):
            for batch, online in grid:
                model = PairModel(tuple(coef), intercept, online, batch)
                figures = {n: run_design(features, gold, model, use_embeddings)
                           for n, (_, features, gold) in prepared.items()}
                mean = float(np.mean([c["f1"] for _, c in figures.values()]))
                log(f"{part} batch {batch} online {online}: " + ", ".join(
                    f"{n} {o['f1']:.3f}/{c['f1']:.3f}" for n, (o, c) in figures.items()) + f" mean {mean:.4f}")
                if best is None or mean > best[0]:
                    best = (mean, batch, online, figures)
            assert best is not None
            grid = [(best[1], o) for o in ONLINE_GRID if o != best[2]] if stage == 0 else []
        assert best is not None
        _, batch, online, figures = best
        out[part] = {"coef": coef, "intercept": intercept, "online_threshold": online, "batch_threshold": batch,
                     "dev_bcubed_f1": {n: {"online": o["f1"], "consolidated": c["f1"]} for n, (o, c) in figures.items()}}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", default="../shared/data", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "stories" / "story_model.json")
    args = parser.parse_args(argv)
    model = train(args.data, log=lambda line: print(line, file=sys.stderr, flush=True))
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
