"""A per-article time budget: an article the analysers cannot finish is marked and the
batch moves on (issue: hostile input)."""

from __future__ import annotations

import re
import threading
import time

import pytest

import newsprism.analyse as analyse
from newsprism.records import Article


@pytest.fixture(scope="module", autouse=True)
def _models_loaded():
    analyse._warm_up()  # lazy first loads are not what these budgets time


def _articles() -> list[Article]:
    return [Article.create("Slow report", ["The hang happens here."], language="en"),
            Article.create("Quick report", ["About 100 people were hurt on Monday."], language="en")]


def _stuck_on_first(stuck):
    real = analyse.analyse_article

    def fake(article, **kwargs):
        if article.headline == "Slow report":
            stuck()
        return real(article, **kwargs)
    return fake


@pytest.mark.parametrize("stuck", [
    lambda: time.sleep(30),                                   # a wait
    lambda: [0 for _ in iter(int, 1)],                        # a Python loop without end
    lambda: re.match(r"(a+)+$", "a" * 40 + "b"),              # catastrophic backtracking in C
], ids=["sleep", "loop", "regex"])
def test_an_article_past_its_budget_is_marked_and_the_batch_goes_on(monkeypatch, stuck):
    monkeypatch.setattr(analyse, "analyse_article", _stuck_on_first(stuck))
    started = time.perf_counter()
    slow, quick = analyse.analyse_articles(_articles(), workers=1, timeout_s=0.5)
    assert time.perf_counter() - started < 10
    assert "analysis stopped after 0.5 s" in slow.warnings[0] and not slow.quantities
    assert [q.value for q in quick.quantities] == [100.0]
    assert not any("stopped" in w for w in quick.warnings)


def test_the_timer_is_cancelled_after_each_article(monkeypatch):
    slow, quick = analyse.analyse_articles(_articles(), workers=1, timeout_s=0.3)
    time.sleep(0.6)  # a timer left running would fire here, outside any budget
    assert not slow.warnings and not quick.warnings


def test_without_a_main_thread_there_is_no_budget_but_analysis_works():
    results = []
    worker = threading.Thread(target=lambda: results.extend(
        analyse.analyse_articles(_articles()[1:], workers=1, timeout_s=0.5)))
    worker.start()
    worker.join(60)
    assert [q.value for q in results[0].quantities] == [100.0]
