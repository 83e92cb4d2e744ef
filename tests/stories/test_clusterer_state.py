"""The clusterer's saved state is a cache of the stored assignments: bounded in size,
replayed after an interrupted run, rebuilt after merge/split."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from newsprism import pipeline
from newsprism.config import load_config
from newsprism.records import Article
from newsprism.store import Store

CFG = load_config(overrides={"stories": {"use_embeddings": False, "threshold": 0.25}, "analysis": {"workers": 1}})


def quake(n: int, day: int, town: str = "Kerensk") -> Article:
    return Article.create(
        f"Earthquake in {town} kills {20 + n}",
        [f"A magnitude 6.2 earthquake struck {town} in northern Ostravia before dawn, killing {20 + n} people.",
         f"Rescue teams searched collapsed buildings in {town} and the Lesnaya region, officials said."],
        source=f"Outlet {n}", language="en", published=datetime(2025, 3, day, 8 + n))


def robbery(n: int, day: int) -> Article:
    return Article.create(
        f"Masked gang robs Lindholm bank {n}",
        [f"Three masked men robbed a Nordbank branch on Kanalgatan in Lindholm and escaped with cash, police said {n}.",
         "The gang fled in a grey car that was later found burned out near the harbour."],
        source=f"Outlet {n}", language="en", published=datetime(2025, 3, day, 9 + n))


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "s.db") as s:
        yield s


def ingest(store, *articles, cfg=CFG):
    store.add_articles(list(articles))
    pipeline.analyse_pending(store, config=cfg)
    return pipeline.assign_pending(store, config=cfg)


def test_interrupted_run_is_replayed_into_the_clusterer(store, monkeypatch):
    first = quake(1, 10)
    ingest(store, first)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the run dies after committing its assignments

    second = quake(2, 10)
    monkeypatch.setattr(pipeline, "save_clusterer", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest(store, second)
    monkeypatch.undo()
    assert store.story_of(second.id) == store.story_of(first.id)
    # the saved state predates `second`; loading replays it, so a third report still joins
    third = quake(3, 11)
    ingest(store, third)
    assert store.story_of(third.id) == store.story_of(first.id)
    assert pipeline.load_clusterer(store, CFG).story_of(second.id) == store.story_of(first.id)


def test_merge_drops_the_state_and_later_articles_join_the_merged_story(store):
    a, b = quake(1, 10), robbery(2, 10)
    ingest(store, a, b)
    target, other = store.story_of(a.id), store.story_of(b.id)
    assert target != other
    store.merge_stories(target, [other])
    assert store.get_state(pipeline.CLUSTERER_STATE) is None
    later = robbery(3, 11)
    ingest(store, later)
    assert store.story_of(later.id) == target


def test_saved_state_keeps_only_stories_a_new_article_could_join(store):
    # with a 7-day window, a story a month older than the newest article is dropped
    short = load_config(overrides={"stories": {"use_embeddings": False, "threshold": 0.25, "window_days": 7},
                                   "analysis": {"workers": 1}})
    old = [robbery(i, 1) for i in range(1, 3)]
    ingest(store, *old, cfg=short)
    ingest(store, quake(1, 28), quake(2, 28), cfg=short)
    state = store.get_state(pipeline.CLUSTERER_STATE)["clusterer"]
    kept = {json.loads(s)["id"] for s in state["stories"]}
    assert store.story_of(old[0].id) not in kept  # a month older than the newest article
    assert store.story_of(quake(1, 28).id) in kept
