"""Shared fixtures: paths to the repository's demo corpus and the shared gold data, and
one analysed store of the demo corpus per test session (analysis takes ~30 s)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO_CORPUS = REPO / "demo" / "corpus"
DEMO_TRUTH = REPO / "demo" / "truth"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def demo_truth() -> dict:
    return json.loads((DEMO_TRUTH / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """The demo corpus ingested, analysed and grouped into stories, as ``make demo`` does."""
    from newsprism import pipeline
    from newsprism.demo import outlet_folders
    from newsprism.store import Store

    store = Store.open(tmp_path_factory.mktemp("demo") / "demo.db")
    for folder, outlet in outlet_folders(DEMO_CORPUS, DEMO_TRUTH / "sources.json"):
        pipeline.ingest_files(store, [folder], source=outlet)
    pipeline.analyse_pending(store)
    pipeline.assign_pending(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_articles(demo_store) -> dict:
    """Demo articles by headline, with their analyses: {headline: (article, analysis)}."""
    articles = list(demo_store.iter_articles())
    analyses = demo_store.get_analyses([a.id for a in articles])
    return {a.headline: (a, analyses[a.id]) for a in articles}


# ---------------------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server from Debian's postgresql package (make test installs
    it with apt where it can; see newsprism.throwaway_postgres); its base URL. Skips,
    saying why, where there is none."""
    from newsprism.throwaway_postgres import Unavailable, throwaway_server

    try:
        server = throwaway_server()
        url = server.__enter__()
    except Unavailable as exc:
        pytest.skip(f"PostgreSQL store tests: {exc} (make test installs it with apt where it can: "
                    "see tests/install-system-packages.sh)")
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


@pytest.fixture
def postgres_db(postgres_server):
    """A new empty database on the throwaway server; its URL."""
    from newsprism.throwaway_postgres import drop_database, new_database

    url = new_database(postgres_server)
    yield url
    drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path):
    """Where a store lives, once per backend: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return request.getfixturevalue("postgres_db")


def _sqlite_copy(store, target: Path) -> str:
    import sqlite3

    source, copy = sqlite3.connect(store.location), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return str(target)


@pytest.fixture(scope="session")
def copy_store():
    """copy_store(store, path) -> path: an SQLite store copied to a new file (SQLite's
    backup API), so a test can change its copy and never the shared one."""
    return _sqlite_copy
