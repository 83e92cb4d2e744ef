"""Consolidation: revisit stories with batch evidence and merge or split them.

The online decision sees each article once, against the stories so far; a story that
began with a misleading first report, or a follow-up whose story had not yet been told
in the words it uses, stays where the online pass put it. After each ingest batch (and
on ``newsprism recluster``) the articles of the stories touched, and of the stories
the run nearly joined (``run_scope``), are clustered again in batch: every pair of them
that shares an index key (a name, the city, a street, the event day, a rare entity,
term or headline word) is scored by the pair model (``stories/pairs.py``), and average
linkage over that candidate graph (a pair not in the graph counts as 0) groups them
into events.

The groups are then read as moves on the stories, so that ids stay stable:

- stories whose articles fall in one group are **merged** into the oldest of them, which
  keeps its id (the others answer for it through the store's merge record);
- articles that a group separates from the rest of their story **move** to the story of
  the group they fall in, or are **split** off into a new story (its id from its first
  article) when that group holds no story.

Every move says why: the mean pair probability that decided it and the evidence shared.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newsprism.stories.pairs import EMBEDDING_FEATURES, PairModel, Report, pair_features

# Each report is compared with at most this many others: those sharing most index keys.
NEIGHBOURS = 30
# Index keys shared by more reports than this in a batch are too common to pair on.
MAX_POSTINGS = 300
# Groups that share no language are joined by this many likely pairs between them.
BRIDGE_PAIRS = 2
# A single report facing a group of several languages is judged on its same-language
# pairs with the group when there are at least this many of them (see average_linkage).
SAME_LANGUAGE_PAIRS = 2
# Hysteresis: an article leaves the story the online pass gave it only when its mean
# probability with the rest of that story is below this share of the threshold, so that
# a story does not lose members the batch pass is merely unsure of.
KEEP_SHARE = 0.75


@dataclass
class Move:
    """One change to the stories: "merge" ``sources`` into ``target``, "move"
    ``articles`` from ``source`` to ``target``, or "split" them into a new ``target``."""

    action: str
    target: str
    sources: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    probability: float = 0.0
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "target": self.target, "sources": self.sources,
                "articles": self.articles, "probability": round(self.probability, 4), "why": self.why}


def run_scope(assignments: Iterable[Any]) -> list[str]:
    """The stories a consolidation pass after a run revisits, most needed first: those
    the run's articles joined or opened, then those they nearly joined (the assignment's
    ``alternatives`` and ``closest_story``). Only there can the run's new evidence change
    a decision, and the scope grows with the run, not with the store."""
    assignments = list(assignments)
    scope = dict.fromkeys(a.story_id for a in assignments)
    for a in assignments:
        near = list(a.evidence.get("alternatives") or [])
        if a.evidence.get("closest_story"):
            near.insert(0, a.evidence["closest_story"])
        scope.update(dict.fromkeys(n["story_id"] for n in near))
    return list(scope)


def candidate_pairs(reports: Sequence[Report], neighbours: int = NEIGHBOURS) -> list[tuple[int, int]]:
    """Pairs of reports worth scoring: those sharing the most index keys."""
    postings: dict[str, list[int]] = defaultdict(list)
    for n, r in enumerate(reports):
        for key in dict.fromkeys(r.index_keys):
            postings[key].append(n)
    pairs: set[tuple[int, int]] = set()
    for n, r in enumerate(reports):
        hits: Counter[int] = Counter()
        for key in dict.fromkeys(r.index_keys):
            found = postings[key]
            if len(found) > MAX_POSTINGS:
                continue
            for other in found:
                if other != n:
                    hits[other] += 1
        for other, _ in heapq.nsmallest(neighbours, hits.items(), key=lambda kv: (-kv[1], kv[0])):
            pairs.add((min(n, other), max(n, other)))
    return sorted(pairs)


def score_pairs(reports: Sequence[Report], pairs: Sequence[tuple[int, int]], model: PairModel,
                name_idf: Callable[[str], float], use_embeddings: bool = True) -> list[float]:
    rows = []
    for a, b in pairs:
        x = pair_features(reports[a], reports[b], name_idf)
        if not use_embeddings:
            for k in EMBEDDING_FEATURES:
                x[k] = 0.0
        rows.append(x)
    return [float(p) for p in model.probabilities(rows)]


def average_linkage(n: int, pairs: Sequence[tuple[int, int]], probabilities: Sequence[float],
                    threshold: float, languages: Sequence[str] | None = None) -> list[int]:
    """Group ``n`` items: repeatedly join the two groups whose mean pair probability
    (pairs not scored count as 0) is highest, while it reaches ``threshold``. Returns a
    group label per item.

    With ``languages``, a single report facing a group that spans several languages is
    also judged on its same-language pairs alone, when there are at least
    SAME_LANGUAGE_PAIRS of them: a Spanish follow-up compares with a story's Spanish
    reports on their words too, while its pairs with the English reports lack that
    evidence by construction and would drown it. (Between two groups the rule over-links:
    reports of two events in one language share their topic's words.) Groups that share no language are then bridged by likely pairs
    between them (see :func:`_join_across_languages`).
    """
    langs = list(languages) if languages is not None else ["" for _ in range(n)]
    parent = list(range(n))
    size = [1] * n
    by_lang: list[Counter[str]] = [Counter({langs[i]: 1}) for i in range(n)]
    links: dict[int, dict[int, float]] = defaultdict(dict)  # summed pair probabilities between groups
    same: dict[int, dict[int, float]] = defaultdict(dict)  # the same, over same-language pairs only
    for (a, b), p in zip(pairs, probabilities):
        links[a][b] = links[b][a] = p
        if langs[a] == langs[b]:
            same[a][b] = same[b][a] = p

    def linkage(a: int, b: int) -> float:
        mean = links[a][b] / (size[a] * size[b])
        if min(size[a], size[b]) == 1 and len(by_lang[a]) + len(by_lang[b]) > 2:
            shared = sum(by_lang[a][k] * by_lang[b][k] for k in by_lang[a] if k in by_lang[b])
            if shared >= SAME_LANGUAGE_PAIRS:
                mean = max(mean, same[a].get(b, 0.0) / shared)
        return mean

    heap = [(-linkage(a, b), a, b) for a, b in pairs]
    heapq.heapify(heap)
    alive = set(range(n))
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in alive or b not in alive or b not in links[a]:
            continue
        score = linkage(a, b)
        if abs(-negative - score) > 1e-12:
            continue  # a stale entry: the groups changed since
        if score < threshold:
            break
        alive.discard(b)
        for table in (links, same):
            for c, total in table.pop(b, {}).items():
                if c == a:
                    continue
                table[a][c] = table[a].get(c, 0.0) + total
                table[c][a] = table[a][c]
                del table[c][b]
            table[a].pop(b, None)
        size[a] += size[b]
        by_lang[a] += by_lang[b]
        parent[b] = a
        for c in links[a]:
            heapq.heappush(heap, (-linkage(a, c), min(a, c), max(a, c)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    labels = [root(i) for i in range(n)]
    if languages is not None:
        labels = _join_across_languages(labels, pairs, probabilities, languages, threshold)
    return labels


def _join_across_languages(labels: list[int], pairs: Sequence[tuple[int, int]], probabilities: Sequence[float],
                           langs: Sequence[str], threshold: float) -> list[int]:
    """Groups that share no language join when a pair of their reports is likely the
    same event: a Spanish pair of reports and an English story of the same dam collapse
    share no words to average over, and the Spanish report that names the same people,
    places and day is the bridge (single link across languages only; within a language
    the average linkage decides)."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(labels):
        members[g].append(i)
    group_langs = {g: {langs[i] for i in ms} for g, ms in members.items()}
    bridges: dict[tuple[int, int], list[float]] = defaultdict(list)
    for (a, b), p in zip(pairs, probabilities):
        x, y = labels[a], labels[b]
        if x == y or group_langs[x] & group_langs[y] or p < threshold:
            continue  # groups sharing a language were judged by the linkage already
        bridges[(min(x, y), max(x, y))].append(p)
    # one likely pair may be chance; the bridge needs BRIDGE_PAIRS of them (or all the
    # pairs there are, when a group is a single report facing a single report)
    best = {key: min(ps) for key, ps in bridges.items()
            if len(ps) >= min(BRIDGE_PAIRS, len(members[key[0]]) * len(members[key[1]]))}
    parent = {g: g for g in members}

    def root(g: int) -> int:
        while parent[g] != g:
            g = parent[g]
        return g

    for (x, y), score in sorted(best.items(), key=lambda kv: -kv[1]):
        if score < threshold:
            break
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[ry] = rx
    return [root(g) for g in labels]


def plan(reports: Sequence[Report], current: Mapping[str, str], model: PairModel,
         name_idf: Callable[[str], float], threshold: float | None = None, *,
         use_embeddings: bool = True, new_story_id: Callable[[str], str] | None = None) -> list[Move]:
    """The merges, moves and splits that batch clustering of ``reports`` asks of the
    stories in ``current`` (article id -> story id)."""
    from newsprism.stories.cluster import story_id_for

    new_story_id = new_story_id or story_id_for
    threshold = model.batch_threshold if threshold is None else threshold
    pairs = candidate_pairs(reports)
    probabilities = score_pairs(reports, pairs, model, name_idf, use_embeddings)
    labels = average_linkage(len(reports), pairs, probabilities, threshold, [r.language for r in reports])
    prob = {pair: p for pair, p in zip(pairs, probabilities)}
    index = {r.article_id: n for n, r in enumerate(reports)}

    def between(xs: Sequence[str], ys: Sequence[str]) -> list[tuple[float, bool]]:
        """(probability, same language) of every pair across ``xs`` and ``ys`` (0 if not scored)."""
        return [(prob.get((min(index[x], index[y]), max(index[x], index[y])), 0.0),
                 reports[index[x]].language == reports[index[y]].language) for x in xs for y in ys]

    def mean_between(xs: Sequence[str], ys: Sequence[str]) -> float:
        ps = between(xs, ys)
        return sum(p for p, _ in ps) / max(1, len(ps))

    def decided(xs: Sequence[str], ys: Sequence[str]) -> str:
        """How the linkage joined ``xs`` and ``ys``, in words."""
        ps = between(xs, ys)
        mean = sum(p for p, _ in ps) / max(1, len(ps))
        if mean >= threshold:
            return f"mean same-event probability {mean:.2f}"
        same = [p for p, s in ps if s]
        if same and sum(same) / len(same) >= threshold:
            return (f"mean same-event probability {sum(same) / len(same):.2f} over the {len(same)} pairs in one "
                    f"language ({mean:.2f} over all {len(ps)})")
        likely = sorted((p for p, s in ps if not s and p >= threshold), reverse=True)
        if likely:
            return (f"same-event probability {likely[-1]:.2f} or more for {len(likely)} pairs across languages "
                    f"(mean {mean:.2f} over all {len(ps)})")
        return f"mean same-event probability {mean:.2f}, joined through other reports of the group"

    members: dict[str, list[str]] = defaultdict(list)  # story -> its articles in this batch
    for r in reports:
        members[current[r.article_id]].append(r.article_id)
    group_of = {r.article_id: labels[n] for n, r in enumerate(reports)}
    # each story's home is the group holding most of its articles
    home: dict[str, int] = {}
    for story, articles in members.items():
        counts = Counter(group_of[a] for a in articles)
        home[story] = max(counts, key=lambda g: (counts[g], -min(index[a] for a in articles if group_of[a] == g)))
    stories_at: dict[int, list[str]] = defaultdict(list)
    for story, group in home.items():
        stories_at[group].append(story)
    first = {story: _first_seen(reports, index, articles) for story, articles in members.items()}
    moves: list[Move] = []
    owner: dict[int, str] = {}
    for group, stories in stories_at.items():
        stories.sort(key=lambda s: first[s])
        owner[group] = stories[0]
        if len(stories) > 1:
            target = stories[0]
            for other in stories[1:]:
                p = mean_between(members[target], members[other])
                moves.append(Move("merge", target, sources=[other], probability=p,
                                  why=_why(reports, index, members[target], members[other],
                                           decided(members[target], members[other]))))
    for story, articles in members.items():
        strays: dict[int, list[str]] = defaultdict(list)
        for a in articles:
            # the report that opened a story (its id comes from it) stays in it: the others
            # may leave, and the story's id keeps meaning the same story
            if group_of[a] != home[story] and new_story_id(a) != story:
                strays[group_of[a]].append(a)
        for group, moved in strays.items():
            stay = [a for a in articles if group_of[a] == home[story]]
            p = mean_between(moved, stay)
            if p >= KEEP_SHARE * threshold:
                continue
            if group in owner:
                target = owner[group]
                together = [a for s in stories_at[group] for a in members[s]]
                moves.append(Move("move", target, sources=[story], articles=moved,
                                  probability=mean_between(moved, together),
                                  why=f"closer to {target} than to the rest of {story} (mean {p:.2f})"))
            else:
                ordered = sorted(moved, key=lambda a: index[a])
                # the id of the first article split off, unless a story has it already (the
                # first report of a story is split from the rest: that story keeps its id)
                taken = set(members) | set(owner.values())
                target = next((t for t in (new_story_id(a) for a in ordered) if t not in taken), None)
                n = 2
                while target is None or target in taken:
                    target, n = f"{new_story_id(ordered[0])}-{n}", n + 1
                owner[group] = target
                moves.append(Move("split", target, sources=[story], articles=ordered, probability=p,
                                  why=f"mean same-event probability with the rest of {story} is {p:.2f}"))
    return moves


def _first_seen(reports: Sequence[Report], index: Mapping[str, int], articles: Sequence[str]) -> tuple[bool, datetime, int]:
    dated = [reports[index[a]].published for a in articles if reports[index[a]].published is not None]
    return (not dated, min(dated) if dated else datetime.max, min(index[a] for a in articles))


def _why(reports: Sequence[Report], index: Mapping[str, int], xs: Sequence[str], ys: Sequence[str],
         decided: str) -> str:
    a = [reports[index[x]] for x in xs]
    b = [reports[index[y]] for y in ys]
    names = sorted(set().union(*(r.names for r in a)) & set().union(*(r.names for r in b)))
    cities = sorted({r.city for r in a if r.city} & {r.city for r in b if r.city})
    days = sorted({r.event_day for r in a if r.event_day} & {r.event_day for r in b if r.event_day})
    shared = [f"names {', '.join(names[:3])}"] if names else []
    shared += [f"place {cities[0]}"] if cities else []
    shared += [f"event day {days[0]}"] if days else []
    return decided + (f"; shared {'; '.join(shared)}" if shared else "")


def apply_moves(mapping: dict[str, str], moves: Sequence[Move]) -> dict[str, str]:
    """The article -> story mapping after ``moves`` (merged stories answer for their target)."""
    out = dict(mapping)
    merged: dict[str, str] = {}
    for m in moves:
        if m.action == "merge":
            for source in m.sources:
                merged[source] = m.target
    for m in moves:
        if m.action in {"move", "split"}:
            for a in m.articles:
                out[a] = m.target
    for a, s in out.items():
        while s in merged:
            s = merged[s]
        out[a] = s
    return out


def consolidate_mapping(clusterer: Any, features: Sequence[Any], online: Mapping[str, str],
                        threshold: float | None = None) -> dict[str, str]:
    """Consolidate a whole stream at once (evaluation, ``recluster``): the mapping after
    the moves that a batch over every article (``ArticleFeatures``) asks for."""
    reports = [clusterer.report(f, learn=False) for f in features]
    moves = plan(reports, online, clusterer.model, clusterer.name_idf, threshold,
                 use_embeddings=clusterer.use_embeddings)
    return apply_moves(dict(online), moves)
