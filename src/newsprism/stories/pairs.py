"""How likely two reports are of the same event: a learnt pair model.

Two articles are compared on what they say (cosines of TF-IDF lemmas, headline words and
entity keys, multilingual sentence vectors) and on what tells one event from a
look-alike or joins a follow-up weeks later: the people both name in full (weighted by
how rare the name is), the same or another city, the same street, the same event day,
one referring back to the other's day, the same or another toll, and the time between
them. A logistic regression over these features (as Miranda et al. 2018 weigh theirs)
gives the probability of the same event; its coefficients are learnt from the pairs of
the development data by ``python -m newsprism.evaluation.train_stories`` and ship in
``story_model.json`` beside this module.

The same features compare an article with a story (averaged over the story's members,
exactly for the cosines, from the sums the story keeps) for the online decision, and two
articles for the consolidation pass (``stories/consolidate.py``).
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from typing import Any

import numpy as np

MODEL_FILE = "story_model.json"

# Pair features, in the order of the coefficients.
BASE_FEATURES = ("t", "h", "e", "v", "same_lang", "names", "n_names", "names_disjoint", "city_same",
                 "city_name", "city_region", "city_other", "street", "day_same", "day_near", "day_far", "day_ref", "toll_same", "toll_diff",
                 "undated", "both_undated", "gap")
GAP_INTERACTIONS = ("names", "city_same", "street", "day_same", "e", "v", "t", "day_ref", "toll_same")
FEATURES = BASE_FEATURES + tuple(f"{k}_x_gap" for k in GAP_INTERACTIONS) + (
    "difflang_x_v", "undated_x_v", "undated_x_e")
# Features that need sentence vectors (zero when they are not in use).
EMBEDDING_FEATURES = frozenset({"v", "v_x_gap", "difflang_x_v", "undated_x_v"})


def idf(df: int, n: int) -> float:
    return math.log((1 + n) / (1 + df)) + 1.0


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[k] for k, w in a.items() if k in b)  # the same sum, in the same order, without the misses


@dataclass
class Report:
    """An article as the pair model sees it: unit TF-IDF vectors and event evidence."""

    article_id: str
    language: str
    published: datetime | None
    terms: dict[str, float]
    headline: dict[str, float]
    entities: dict[str, float]
    embedding: np.ndarray | None
    names: frozenset[str] = frozenset()
    city: str | None = None
    streets: frozenset[str] = frozenset()
    event_day: str | None = None
    days: frozenset[str] = frozenset()
    toll: dict[str, float] = field(default_factory=dict)
    index_keys: list[str] = field(default_factory=list)


def _place_name(key: str) -> str:
    return key.rsplit("/", 1)[-1]


def _region(key: str | None) -> str | None:
    """"US/OK" of "US/OK/tulsa": the country and state of a place key, when both are known."""
    parts = (key or "").split("/")
    return "/".join(parts[:2]) if len(parts) == 3 and parts[0] and parts[1] else None


def _days_apart(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def _gap_days(a: datetime, b: datetime) -> float:
    return abs((a - b).total_seconds()) / 86400


def pair_features(a: Report, b: Report, name_idf: Any) -> dict[str, float]:
    """The features of two reports; ``name_idf(key)`` is a name's rarity, 0..1."""
    x: dict[str, float] = {}
    same = a.language == b.language
    x["t"] = dot(a.terms, b.terms) if same else 0.0
    x["h"] = dot(a.headline, b.headline) if same else 0.0
    x["e"] = dot(a.entities, b.entities)
    x["v"] = float(a.embedding @ b.embedding) if a.embedding is not None and b.embedding is not None else 0.0
    x["same_lang"] = 1.0 if same else 0.0
    shared = a.names & b.names
    x["names"] = max((name_idf(k) for k in shared), default=0.0)
    x["n_names"] = min(len(shared), 3) / 3
    x["names_disjoint"] = 1.0 if a.names and b.names and not shared else 0.0
    x["city_same"] = 1.0 if a.city and a.city == b.city else 0.0
    # the same place name resolved to another region is as often the resolver's mistake
    # as another town: a feature of its own, for the model to weigh
    x["city_name"] = 1.0 if a.city and b.city and a.city != b.city and _place_name(a.city) == _place_name(b.city) else 0.0
    other = bool(a.city and b.city and _place_name(a.city) != _place_name(b.city))
    # another town of the same state or province: a follow-up names the county seat or
    # the suburb where the first report named the city, as often as it is another event
    x["city_region"] = 1.0 if other and _region(a.city) is not None and _region(a.city) == _region(b.city) else 0.0
    x["city_other"] = 1.0 if other and not x["city_region"] else 0.0
    x["street"] = 1.0 if a.streets & b.streets else 0.0
    x["day_same"] = x["day_near"] = x["day_far"] = 0.0
    if a.event_day and b.event_day:
        apart = _days_apart(a.event_day, b.event_day)
        x["day_same"], x["day_near"], x["day_far"] = float(apart == 0), float(apart == 1), float(apart > 3)
    x["day_ref"] = 1.0 if (a.event_day and a.event_day in b.days) or (b.event_day and b.event_day in a.days) else 0.0
    common = [k for k in a.toll if k in b.toll]
    x["toll_same"] = 1.0 if common and all(a.toll[k] == b.toll[k] for k in common) else 0.0
    x["toll_diff"] = 1.0 if common and any(a.toll[k] != b.toll[k] for k in common) else 0.0
    if a.published is None or b.published is None:
        x["undated"] = 1.0 if (a.published is None) != (b.published is None) else 0.0
        x["both_undated"] = 1.0 if a.published is None and b.published is None else 0.0
        x["gap"] = 0.0
    else:
        x["undated"] = x["both_undated"] = 0.0
        x["gap"] = math.log1p(_gap_days(a.published, b.published))
    return _interactions(x)


def _interactions(x: dict[str, float]) -> dict[str, float]:
    gap = x["gap"]
    for k in GAP_INTERACTIONS:
        x[f"{k}_x_gap"] = x[k] * gap
    x["difflang_x_v"] = (1 - x["same_lang"]) * x["v"]
    x["undated_x_v"] = (x["undated"] + x["both_undated"]) * x["v"]
    x["undated_x_e"] = (x["undated"] + x["both_undated"]) * x["e"]
    return x


@dataclass
class StorySums:
    """What a story keeps to be compared with an article as the mean over its members:
    sums of the members' unit vectors (per language for lemmas and headline words),
    and counts of their evidence."""

    n: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    terms: dict[str, dict[str, float]] = field(default_factory=dict)
    headline: dict[str, dict[str, float]] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    embedding: np.ndarray | None = None
    names: Counter[str] = field(default_factory=Counter)
    with_names: int = 0
    cities: Counter[str] = field(default_factory=Counter)
    with_city: int = 0
    streets: Counter[str] = field(default_factory=Counter)
    event_days: Counter[str] = field(default_factory=Counter)
    days: Counter[str] = field(default_factory=Counter)
    tolls: list[dict[str, float]] = field(default_factory=list)
    published: list[datetime | None] = field(default_factory=list)

    def add(self, r: Report) -> None:
        self.n += 1
        self.languages[r.language] += 1
        for target, vector in ((self.terms.setdefault(r.language, {}), r.terms),
                               (self.headline.setdefault(r.language, {}), r.headline), (self.entities, r.entities)):
            for k, w in vector.items():
                target[k] = target.get(k, 0.0) + w
        if r.embedding is not None:
            vector = np.asarray(r.embedding, dtype=np.float32)
            self.embedding = vector.copy() if self.embedding is None else self.embedding + vector
        self.names.update(sorted(r.names))
        self.with_names += bool(r.names)
        if r.city:
            self.cities[r.city] += 1
            self.with_city += 1
        self.streets.update(sorted(r.streets))
        if r.event_day:
            self.event_days[r.event_day] += 1
        self.days.update(sorted(r.days))
        if r.toll:
            self.tolls.append(dict(r.toll))
        self.published.append(r.published)


def story_features(a: Report, s: StorySums, name_idf: Any) -> dict[str, float]:
    """The pair features of an article against a story, averaged over the story's
    members: exact for the cosines (the dot product with the sum, over the count), from
    the counts for the evidence."""
    n = max(s.n, 1)
    x: dict[str, float] = {}
    x["t"] = dot(a.terms, s.terms.get(a.language, {})) / n
    x["h"] = dot(a.headline, s.headline.get(a.language, {})) / n
    x["e"] = dot(a.entities, s.entities) / n
    x["v"] = float(a.embedding @ s.embedding) / n if a.embedding is not None and s.embedding is not None else 0.0
    x["same_lang"] = s.languages[a.language] / n
    shared = [k for k in a.names if s.names[k]]
    x["names"] = max((s.names[k] / n * name_idf(k) for k in shared), default=0.0)
    x["n_names"] = min(1.0, sum(s.names[k] for k in shared) / n / 3)
    x["names_disjoint"] = max(0.0, (s.with_names - max((s.names[k] for k in shared), default=0)) / n) \
        if a.names else 0.0
    x["city_same"] = s.cities[a.city] / n if a.city else 0.0
    named = sum(c for k, c in s.cities.items() if k != a.city and _place_name(k) == _place_name(a.city)) if a.city else 0
    x["city_name"] = named / n
    region = _region(a.city)
    near = sum(c for k, c in s.cities.items() if _place_name(k) != _place_name(a.city) and region is not None
               and _region(k) == region) if a.city else 0
    x["city_region"] = near / n
    x["city_other"] = (s.with_city - s.cities[a.city] - named - near) / n if a.city else 0.0
    x["street"] = max((s.streets[k] for k in a.streets), default=0) / n
    x["day_same"] = x["day_near"] = x["day_far"] = 0.0
    if a.event_day:
        for day, count in s.event_days.items():
            apart = _days_apart(a.event_day, day)
            x["day_same"] += count * (apart == 0) / n
            x["day_near"] += count * (apart == 1) / n
            x["day_far"] += count * (apart > 3) / n
    refs = (s.days[a.event_day] if a.event_day else 0) + sum(s.event_days[d] for d in a.days)
    x["day_ref"] = min(1.0, refs / n)
    same = diff = 0
    for toll in s.tolls:
        common = [k for k in a.toll if k in toll]
        if common:
            if all(a.toll[k] == toll[k] for k in common):
                same += 1
            else:
                diff += 1
    x["toll_same"], x["toll_diff"] = same / n, diff / n
    undated = both = 0
    gaps = []
    for moment in s.published:
        if moment is None or a.published is None:
            undated += (moment is None) != (a.published is None)
            both += moment is None and a.published is None
        else:
            gaps.append(math.log1p(_gap_days(a.published, moment)))
    x["undated"], x["both_undated"] = undated / n, both / n
    x["gap"] = sum(gaps) / len(gaps) if gaps else 0.0
    return _interactions(x)


@dataclass(frozen=True)
class PairModel:
    """Logistic regression over :data:`FEATURES` (one set of coefficients with sentence
    vectors, one without), with the decision thresholds chosen on the dev data."""

    coef: tuple[float, ...]
    intercept: float
    online_threshold: float
    batch_threshold: float

    def probability(self, x: dict[str, float]) -> float:
        z = self.intercept + sum(w * x[k] for w, k in zip(self.coef, FEATURES))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def probabilities(self, rows: list[dict[str, float]]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        matrix = np.array([[r[k] for k in FEATURES] for r in rows], dtype=np.float64)
        z = matrix @ np.asarray(self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


@functools.lru_cache(maxsize=2)
def load_model(use_embeddings: bool = True) -> PairModel:
    """The shipped pair model (``story_model.json``) for the features in use."""
    data = json.loads(resources.files("newsprism.stories").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    if list(data["features"]) != list(FEATURES):
        raise ValueError(f"{MODEL_FILE} was trained on other features; retrain it "
                         "(python -m newsprism.evaluation.train_stories)")
    part = data["with_embeddings" if use_embeddings else "without_embeddings"]
    return PairModel(coef=tuple(part["coef"]), intercept=float(part["intercept"]),
                     online_threshold=float(part["online_threshold"]),
                     batch_threshold=float(part["batch_threshold"]))
