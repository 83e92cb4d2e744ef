"""The web UI and JSON API against a small store built by hand: response shapes and
status codes, 404s that name the id, the CLI's story rows, briefs with facts, the
Content-Security-Policy header, and article text that tries to inject markup."""

from __future__ import annotations

import json
import warnings
from datetime import datetime

import pytest

from newsprism import pipeline
from newsprism.config import load_config
from newsprism.records import Article
from newsprism.store import SCHEMA_VERSION, Store
from newsprism.web import CONTENT_SECURITY_POLICY, create_app

with warnings.catch_warnings():
    # Starlette nudges towards httpx2, which is not among the pinned dependencies.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_ESCAPED = "&gt;&lt;img src=x onerror=alert(1)&gt;"

# Small and deterministic: one process, no sentence vectors.
CONFIG = load_config(overrides={"analysis": {"workers": 1}, "stories": {"use_embeddings": False, "threshold": 0.25}})

QUAKE_A = Article.create(
    "Earthquake kills 12 in Turkish city of Izmir",
    ["An earthquake killed 12 people in Izmir on Monday, officials said.",
     '"We are searching the rubble," said Mayor Tunc Soyer, according to Reuters.'],
    source="Outlet A", published=datetime(2023, 10, 2, 9), language="en", url="https://a.example/quake")
QUAKE_B = Article.create(
    "Izmir earthquake death toll rises to 15",
    ["At least 15 people died when an earthquake struck Izmir on Monday, Mayor Tunc Soyer told Reuters.",
     "Rescuers worked through the night."],
    source="Outlet B", published=datetime(2023, 10, 2, 15), language="en")
HOSTILE = Article.create(
    f"{SCRIPT} Parliament delays budget vote {IMG}",
    [f"{IMG} Parliament delayed the budget vote by two weeks, Prime Minister Jan Novak said on Tuesday.",
     f"Opposition leaders called the delay {SCRIPT} a disgrace."],
    source="Outlet <b>C</b>", published=datetime(2023, 10, 3, 8), language="en", url="javascript:alert(1)")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "web.db"
    store = Store.open(path)
    store.add_articles([QUAKE_A, QUAKE_B, HOSTILE])
    assert pipeline.analyse_pending(store, config=CONFIG) == 3
    assert pipeline.assign_pending(store, config=CONFIG) == 3
    store.close()
    return str(path)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db, CONFIG), base_url="http://localhost") as c:
        yield c


@pytest.fixture(scope="module")
def quake_story(client) -> str:
    story = client.get(f"/api/articles/{QUAKE_A.id}").json()["story"]
    assert story and story == client.get(f"/api/articles/{QUAKE_B.id}").json()["story"]
    return story


@pytest.fixture(scope="module")
def hostile_story(client) -> str:
    return client.get(f"/api/articles/{HOSTILE.id}").json()["story"]


# ---------------------------------------------------------------------------- JSON API


def test_health_counts_the_store(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["schema_version"] == SCHEMA_VERSION
    assert (body["articles"], body["stories"]) == (3, 2)


def test_articles_list_shape_and_filters(client, quake_story):
    r = client.get("/api/articles")
    assert r.status_code == 200
    rows = r.json()
    assert [a["id"] for a in rows] == [QUAKE_A.id, QUAKE_B.id, HOSTILE.id]
    assert set(rows[0]) == {"id", "headline", "source", "published", "language", "url", "story"}
    assert rows[0]["published"] == "2023-10-02T09:00:00" and rows[0]["story"] == quake_story

    def ids(query: str) -> list[str]:
        resp = client.get(f"/api/articles?{query}")
        assert resp.status_code == 200, resp.text
        return [a["id"] for a in resp.json()]

    assert ids("source=outlet%20b") == [QUAKE_B.id]
    assert ids("language=fr") == []
    assert ids("since=2023-10-03") == [HOSTILE.id]
    # a bare date as `until` includes that whole day
    assert ids("until=2023-10-02") == [QUAKE_A.id, QUAKE_B.id]
    assert ids("until=2023-10-02T12:00:00") == [QUAKE_A.id]
    assert ids("limit=1&offset=1") == [QUAKE_B.id]


@pytest.mark.parametrize("query", ["limit=0", "limit=abc", "offset=-1", "since=yesterday", "until=2023-13-45"])
def test_articles_bad_parameters_are_422(client, query):
    r = client.get(f"/api/articles?{query}")
    assert r.status_code == 422
    assert isinstance(r.json()["detail"], list)


def test_article_detail_has_analysis_and_story(client, quake_story):
    r = client.get(f"/api/articles/{QUAKE_A.id[:8]}")  # a prefix is enough, as on the CLI
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"article", "text", "story", "analysis"}
    assert body["article"]["id"] == QUAKE_A.id and body["story"] == quake_story
    assert body["text"] == QUAKE_A.full_text
    analysis = body["analysis"]
    assert analysis["article_id"] == QUAKE_A.id
    mentions = {e["text"] for e in analysis["entities"]}
    assert "Tunc Soyer" in mentions
    assert any(q["value"] == 12 for q in analysis["quantities"])
    for e in analysis["entities"]:
        assert body["text"][e["start"]:e["end"]] == e["text"]


@pytest.mark.parametrize("path, what", [("/api/articles/ffffffffffff", "article"),
                                        ("/api/articles/%25%25%25%25", "article"),
                                        ("/api/stories/s-000000000000", "story"),
                                        ("/api/stories/nope/brief", "story")])
def test_unknown_ids_are_404_naming_the_id(client, path, what):
    r = client.get(path)
    assert r.status_code == 404
    detail = r.json()["detail"]
    assert what in detail
    wanted = path.split("/")[3].replace("%25", "%")
    assert repr(wanted) in detail


def test_search_finds_and_marks(client, quake_story):
    r = client.get("/api/search", params={"q": "rubble"})
    assert r.status_code == 200
    hits = r.json()
    assert [h["id"] for h in hits] == [QUAKE_A.id]
    assert set(hits[0]) == {"id", "headline", "source", "published", "snippet", "story"}
    assert "[rubble]" in hits[0]["snippet"] and hits[0]["story"] == quake_story
    assert client.get("/api/search", params={"q": "no-such-word-anywhere"}).json() == []
    # FTS syntax in user input must not break the query
    assert client.get("/api/search", params={"q": 'Izmir" OR *'}).status_code == 200


def test_search_without_query_is_422(client):
    assert client.get("/api/search").status_code == 422
    assert client.get("/api/search?q=").status_code == 422


def test_stories_are_the_cli_rows(client, db):
    from typer.testing import CliRunner

    from newsprism.cli import app

    r = client.get("/api/stories")
    assert r.status_code == 200
    cli = CliRunner().invoke(app, ["stories", "--db", db, "-f", "json"], env={"NEWSPRISM_CONFIG": None})
    assert cli.exit_code == 0, cli.output
    assert r.json() == json.loads(cli.stdout)
    assert [s["articles"] for s in r.json()] == [2, 1]
    assert client.get("/api/stories?limit=1&offset=1").json() == r.json()[1:]


def test_story_members_carry_evidence(client, quake_story):
    r = client.get(f"/api/stories/{quake_story}")
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == quake_story and body["headline"] == QUAKE_A.headline
    members = body["members"]
    assert [m["article_id"] for m in members] == [QUAKE_A.id, QUAKE_B.id]
    first, joined = members
    assert first["new_story"] is True and joined["new_story"] is False
    assert isinstance(joined["evidence"], dict) and joined["evidence"]
    assert 0 < joined["score"] <= 1 and joined["method"] == "online"


def test_brief_has_facts_and_entities(client, quake_story):
    r = client.get(f"/api/stories/{quake_story}/brief")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    brief = r.json()
    assert brief["schema"] == "newsprism.brief/1" and brief["story_id"] == quake_story
    assert {a["id"] for a in brief["articles"]} == {QUAKE_A.id, QUAKE_B.id}
    assert brief["facts"] and brief["entities"]
    assert any(e["canonical"] == "Tunc Soyer" for e in brief["entities"])
    # 12 dead at 09:00, at least 15 at 15:00: the newer report raises the toll
    [dead] = [f for f in brief["facts"] if f["type"] == "count" and f["about"] == "dead"]
    assert dead["verdict"] == "update" and "Outlet B" in dead["explanation"]


def test_openapi_documents_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/articles", "/api/articles/{article_id}", "/api/search", "/api/stories", "/api/stories/{story_id}",
            "/api/stories/{story_id}/brief", "/api/health"} <= set(paths)
    assert "/" not in paths  # HTML pages are not API


def test_docs_is_an_offline_page_listing_every_endpoint(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        for method in operations:
            assert f"{method.upper()} {path}</code>" in page.text
    assert "<script" not in page.text and "cdn" not in page.text.lower()  # nothing loaded from elsewhere
    assert "Published on or before" in page.text  # parameter descriptions come along
    assert '<a href="/docs">API</a>' in client.get("/").text  # the index's link now leads somewhere


@pytest.mark.parametrize("address, status, says", [
    ("/?offset=-1", 400, "offset: Input should be greater than or equal to 0"),
    ("/?offset=many", 400, "offset: Input should be a valid integer"),
    ("/search?q=" + "x" * 600, 400, "q: String should have at most 500 characters"),
    ("/no/such/page", 404, "There is no page at this address."),
    ("/stories/s-ffffffffffff", 404, "no story"),
])
def test_pages_answer_errors_with_a_page(client, address, status, says):
    r = client.get(address)
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    assert says in r.text and '<a href="/">' in r.text


def test_story_list_sorts_and_filters_in_the_page_and_the_api(client):
    api = client.get("/api/stories", params={"outlet": "outlet b"}).json()
    assert [r["headline"] for r in api] and all("Izmir" in r["headline"] or "Earthquake" in r["headline"] for r in api)
    newest = client.get("/api/stories", params={"sort": "newest"}).json()
    assert [r["last_seen"] for r in newest] == sorted((r["last_seen"] for r in newest), reverse=True)
    assert client.get("/api/stories", params={"until": "2023-10-02"}).json()  # a bare date is the whole day
    assert client.get("/api/stories", params={"since": "2023-10-04"}).json() == []
    assert client.get("/api/stories", params={"sort": "largest"}).status_code == 422
    page = client.get("/", params={"outlet": "Outlet B", "sort": "newest"})
    assert page.status_code == 200 and "1 matching story from" in page.text
    assert '<option value="newest" selected>' in page.text and 'value="Outlet B"' in page.text
    assert "Parliament delays budget vote" not in page.text  # another outlet's story
    empty = client.get("/", params={"language": "xx"})
    assert "No story matches these filters." in empty.text
    soyer = client.get("/", params={"q": "Soier"})  # words, with other spellings of names
    assert "Earthquake" in soyer.text or "Izmir" in soyer.text
    assert "Parliament delays budget vote" not in soyer.text
    assert [r["headline"] for r in client.get("/api/stories", params={"q": "budget vote"}).json()] == [
        HOSTILE.headline]
    hostile = client.get("/", params={"outlet": SCRIPT})
    assert SCRIPT not in hostile.text and SCRIPT_ESCAPED in hostile.text  # echoed in the form, escaped


def test_search_page_says_which_other_spellings_it_searched(client):
    page = client.get("/search", params={"q": "Soyer"})
    assert page.status_code == 200 and "article" in page.text
    misspelt = client.get("/search", params={"q": "Soier"})  # one letter off, reads alike
    assert "other spellings in the store searched too: soyer" in misspelt.text
    assert misspelt.text.count('class="headline"') == page.text.count('class="headline"') > 0


def test_entity_page_and_api_gather_one_name_across_the_store(client, quake_story):
    page = client.get("/entities", params={"name": "Soier"})  # another spelling finds it
    assert page.status_code == 200
    assert "Tunc Soyer" in page.text and f'href="/stories/{quake_story}"' in page.text
    assert "We are searching the rubble" in page.text  # what he is quoted saying
    data = client.get("/api/entities", params={"name": "Tunc Soyer"}).json()
    assert data["articles"] == 2 and {o["outlet"] for o in data["outlets"]} == {"Outlet A", "Outlet B"}
    assert [st["id"] for st in data["stories"]] == [quake_story]
    assert any(sp["text"] == "Tunc Soyer" for sp in data["spellings"])
    assert client.get("/api/entities", params={"name": "Nobody Atall"}).json()["articles"] == 0
    assert client.get("/api/entities").status_code == 422
    assert client.get("/api/entities", params={"name": "x" * 300}).status_code == 422
    hostile = client.get("/entities", params={"name": SCRIPT})
    assert SCRIPT not in hostile.text and SCRIPT_ESCAPED in hostile.text
    article = client.get(f"/articles/{QUAKE_A.id}")
    assert 'href="/entities?name=Tunc%20Soyer"' in article.text  # entities lead to their page


def test_side_by_side_aligns_two_articles_and_marks_their_facts(client, quake_story):
    page = client.get(f"/stories/{quake_story}/compare")
    assert page.status_code == 200
    assert f'href="/articles/{QUAKE_A.id}"' in page.text and f'href="/articles/{QUAKE_B.id}"' in page.text
    # 12 dead in the first report, at least 15 in the later one: the toll is revised
    assert '<mark class="m-update" title="dead">12</mark>' in page.text  # in the headline: kills 12
    assert '<mark class="m-update" title="dead">15</mark>' in page.text
    assert "The later report revises</b>: dead" in page.text
    assert 'class="m-shared"' in page.text  # Izmir, Monday, the mayor: both give them
    swapped = client.get(f"/stories/{quake_story}/compare", params={"a": QUAKE_B.id[:8], "b": QUAKE_A.id[:8]})
    head = swapped.text[swapped.text.index("<thead>"):swapped.text.index("</thead>")]
    assert head.index(f"/articles/{QUAKE_B.id}") < head.index(f"/articles/{QUAKE_A.id}")
    assert client.get(f"/stories/{quake_story}/compare", params={"a": HOSTILE.id}).status_code == 404  # not a member
    assert client.get(f"/stories/{quake_story}/compare", params={"a": "x" * 100}).status_code == 400
    assert f"/stories/{quake_story}/compare" in client.get(f"/stories/{quake_story}").text  # linked from the story


def test_post_ingest_stores_analyses_and_assigns_an_uploaded_file(tmp_path):
    path = _quake_store(tmp_path)
    follow_up = {"title": "Izmir earthquake toll climbs as rescuers search rubble",
                 "text": "The earthquake that struck Izmir on Monday killed at least 15 people, Mayor Tunc Soyer said, "
                         "as rescuers searched the rubble of collapsed buildings.",
                 "source": "Outlet D", "date": "2023-10-02T20:00:00"}
    with TestClient(create_app(str(path), CONFIG), base_url="http://localhost") as c:
        quake = c.get(f"/api/articles/{QUAKE_A.id}").json()["story"]
        body = (json.dumps(follow_up) + "\n").encode()
        r = c.post("/api/ingest", params={"filename": "wire.jsonl"}, content=body)
        assert r.status_code == 200, r.text
        data = r.json()
        assert data["new"] == 1 and data["analysed"] == 1 and data["assigned"] == 1
        [article] = data["articles"]
        assert article["story"] == quake  # the follow-up joins its story
        assert c.get(f"/api/articles/{article['id']}").json()["article"]["source"] == "Outlet D"
        again = c.post("/api/ingest", params={"filename": "wire.jsonl"}, content=body).json()
        assert again["new"] == 0 and again["known"] == 1  # no duplicate
        bad = c.post("/api/ingest", params={"filename": "bad.jsonl"}, content=b"{not json\n")
        assert bad.status_code == 422 and "bad.jsonl [record 0]: not valid JSON" in bad.json()["detail"]
        assert c.post("/api/ingest", params={"filename": "x.txt"}, content=b"").status_code == 400
        assert c.post("/api/ingest", params={"filename": "../"}, content=b"text").status_code == 400
        assert c.post("/api/ingest", content=b"text").status_code == 422  # no file name
        big = load_config(overrides={**CONFIG, "ingest": {**CONFIG["ingest"], "max_file_mb": 0.001}})
    with TestClient(create_app(str(path), big), base_url="http://localhost") as c:
        r = c.post("/api/ingest", params={"filename": "big.txt"}, content=b"x" * 5000)
        assert r.status_code == 413 and "limit" in r.json()["detail"]


def test_the_api_still_answers_errors_in_json(client):
    r = client.get("/api/stories?limit=0")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "limit"]
    r = client.get("/api/no/such")
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}


# ---------------------------------------------------------------------------- HTML pages


def test_pages_carry_the_content_security_policy(client, quake_story):
    for path in ["/", f"/stories/{quake_story}", f"/articles/{QUAKE_A.id}", "/search?q=Izmir", "/api/health",
                 "/stories/s-000000000000"]:
        r = client.get(path)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert r.headers["x-content-type-options"] == "nosniff"


def test_index_lists_stories_with_a_search_form(client, quake_story, hostile_story):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert f'href="/stories/{quake_story}"' in html and f'href="/stories/{hostile_story}"' in html
    assert QUAKE_A.headline in html
    assert '<form class="search" method="get" action="/search"' in html and 'name="q"' in html
    assert 'name="viewport"' in html
    assert "<script" not in html.lower() and "http://" not in html and "https://" not in html


def test_story_page_is_the_brief_with_a_way_back(client, quake_story):
    r = client.get(f"/stories/{quake_story}")
    assert r.status_code == 200
    html = r.text
    assert '<a href="/">' in html
    assert "Where the outlets disagree" in html and "The event" in html and "update" in html
    assert f'href="/articles/{QUAKE_A.id}"' in html


def test_article_page_shows_analysis_tables(client, quake_story):
    r = client.get(f"/articles/{QUAKE_A.id}")
    assert r.status_code == 200
    html = r.text
    for heading in ["Entities", "Dates and times", "Numbers", "Quotes and reported speech", "Citations"]:
        assert f"<h2>{heading}" in html
    assert "<td>Tunc Soyer</td>" in html
    assert f'href="/stories/{quake_story}"' in html
    assert 'href="https://a.example/quake"' in html


def test_article_page_marks_what_the_analysis_found_in_the_text(client):
    import html as html_module
    import re

    html = client.get(f"/articles/{QUAKE_A.id}").text
    marks = {(k, t) for k, t in re.findall(r'<mark class="k-(\w+)" title="[^"]*">([^<]*)</mark>', html)}
    assert ("entity", "Izmir") in marks and ("date", "Monday") in marks
    assert any(k == "number" and "12" in t for k, t in marks)
    assert any(k == "quote" and "searching the rubble" in t for k, t in marks)
    assert any(k == "speaker" and "Soyer" in t for k, t in marks)
    body = html.split('<div class="body marked">', 1)[1].split("</div>", 1)[0]
    assert html_module.unescape(re.sub(r"<[^>]+>", "", body)).split() == QUAKE_A.full_text.split()  # all of it, once
    hostile = client.get(f"/articles/{HOSTILE.id}").text
    assert SCRIPT not in hostile and "onerror=alert(1)>" not in hostile.replace("&gt;", "")


def test_search_page_marks_matches(client):
    r = client.get("/search", params={"q": "rubble"})
    assert r.status_code == 200
    assert "<mark>rubble</mark>" in r.text and f'href="/articles/{QUAKE_A.id}"' in r.text
    assert client.get("/search").status_code == 200  # the empty form


def test_unknown_ids_on_pages_are_html_404(client):
    for path, wanted in [("/stories/s-000000000000", "s-000000000000"), ("/articles/ffffffffffff", "ffffffffffff")]:
        r = client.get(path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        assert wanted in r.text


def _assert_escaped(html: str) -> None:
    assert SCRIPT not in html
    assert "<img" not in html
    assert "onerror=alert(1)>" not in html
    assert "<b>C</b>" not in html
    assert SCRIPT_ESCAPED in html


def test_hostile_text_is_escaped_on_every_page(client, hostile_story):
    index = client.get("/").text
    _assert_escaped(index)
    assert IMG_ESCAPED in index  # the headline carries both payloads

    story = client.get(f"/stories/{hostile_story}").text
    _assert_escaped(story)
    assert IMG_ESCAPED in story

    article = client.get(f"/articles/{HOSTILE.id}").text
    _assert_escaped(article)
    assert article.count(IMG_ESCAPED) >= 2  # headline and first paragraph
    assert "Outlet &lt;b&gt;C&lt;/b&gt;" in article
    assert 'href="javascript:' not in article  # a non-web URL is shown, not linked

    search = client.get("/search", params={"q": "disgrace"}).text
    _assert_escaped(search)
    assert IMG_ESCAPED in search

    # the query itself is echoed back escaped too
    echoed = client.get("/search", params={"q": IMG}).text
    assert "<img" not in echoed and IMG_ESCAPED in echoed


# ---------------------------------------------------------------------------- the upload form


def _wait_for_upload(c, address: str, rounds: int = 600) -> str:
    """The upload page once its work is done (it refreshes itself while it runs)."""
    import time

    for _ in range(rounds):
        page = c.get(address)
        assert page.status_code == 200, page.text
        if 'http-equiv="refresh"' not in page.text:
            return page.text
        time.sleep(0.1)
    raise AssertionError(f"{address} still running")


def _quake_store(tmp_path) -> str:
    path = tmp_path / "up.db"
    store = Store.open(path)
    store.add_articles([QUAKE_A, QUAKE_B])
    pipeline.analyse_pending(store, config=CONFIG)
    pipeline.assign_pending(store, config=CONFIG)
    store.close()
    return str(path)


FOLLOW_UP = ("Izmir earthquake toll climbs as rescuers search rubble\n\n"
             "The earthquake that struck Izmir on Monday killed at least 15 people, Mayor Tunc Soyer said, "
             "as rescuers searched the rubble of collapsed buildings.\n")


def test_upload_form_ingests_in_the_background_and_shows_where_articles_went(tmp_path):
    path = _quake_store(tmp_path)
    with TestClient(create_app(path, CONFIG), base_url="http://localhost") as c:
        form = c.get("/upload")
        assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
        assert 'href="/upload"' in c.get("/").text  # reachable from the list
        quake = c.get(f"/api/articles/{QUAKE_A.id}").json()["story"]
        r = c.post("/upload", files=[("files", ("follow-up.txt", FOLLOW_UP.encode(), "text/plain")),
                                     ("files", ("follow-up.txt", b"", "text/plain"))][:1],
                   data={"source": "Outlet D"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/uploads/")
        done = _wait_for_upload(c, r.headers["location"])
        assert "1 new article, 0 already known, 0 rejected; 1 analysed, 1 assigned to stories." in done
        assert f'href="/stories/{quake}"' in done and "3 articles" in done  # it joined the quake story
        assert "Outlet D" in done
        # the story it joined was compared: the list shows that story's contradictions, if any
        row = next(s for s in c.get("/api/stories").json() if s["id"] == quake)
        assert row["articles"] == 3 and row["contradictions"] is not None
        again = c.post("/upload", files=[("files", ("same.txt", FOLLOW_UP.encode(), "text/plain"))],
                       data={"source": "Outlet D"})
        assert "0 new articles, 1 already known" in _wait_for_upload(c, str(again.url.path))


def test_upload_form_names_each_problem(tmp_path):
    path = _quake_store(tmp_path)
    with TestClient(create_app(path, CONFIG), base_url="http://localhost") as c:
        nothing = c.post("/upload", data={"source": "x"}, files=[("files", ("", b"", "application/octet-stream"))])
        assert nothing.status_code == 400 and "no file chosen" in nothing.text
        empty = c.post("/upload", files=[("files", ("empty.txt", b"", "text/plain"))])
        assert empty.status_code == 400 and "empty.txt: empty file" in empty.text
        broken = c.post("/upload", content=b"--x\r\nnot a part", headers={"content-type": "multipart/form-data; boundary=x"})
        assert 400 <= broken.status_code < 500 and "Traceback" not in broken.text
        bad = c.post("/upload", files=[("files", ("bad.jsonl", b"{not json\n", "application/json"))])
        page = _wait_for_upload(c, str(bad.url.path))
        assert "1 rejected" in page and "bad.jsonl" in page and "not valid JSON" in page
        assert "newsprism-upload-" not in page  # the temporary folder is not shown
        hostile = c.post("/upload", files=[("files", (f"{SCRIPT}.txt", b"x", "text/plain"))],
                         data={"source": SCRIPT})
        page = _wait_for_upload(c, str(hostile.url.path))
        assert SCRIPT not in page and SCRIPT_ESCAPED in page
        assert c.get("/uploads/0123456789abcdef").status_code == 404
        assert c.get("/uploads/..%2f..%2fetc").status_code in (400, 404)
    small = load_config(overrides={**CONFIG, "ingest": {**CONFIG["ingest"], "max_file_mb": 0.001}})
    with TestClient(create_app(path, small), base_url="http://localhost") as c:
        big = c.post("/upload", files=[("files", ("big.txt", b"x" * 5000, "text/plain"))])
        assert big.status_code == 413 and "big.txt: over the 0.001 MB limit" in big.text


def test_story_list_shows_outlets_and_contradictions_once_compared(tmp_path):
    path = str(tmp_path / "contradicting.db")
    store = Store.open(path)
    store.add_articles([  # the later report gives fewer dead: a contradiction, not an update
        Article.create("Lesbos ferry disaster kills 20", ["Twenty people were killed when a ferry sank off Lesbos "
                                                           "on Friday, the coast guard said."],
                       source="Outlet A", published=datetime(2023, 6, 9, 9), language="en"),
        Article.create("Ferry sinks off Lesbos, 12 dead", ["A ferry sank off Lesbos on Friday, killing 12 people, "
                                                            "the coast guard said."],
                       source="Outlet B", published=datetime(2023, 6, 9, 9, 30), language="en")])
    pipeline.analyse_pending(store, config=CONFIG)
    pipeline.assign_pending(store, config=CONFIG)
    store.close()
    with TestClient(create_app(path, CONFIG), base_url="http://localhost") as c:
        [row] = c.get("/api/stories").json()
        assert row["contradictions"] is None  # not compared yet
        listing = c.get("/").text
        assert "not compared yet" in listing and "Outlet A, Outlet B" in listing
        brief = c.get(f"/api/stories/{row['id']}/brief").json()  # building the brief compares it
        expected = sum(f["verdict"] == "contradict" for f in brief["facts"])
        assert expected >= 1  # 20 dead, then 12
        [row] = c.get("/api/stories").json()
        assert row["contradictions"] == expected
        assert f"{expected} contradiction" in c.get("/").text
        assert [r["id"] for r in c.get("/api/stories", params={"contradicted": "true"}).json()] == [row["id"]]
        assert c.get("/api/stories", params={"sort": "contradictions"}).json()[0]["id"] == row["id"]
        assert "checked" in c.get("/", params={"contradicted": "true"}).text
    store = Store.open(path)  # a story that grows is not compared any more until its brief is rebuilt
    store.add_articles([Article.create("Lesbos ferry: divers search the wreck",
                                       ["Divers searched the wreck of the ferry that sank off Lesbos on Friday, "
                                        "the coast guard said."],
                                       source="Outlet E", published=datetime(2023, 6, 9, 12), language="en")])
    pipeline.analyse_pending(store, config=CONFIG)
    pipeline.assign_pending(store, config=CONFIG)
    rows = {r["id"]: r for r in store.story_rows()}
    store.close()
    assert rows[row["id"]]["articles"] == 3 and rows[row["id"]]["contradictions"] is None


def test_the_list_form_as_a_browser_sends_it_with_its_empty_fields(client):
    """A form sends every field, the empty ones as "since=&until=": no filter, not a bad date."""
    sent = {"q": "Soyer", "sort": "size", "outlet": "", "language": "", "since": "", "until": ""}
    page = client.get("/", params=sent)
    assert page.status_code == 200 and "Izmir" in page.text
    assert client.get("/api/stories", params=sent).status_code == 200
    assert client.get("/api/articles", params={"since": "", "until": " "}).status_code == 200
    assert client.get("/api/stories", params={"since": "yesterday"}).status_code == 422  # a bad date still is


def test_an_article_with_a_number_too_big_for_a_float_still_opens(tmp_path):
    path = str(tmp_path / "big.db")
    store = Store.open(path)
    huge = Article.create("A number of 400 digits", [f"The debt reached {'9' * 400} dollars, officials said."],
                          source="Outlet", language="en")
    store.add_articles([huge])
    pipeline.analyse_pending(store, config=CONFIG)
    store.close()
    with TestClient(create_app(path, CONFIG), base_url="http://localhost") as c:
        assert c.get(f"/articles/{huge.id}").status_code == 200
        assert c.get(f"/articles/{huge.id.upper()[:8]}").status_code == 200  # ids read in any case
