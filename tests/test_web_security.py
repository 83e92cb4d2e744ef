"""The web server against hostile input (issue 16): script in every article field stays
inert on every page and in the standalone brief, every path parameter refuses traversal,
absurd query parameters are a 4xx, a request naming another host is refused (DNS
rebinding), and even an internal error answers with one line and the security headers."""

from __future__ import annotations

import warnings
from datetime import datetime
from html.parser import HTMLParser

import pytest

from newsprism import pipeline
from newsprism.config import load_config
from newsprism.records import Article
from newsprism.render.brief import render_brief
from newsprism.store import Store
from newsprism.web import CONTENT_SECURITY_POLICY, create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CONFIG = load_config(overrides={"analysis": {"workers": 1}, "stories": {"use_embeddings": False, "threshold": 0.25}})
PAYLOADS = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '<svg onload=alert(3)>',
            '"><a href="javascript:alert(4)" onmouseover="alert(5)">x</a>', "' onfocus='alert(6)' autofocus '",
            '<iframe src="https://evil.example"></iframe>', '<base href="https://evil.example/">',
            '<meta http-equiv="refresh" content="0;url=https://evil.example">', '{{ 7*7 }}']
EVIL = " ".join(PAYLOADS)
# Plain "../" never reaches a server: clients (httpx, browsers) resolve dot segments first.
TRAVERSALS = ["..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "....//", "..%5c..%5cwin.ini",
              "%00", "a" * 5000, "s-%27%20OR%201=1--", "*", "%25", "s-%", "_"]


class _Dangers(HTMLParser):
    """What in a page could run or load something: script elements, event handler
    attributes, javascript: links, frames, <base>, and meta refreshes leaving the server."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "iframe", "object", "embed", "base"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in {"href", "src", "action", "formaction", "xlink:href"} and value and \
                    value.strip().lower().startswith(("javascript:", "data:text", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")
            if tag == "meta" and name == "content" and value and "url=" in value.lower():
                self.found.append(f"meta refresh {value}")


def dangers(html: str) -> list[str]:
    parser = _Dangers()
    parser.feed(html)
    return parser.found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A store whose two articles carry script in every field; (client, story id, article ids)."""
    path = tmp_path_factory.mktemp("security") / "hostile.db"
    articles = [
        Article.create(f"Harbour fire {EVIL}", [f"A fire destroyed the harbour warehouse in Lindholm on Monday, "
                                                f"killing 3 people, police said. {EVIL}",
                                                f'"We saw {EVIL} flames," said Mayor Anna {EVIL} Berg.'],
                       source=f"Outlet {EVIL}", published=datetime(2024, 5, 6, 8), language="en",
                       url="javascript:alert(9)"),
        Article.create(f"Lindholm warehouse fire kills 4 {EVIL}", [f"Four people died when a fire destroyed a harbour "
                                                                   f"warehouse in Lindholm on Monday. {EVIL}"],
                       source=f"Other {EVIL}", published=datetime(2024, 5, 6, 9), language="en",
                       url=f"https://example.org/{EVIL}"),
    ]
    with Store.open(path) as store:
        store.add_articles(articles)
        pipeline.analyse_pending(store, config=CONFIG)
        pipeline.assign_pending(store, config=CONFIG)
        story = store.stories_of([articles[0].id])[articles[0].id]
        brief = pipeline.story_brief(store, story, config=CONFIG)
    with TestClient(create_app(str(path), CONFIG), base_url="http://localhost") as c:
        yield c, story, [a.id for a in articles], brief


def test_script_in_every_field_is_inert_on_every_page(hostile):
    c, story, ids, _ = hostile
    upload = c.post("/upload", files=[("files", (f"{PAYLOADS[0]}.txt", f"Title {EVIL}\n\nBody {EVIL}".encode(),
                                                 "text/plain"))], data={"source": EVIL})
    pages = [("/", {}), ("/", {"q": EVIL}), *[("/", {"outlet": p}) for p in PAYLOADS],
             (f"/stories/{story}", {}), (f"/stories/{story}/compare", {}), *[(f"/articles/{i}", {}) for i in ids],
             ("/search", {"q": EVIL}), ("/search", {"q": "harbour"}), ("/entities", {"name": "Berg"}),
             *[("/entities", {"name": p}) for p in PAYLOADS], ("/upload", {}), ("/docs", {}),
             (str(upload.url.path), {})]
    for address, params in pages:
        r = c.get(address, params=params)
        assert r.status_code == 200, (address, params)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert dangers(r.text) == [], address
        assert "alert(1)" not in r.text or "&lt;script&gt;alert(1)" in r.text  # shown as text where shown
    api = c.get(f"/api/stories/{story}/brief")
    assert api.headers["content-type"].startswith("application/json") and api.headers["x-content-type-options"] == "nosniff"


def test_the_standalone_brief_is_inert_too(hostile):
    *_, brief = hostile
    html = render_brief(brief, "html")
    assert dangers(html) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "default-src 'none'" in html  # its own policy travels with the file


@pytest.mark.parametrize("traversal", TRAVERSALS)
def test_every_path_parameter_refuses_traversal(hostile, traversal):
    c, *_ = hostile
    templates = sorted({r.path for r in c.app.routes if "{" in getattr(r, "path", "")})
    assert len(templates) >= 6  # articles, stories, briefs, compare, uploads...
    for template in templates:
        address = template.split("{", 1)[0] + traversal + template.split("}", 1)[1]
        r = c.get(address)
        assert 400 <= r.status_code < 500, (address, r.status_code)
        assert "Traceback" not in r.text and "/etc/passwd" not in r.text.replace(traversal, "")
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("value", ["-1", "9223372036854775808", "1e309", "NaN", "0x10", "%00", "9" * 400])
def test_absurd_numbers_in_query_parameters_are_a_4xx(hostile, value):
    c, *_ = hostile
    for address, name in (("/", "offset"), ("/api/stories", "offset"), ("/api/stories", "limit"),
                          ("/api/articles", "offset"), ("/api/articles", "limit"), ("/api/search", "limit")):
        r = c.get(f"{address}?q=fire&{name}={value}")
        assert 400 <= r.status_code < 500, (address, name, value, r.status_code)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("q", ["%00", "a%00b", "%1b[31mred", '"', '""', "NEAR(", "*", "a OR", "\u202e", "x" * 500])
def test_search_words_never_break_the_query(hostile, q):
    c, *_ = hostile
    for address in (f"/search?q={q}", f"/api/search?q={q}", f"/?q={q}", f"/api/stories?q={q}"):
        r = c.get(address)
        assert r.status_code in (200, 422), (address, r.status_code)


def test_a_request_for_another_host_is_refused(hostile, tmp_path):
    c, *_ = hostile
    assert c.get("/api/health", headers={"host": "evil.example"}).status_code == 421
    assert c.get("/api/health", headers={"host": "localhost.evil.example:8000"}).status_code == 421
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST"):
        assert c.get("/api/health", headers={"host": host}).status_code == 200, host
    assert "allowed_hosts" in c.get("/", headers={"host": "evil.example"}).text
    db = str(tmp_path / "empty.db")
    Store.open(db).close()
    named = load_config(overrides={**CONFIG, "web": {"allowed_hosts": ["newsroom-box"]}})
    with TestClient(create_app(db, named), base_url="http://newsroom-box") as other:
        assert other.get("/api/health").status_code == 200
    with TestClient(create_app(db, CONFIG, allowed_hosts=("10.0.0.5",)), base_url="http://10.0.0.5:8000") as other:
        assert other.get("/api/health").status_code == 200


def test_an_internal_error_is_one_line_with_the_security_headers(tmp_path, monkeypatch):
    db = str(tmp_path / "s.db")
    Store.open(db).close()

    def broken(*args, **kwargs):
        raise RuntimeError("secret article text that must not reach the visitor")

    monkeypatch.setattr(Store, "story_rows", broken)
    with TestClient(create_app(db, CONFIG), base_url="http://localhost", raise_server_exceptions=False) as c:
        for address, kind in (("/", "text/html"), ("/api/stories", "application/json")):
            r = c.get(address)
            assert r.status_code == 500 and r.headers["content-type"].startswith(kind)
            assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
            assert "RuntimeError" in r.text and "secret article text" not in r.text and "Traceback" not in r.text


def test_a_write_from_another_sites_page_is_refused(hostile):
    c, *_ = hostile
    body = b"Harbour fire\n\nA fire broke out in the Lindholm harbour on Monday."
    for headers in ({"origin": "https://evil.example"}, {"origin": "null", "sec-fetch-site": "cross-site"},
                    {"sec-fetch-site": "cross-site"}, {"origin": "http://localhost", "sec-fetch-site": "same-site"}):
        r = c.post("/api/ingest", params={"filename": "x.txt"}, content=body, headers=headers)
        assert r.status_code == 403, headers
        r = c.post("/upload", files=[("files", ("x.txt", body, "text/plain"))], headers=headers)
        assert r.status_code == 403, headers
    for own in ({"origin": "http://localhost", "sec-fetch-site": "same-origin"},
                {"origin": "null", "sec-fetch-site": "same-origin"}):  # this server's own form (no-referrer: null)
        same = c.post("/upload", files=[("files", ("x.txt", body, "text/plain"))], headers=own,
                      follow_redirects=False)
        assert same.status_code == 303, own
    assert c.post("/api/ingest", params={"filename": "y.txt"}, content=body).status_code == 200  # a script, no Origin


def test_an_upload_with_a_very_long_file_name_is_read(hostile):
    c, *_ = hostile
    name = "é" * 300 + ".txt"
    r = c.post("/api/ingest", params={"filename": name[:200]}, content=b"Long name\n\nA fire broke out on Monday.")
    assert r.status_code == 200
    r = c.post("/upload", files=[("files", (name, b"Longer name\n\nA fire broke out on Tuesday.", "text/plain"))])
    assert r.status_code == 200 and "failed" not in r.text
