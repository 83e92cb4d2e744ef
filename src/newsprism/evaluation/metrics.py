"""Clustering and extraction metrics shared by the evaluations."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from itertools import combinations


def prf(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    """Precision, recall and F1 from true positives and the two totals."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def bcubed(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """BCubed precision/recall/F1 (Bagga & Baldwin 1998) over the items of ``gold``.

    >>> bcubed({1: "a", 2: "a", 3: "b"}, {1: "x", 2: "x", 3: "x"})["recall"]
    1.0
    """
    items = [i for i in gold if i in pred]
    gold_members: dict[Hashable, set] = defaultdict(set)
    pred_members: dict[Hashable, set] = defaultdict(set)
    for i in items:
        gold_members[gold[i]].add(i)
        pred_members[pred[i]].add(i)
    p_sum = r_sum = 0.0
    for i in items:
        g, c = gold_members[gold[i]], pred_members[pred[i]]
        overlap = len(g & c)
        p_sum += overlap / len(c)
        r_sum += overlap / len(g)
    n = len(items) or 1
    p, r = p_sum / n, r_sum / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def pairwise(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """Pairwise precision/recall/F1: pairs of items put together by ``pred`` vs ``gold``."""
    items = [i for i in gold if i in pred]

    def pairs(labels: Mapping[Hashable, Hashable]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(labels[i] for i in items).values())

    both = Counter((gold[i], pred[i]) for i in items)
    tp = sum(n * (n - 1) // 2 for n in both.values())
    return prf(tp, pairs(pred), pairs(gold))


def pairwise_from_groups(gold_groups: list[set], pred_groups: list[set]) -> dict[str, float]:
    """Pairwise P/R/F1 when items may be missing from one side (e.g. unresolved mentions)."""
    def pair_set(groups: list[set]) -> set:
        out = set()
        for g in groups:
            out.update(frozenset(p) for p in combinations(sorted(g, key=repr), 2))
        return out

    g, p = pair_set(gold_groups), pair_set(pred_groups)
    return prf(len(g & p), len(p), len(g))
