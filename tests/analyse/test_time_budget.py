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


def _in_a_thread(function):
    out: list = []
    errors: list = []

    def run():
        try:
            out.append(function())
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever escaped
            errors.append(exc)
    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    assert not worker.is_alive() and not errors, errors
    return out[0]


def test_a_thread_that_is_not_the_main_one_has_a_budget_too(monkeypatch):
    """A web server's upload thread or a Dask worker's: a Python loop without end is
    stopped and the next article is analysed."""
    monkeypatch.setattr(analyse, "analyse_article", _stuck_on_first(lambda: [0 for _ in iter(int, 1)]))
    started = time.perf_counter()
    slow, quick = _in_a_thread(lambda: list(analyse.analyse_articles(_articles(), workers=1, timeout_s=0.5)))
    assert time.perf_counter() - started < 10
    assert "analysis stopped after 0.5 s" in slow.warnings[0]
    assert [q.value for q in quick.quantities] == [100.0] and not quick.warnings


def test_a_thread_budget_never_fires_after_its_article(monkeypatch):
    def many():
        done = []
        for _ in range(200):  # budgets that end just as their work does
            with analyse._time_budget(0.002):
                sum(range(2000))
            done.append(1)
        time.sleep(0.1)  # a stray exception would be raised in here
        return len(done)
    assert _in_a_thread(many) == 200
