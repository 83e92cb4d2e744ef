"""The store: dedup by content, schema versioning, search, concurrent readers. Tests
taking ``store`` or ``store_location`` run on both backends, SQLite and a throwaway
PostgreSQL server (see conftest); those that open the SQLite file itself are SQLite's."""

import sqlite3
import threading

import pytest

from newsprism.errors import NotFound, StoreError
from newsprism.records import Article, Assignment
from newsprism.store import SCHEMA_VERSION, Store


def _article(n: int, **kw) -> Article:
    return Article.create(f"Headline {n}", [f"Body of article number {n}.", "Second paragraph."], language="en", **kw)


@pytest.fixture
def store(store_location):
    s = Store.open(store_location)
    yield s
    s.close()


def test_same_article_twice_is_one_article(store):
    a = _article(1, source="Outlet")
    assert store.add_articles([a]).new == [a.id]
    again = Article.create("headline  1", ["Body of article number 1.", "Second paragraph. "], language="en",
                           source="outlet")
    result = store.add_articles([again])
    assert result.new == [] and result.known == [a.id]
    assert store.count_articles() == 1


def test_same_text_from_another_outlet_is_another_article(store):
    wire = _article(1, source="Baltic Wire Service")
    reprint = _article(1, source="Harbor Times")
    assert store.add_articles([wire, reprint]).new == [wire.id, reprint.id]


def test_duplicate_within_one_batch_is_stored_once(store):
    a = _article(2)
    result = store.add_articles([a, a])
    assert result.new == [a.id] and result.known == [a.id]


def test_an_article_another_process_stores_meanwhile_is_known_not_an_error(store_location):
    """Two ingests of overlapping folders: the other one stores the same article between
    this one's "already stored?" check and its insert."""
    from sqlalchemy import event

    mine, other = Store.open(store_location), Store.open(store_location)
    shared, own = _article(7), _article(8)
    raced = []

    @event.listens_for(mine.engine, "before_cursor_execute")
    def other_process_wins(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO ARTICLES ") and not raced:
            raced.append(1)
            assert other.add_articles([shared], input_path="/other/in.txt", input_sha256="b").new == [shared.id]

    try:
        result = mine.add_articles([shared, own], input_path="/mine/in.txt", input_sha256="a")
        assert raced == [1]
        assert result.new == [own.id] and result.known == [shared.id]
        assert mine.count_articles() == 2
        assert mine.input_done("/mine/in.txt", "a") and mine.input_done("/other/in.txt", "b")
        assert {a.id for a, _ in mine.search("Headline")} == {shared.id, own.id}  # one index row each
        assert len(mine.search("Headline")) == 2
    finally:
        mine.close()
        other.close()


def test_article_round_trip_keeps_fields(store):
    a = _article(3, source="Northern Ledger", credits=["PAP"], extra={"section": "world"})
    store.add_articles([a])
    b = store.get_article(a.id[:8])
    assert (b.headline, b.paragraphs, b.source, b.credits, b.extra) == (a.headline, a.paragraphs, a.source, ["PAP"], {"section": "world"})


def test_unknown_and_ambiguous_ids(store):
    with pytest.raises(NotFound, match="no article"):
        store.get_article("ffffffff")
    a = _article(5)
    store.add_articles([a])
    assert store.get_article(a.id[:6].upper()).id == a.id  # ids read in any case, on both backends


def test_input_recorded_with_its_articles(store):
    store.add_articles([_article(4)], input_path="/x/a.txt", input_sha256="abc")
    assert store.input_done("/x/a.txt", "abc")
    assert store.input_done("/x/a.txt", "changed") is None


def test_full_text_search_is_safe_with_odd_queries(store):
    store.add_articles([_article(5), Article.create("Dam collapse in Varna", ["Water flooded the valley."])])
    hits = store.search("flooded")
    assert [a.headline for a, _ in hits] == ["Dam collapse in Varna"]
    assert store.search('") OR (*') == []


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="upgrade newsprism"):
        Store.open(path)


def test_a_version_1_store_is_migrated_and_keeps_its_articles(tmp_path):
    import numpy as np

    path = tmp_path / "old.db"
    with Store.open(path) as s:
        s.add_articles([_article(1)])
    con = sqlite3.connect(path)  # as a store of schema version 1 was: no vectors table
    con.execute("DROP TABLE vectors")
    con.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    con.commit()
    con.close()
    with Store.open(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.count_articles() == 1
        article_id = next(s.iter_articles()).id
        s.put_vectors({article_id: np.ones(4, dtype="float32")})
        assert s.get_vectors([article_id])[article_id].tolist() == [1.0] * 4


def test_a_version_3_store_keeps_its_briefs_with_their_contradictions_counted(tmp_path):
    path = tmp_path / "v3.db"
    brief = {"articles": [{"id": "a"}, {"id": "b"}],
             "facts": [{"verdict": "contradict"}, {"verdict": "agree"}, {"verdict": "contradict"}]}
    with Store.open(path) as s:
        s.put_brief("s-1", "f" * 64, brief)
    con = sqlite3.connect(path)  # as a store of schema version 3 was: briefs without the counts
    con.execute("ALTER TABLE briefs DROP COLUMN contradictions")
    con.execute("ALTER TABLE briefs DROP COLUMN articles")
    con.execute("UPDATE meta SET value='3' WHERE key='schema_version'")
    con.commit()
    con.close()
    with Store.open(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.get_brief("s-1", "f" * 64) == brief
    con = sqlite3.connect(path)
    assert con.execute("SELECT contradictions, articles FROM briefs").fetchall() == [(2, 2)]
    con.close()


def test_not_a_store_is_a_clear_error(tmp_path):
    bad = tmp_path / "junk.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        Store.open(bad)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nowhere" / "s.db")


def test_wal_mode_and_concurrent_reader(tmp_path):
    path = tmp_path / "c.db"
    writer = Store.open(path)
    reader = Store.open(path)
    with writer.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    counts = []
    errors = []

    def read():
        try:
            for _ in range(20):
                counts.append(reader.count_articles())
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    t = threading.Thread(target=read)
    t.start()
    for i in range(40):
        writer.add_articles([_article(100 + i)])
    t.join()
    assert not errors
    assert counts == sorted(counts)  # a reader never sees a count go backwards
    assert reader.count_articles() == 40
    writer.close()
    reader.close()


def test_story_rows_sort_and_filter(store):
    from datetime import datetime

    def art(n, source, language, day):
        return Article.create(f"Story headline {n}", [f"Body {n}."], language=language, source=source,
                              published=datetime(2025, 3, day, 12))

    big = [art(1, "Harbor Times", "en", 1), art(2, "Diario Sur", "es", 2), art(3, "Harbor Times", "en", 3)]
    late = [art(4, "Coast Daily", "en", 20)]
    mid = [art(5, "Diario Sur", "es", 10), art(6, "Coast Daily", "en", 11)]
    store.add_articles(big + late + mid)
    store.save_assignments(
        [Assignment(a.id, sid, 1.0, i == 0) for sid, group in (("s-big", big), ("s-late", late), ("s-mid", mid))
         for i, a in enumerate(group)], {})
    ids = lambda **kw: [r["id"] for r in store.story_rows(**kw)]  # noqa: E731
    assert ids() == ["s-big", "s-mid", "s-late"]  # most articles first
    assert ids(sort="newest") == ["s-late", "s-mid", "s-big"]
    assert ids(sort="oldest") == ["s-big", "s-mid", "s-late"]
    assert ids(outlet="harbor times") == ["s-big"]  # any member from the outlet, any case
    assert ids(language="es") == ["s-big", "s-mid"]
    assert ids(since=datetime(2025, 3, 10)) == ["s-mid", "s-late"]  # reported on or after
    assert ids(until=datetime(2025, 3, 5)) == ["s-big"]
    assert ids(since=datetime(2025, 3, 4), until=datetime(2025, 3, 15)) == ["s-mid"]
    assert store.story_rows()[0]["recent"] == 3  # all ingested just now
    assert ids(words="Body 5") == ["s-mid"] and ids(words="Body", sort="newest") == ["s-late", "s-mid", "s-big"]
    assert ids(words="nowhere") == []
    with pytest.raises(ValueError, match="sort 'largest'"):
        store.story_rows(sort="largest")


def test_search_finds_other_spellings_of_a_name(store):
    texts = {"a": "Opposition leader Zhurakovsky refused to concede.", "b": "Zhurakovskiy refused to concede.",
             "c": "Der Oppositionsführer Schurakowski räumte die Niederlage nicht ein.",
             "d": "The president met a resident of the town.", "e": "Khovaev and Chovayev are one man."}
    stored = {k: Article.create(f"Story {k}", [t], language="en") for k, t in texts.items()}
    store.add_articles(list(stored.values()))
    found = lambda q, **kw: {a.id for a, _ in store.search(q, **kw)}  # noqa: E731
    ids = {k: a.id for k, a in stored.items()}
    assert found("Zhurakovsky", variants=False) == {ids["a"]}
    assert found("Zhurakovsky") == found("Zhurakovskiy") == found("schurakowski") == {ids["a"], ids["b"], ids["c"]}
    assert set(store.spelling_variants("Zhurakovsky")["Zhurakovsky"]) == {"zhurakovskiy", "schurakowski"}
    assert "chovayev" in store.spelling_variants("Khovaev")["Khovaev"]
    assert store.spelling_variants("president") == {}  # "resident" is another word, not a spelling
    assert found("president refused") == set()  # every word still has to match
    assert found('"refused to concede" Zhurakovskiy') == {ids["a"], ids["b"]}
    later = Article.create("Story f", ["Zhourakovski left the country."], language="en")
    store.add_articles([later])  # a spelling first stored after the searches above
    assert "zhourakovski" in store.spelling_variants("Zhurakovsky")["Zhurakovsky"]
    assert later.id in found("Zhurakovsky")


def test_search_ignores_accents_on_both_backends(store):
    sao = Article.create("Flood in São Paulo", ["Heavy rain flooded São Paulo and Zürich's twin city."],
                         language="en")
    store.add_articles([sao])
    for query in ("Sao Paulo", "são paulo", '"sao paulo"', "Zurich's", "zürich"):
        assert [a.id for a, _ in store.search(query)] == [sao.id], query


def test_story_merge_and_split_are_logged(store):
    a, b, c = _article(7), _article(8), _article(9)
    store.add_articles([a, b, c])
    store.save_assignments([Assignment(a.id, "s-a", 1.0, True), Assignment(b.id, "s-b", 1.0, True),
                            Assignment(c.id, "s-b", 0.5, False)], {x.id: x.headline for x in (a, b, c)})
    assert store.merge_stories("s-a", ["s-b"]) == 2
    assert set(store.story_assignments().values()) == {"s-a"}
    assert store.split_story("s-a", [c.id], "s-c", "split off") == 1
    assert [e["action"] for e in store.story_log()] == ["merge", "split"]
    assert {r["id"] for r in store.story_rows()} == {"s-a", "s-c"}


def test_saving_analyses_replaces_earlier_ones_in_one_batch(store):
    from newsprism.records import Analysis

    a, b = _article(1), _article(2)
    store.add_articles([a, b])
    assert store.save_analyses([Analysis(a.id, "v1", "en"), Analysis(b.id, "v1", "en")]) == 2
    # a re-analysis replaces the earlier one; an article given twice keeps its last analysis
    assert store.save_analyses([Analysis(a.id, "v2", "en", warnings=["first"]),
                                Analysis(a.id, "v2", "en", warnings=["last"])]) == 1
    found = store.get_analyses([a.id, b.id])
    assert (found[a.id].version, found[a.id].warnings, found[b.id].version) == ("v2", ["last"], "v1")
    assert store.articles_needing_analysis("v2") == [b.id]
    assert store.save_analyses([]) == 0


def test_the_story_lock_holds_across_connections(store_location):
    """A lock file (filelock) beside an SQLite store, an advisory lock in PostgreSQL."""
    import time

    first, second = Store.open(store_location), Store.open(store_location)
    order: list[str] = []
    def wait_for_the_lock() -> None:
        with second.exclusive("assign"):
            order.append("second")

    try:
        with first.exclusive("assign"):
            waiter = threading.Thread(target=wait_for_the_lock)
            waiter.start()
            time.sleep(0.5)
            order.append("first done")
        waiter.join(10)
        assert order == ["first done", "second"]  # the second waited for the first
    finally:
        first.close()
        second.close()


def test_a_store_from_before_alembic_is_stamped_and_upgraded(tmp_path):
    path = tmp_path / "pre-alembic.db"
    with Store.open(path) as s:
        s.add_articles([_article(3)])
    con = sqlite3.connect(path)  # as schema 4 was written, before alembic kept the record
    con.execute("DROP TABLE alembic_version")
    con.execute("UPDATE meta SET value='4' WHERE key='schema_version'")
    con.commit()
    con.close()
    with Store.open(path) as s:
        assert s.schema_version == SCHEMA_VERSION and s.count_articles() == 1
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(f"{SCHEMA_VERSION:04d}",)]
    con.close()


def test_a_store_at_the_current_schema_opens_without_importing_alembic(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "s.db"
    Store.open(path).close()
    code = ("import sys; from newsprism.store import Store; Store.open(sys.argv[1]).close(); "
            "print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
