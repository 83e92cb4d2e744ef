"""Batch work on a Dask cluster (issue 16) gives what one process gives: analyses of the
demo corpus and of real gva-dev articles, the vectors a re-clustering encodes, and every
brief, on a local cluster of two worker processes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from newsprism import pipeline
from newsprism.cli import app
from newsprism.cluster import DaskPool, connect, encode_on
from newsprism.config import load_config
from newsprism.records import to_dict
from newsprism.store import Store

REPO = Path(__file__).resolve().parents[1]
GVA = REPO.parent / "shared" / "data" / "gva-dev" / "articles.jsonl"
ONE_PROCESS = load_config(overrides={"analysis": {"workers": 1}})


@pytest.fixture(scope="module")
def client():
    with connect("local", workers=2) as c:
        yield c


def _analyses(store: Store) -> dict[str, dict]:
    ids = [a.id for a in store.iter_articles()]
    return {i: to_dict(a) for i, a in store.get_analyses(ids).items()}


def test_analysis_on_the_cluster_is_the_analysis_in_one_process(demo_store, client, tmp_path, copy_store):
    with Store.open(copy_store(demo_store, tmp_path / "copy.db")) as copy:
        n = pipeline.analyse_pending(copy, config=ONE_PROCESS, force=True, pool=DaskPool(client))
        assert n == demo_store.count_articles()
        assert _analyses(copy) == _analyses(demo_store)


def test_real_articles_analysed_and_grouped_on_the_cluster_match_one_process(client, tmp_path):
    if not GVA.exists():
        pytest.skip(f"needs the gva-dev corpus at {GVA}")
    lines = GVA.read_text(encoding="utf-8").splitlines()[:40]
    slice_ = tmp_path / "gva-slice.jsonl"
    slice_.write_text("\n".join(lines) + "\n", encoding="utf-8")
    here, there = Store.open(tmp_path / "here.db"), Store.open(tmp_path / "there.db")
    try:
        for store in (here, there):
            pipeline.ingest_files(store, [slice_], config=ONE_PROCESS)
        pipeline.analyse_and_assign(here, config=ONE_PROCESS)
        pipeline.analyse_and_assign(there, config=ONE_PROCESS, pool=DaskPool(client))
        assert len(_analyses(here)) == 40 and _analyses(here) == _analyses(there)
        assert here.story_assignments() == there.story_assignments()
    finally:
        here.close()
        there.close()


def test_vectors_encoded_on_the_cluster_are_those_encoded_here(client):
    from newsprism.stories.features import embed_texts

    texts = ["A dam collapsed above Villa Corma on Tuesday.", "Un terremoto sacudió Puerto Almagro.",
             "Police said two people were shot on Monday night."] * 30
    there = encode_on(client, texts, chunk=16)
    here = list(embed_texts(texts, threads=1))
    assert len(there) == len(texts)
    assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(here, there))


def test_brief_all_on_a_local_cluster_writes_the_briefs_of_one_process(demo_store, tmp_path, copy_store):
    db = copy_store(demo_store, tmp_path / "briefs.db")
    env = {"NEWSPRISM_CONFIG": None}
    runner = CliRunner()
    alone = runner.invoke(app, ["brief", "--all", "--db", db, "--out", str(tmp_path / "alone"), "-f", "json"], env=env)
    assert alone.exit_code == 0, alone.output
    with sqlite3.connect(db) as conn:  # built again, on the cluster, not read from the cache
        conn.execute("DELETE FROM briefs")
    spread = runner.invoke(app, ["brief", "--all", "--db", db, "--out", str(tmp_path / "spread"), "-f", "json",
                                 "--cluster", "local"], env=env)
    assert spread.exit_code == 0, spread.output
    names = sorted(p.name for p in (tmp_path / "alone").glob("s-*.json"))
    assert names and names == sorted(p.name for p in (tmp_path / "spread").glob("s-*.json"))
    for name in names:
        a, b = (json.loads((tmp_path / side / name).read_text()) for side in ("alone", "spread"))
        a.pop("generated_at"), b.pop("generated_at")
        assert a == b, name
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM briefs").fetchone()[0] == len(names)  # kept by the workers


def test_a_scheduler_that_is_not_there_is_one_line(demo_store):
    done = CliRunner().invoke(app, ["analyse", "--db", demo_store.location, "--cluster", "tcp://127.0.0.1:1"],
                              env={"NEWSPRISM_CONFIG": None})
    assert done.exit_code == 1 and "cannot reach the Dask scheduler" in " ".join(done.output.split())
