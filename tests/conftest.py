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


def _postgres_bin() -> Path | None:
    import shutil

    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server from Debian's postgresql package (make test installs
    it with apt where it can), on a free local port, trusted local logins, no fsync; its
    base URL without a database. Skips, saying why, where there is none."""
    import os
    import shutil
    import socket
    import subprocess

    binaries = _postgres_bin()
    if binaries is None:
        pytest.skip("PostgreSQL store tests: Debian's postgresql is not installed (make test installs it with "
                    "apt where it can: see tests/install-system-packages.sh)")
    import tempfile

    # not under pytest's own temporary folder: that one is closed to other users
    root = Path(tempfile.mkdtemp(prefix="newsprism-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as the package's own user
        if shutil.which("runuser") is None:
            pytest.skip("PostgreSQL store tests: running as root without runuser to start the server as postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = root / "data"
    init = subprocess.run([*as_user, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "newsprism",
                           "-E", "UTF8", "--locale=C.UTF-8"], capture_output=True, text=True)
    if init.returncode != 0:
        pytest.skip(f"PostgreSQL store tests: initdb failed ({init.stderr.strip()[-300:]})")
    start = subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w",
                            "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                                  "-c synchronous_commit=off -c full_page_writes=off", "start"],
                           capture_output=True, text=True)
    if start.returncode != 0:
        pytest.skip(f"PostgreSQL store tests: the server did not start ({start.stderr.strip()[-300:]})")
    try:
        yield f"postgresql://newsprism@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_db(postgres_server):
    """A new empty database on the throwaway server; its URL."""
    import uuid

    import psycopg

    name = f"np_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield f"{postgres_server}/{name}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path):
    """Where a store lives, once per backend: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return request.getfixturevalue("postgres_db")
