"""The whole job on PostgreSQL (issue 16): the demo corpus ingested, analysed and grouped
into the same stories with the same briefs as on SQLite; the CLI and the web read it; the
story lock is a PostgreSQL advisory lock that another connection waits for. The server is
the throwaway one of conftest (Debian's postgresql), skipped where there is none."""

from __future__ import annotations

import warnings

from typer.testing import CliRunner

from newsprism import pipeline
from newsprism.cli import app
from newsprism.demo import outlet_folders
from newsprism.records import to_dict
from newsprism.store import Store

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]
DEMO_CORPUS, DEMO_TRUTH = REPO / "demo" / "corpus", REPO / "demo" / "truth"


def _partition(store: Store) -> set[frozenset[str]]:
    stories: dict[str, set[str]] = {}
    for article, story in store.story_assignments().items():
        stories.setdefault(story, set()).add(article)
    return {frozenset(v) for v in stories.values()}


def _comparable(brief: dict) -> dict:
    return {k: v for k, v in brief.items() if k not in ("generated_at",)}


def test_the_demo_on_postgresql_gives_the_stories_and_briefs_it_gives_on_sqlite(demo_store, postgres_db):
    with Store.open(postgres_db) as pg:
        assert pg.engine.dialect.name == "postgresql"
        for folder, outlet in outlet_folders(DEMO_CORPUS, DEMO_TRUTH / "sources.json"):
            pipeline.ingest_files(pg, [folder], source=outlet)
        assert pipeline.analyse_pending(pg) == demo_store.count_articles()
        pipeline.assign_pending(pg)
        assert _partition(pg) == _partition(demo_store)
        rows = {r["id"]: r for r in pg.story_rows()}
        expected = {r["id"]: r for r in demo_store.story_rows()}
        assert rows.keys() == expected.keys()  # stable ids: the same on both backends
        for story, row in rows.items():
            assert {k: row[k] for k in ("articles", "outlets", "headline")} == \
                   {k: expected[story][k] for k in ("articles", "outlets", "headline")}
            assert sorted(row["languages"].split(",")) == sorted(expected[story]["languages"].split(","))
        biggest = max(rows.values(), key=lambda r: r["articles"])["id"]
        on_pg = to_dict(pipeline.story_brief(pg, biggest, cache=False))
        on_sqlite = to_dict(pipeline.story_brief(demo_store, biggest, cache=False))
        assert _comparable(on_pg) == _comparable(on_sqlite)
        # tsvector search finds what FTS5 finds, other spellings of a name too
        assert {a.id for a, _ in pg.search("Schurakowski")} == {a.id for a, _ in demo_store.search("Schurakowski")}


def test_cli_and_web_read_a_postgresql_store(postgres_db):
    from newsprism.records import Article
    from newsprism.web import create_app

    with Store.open(postgres_db) as pg:
        pg.add_articles([Article.create("Flood in Seaview", ["The river flooded Seaview on Monday."],
                                        source="Coast Daily", language="en")])
    listed = CliRunner().invoke(app, ["articles", "--db", postgres_db, "-f", "json"], env={"NEWSPRISM_CONFIG": None})
    assert listed.exit_code == 0, listed.output
    assert "Flood in Seaview" in listed.stdout
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette nudges towards httpx2, not among the pins
        from fastapi.testclient import TestClient

        with TestClient(create_app(postgres_db), base_url="http://localhost") as c:
            assert c.get("/api/health").json()["articles"] == 1
            assert c.get("/api/search", params={"q": "flooded"}).json()[0]["headline"] == "Flood in Seaview"


def test_a_wrong_postgresql_address_is_one_line_without_the_password(postgres_server):
    bad = postgres_server.replace("newsprism@", "newsprism:s3cret@").rsplit(":", 1)[0] + ":1/nowhere"
    done = CliRunner().invoke(app, ["stories", "--db", bad], env={"NEWSPRISM_CONFIG": None})
    assert done.exit_code == 1 and "s3cret" not in done.output and "Traceback" not in done.output
    assert "cannot reach the database" in " ".join(done.output.split())
