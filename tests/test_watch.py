"""`newsprism watch`: polling feeds served by a local HTTP server (never the network).

The server below speaks just enough HTTP for the watcher: ETag / If-None-Match, a 404
for unknown paths, 429 with Retry-After and redirects on request, and it counts every
request so the tests can see what was fetched and what was not.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.config import load_config
from newsprism.errors import MalformedInput
from newsprism.store import Store
from newsprism.watch import USER_AGENT, FeedSource, Watcher, read_feed_list

# --------------------------------------------------------------------------- the pages

FERRY_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Ferry service to Gull Island resumes after storm repairs | Harbor Times</title>
<meta property="og:site_name" content="harbortimes.example">
</head><body>
<header><nav><a href="/">Home</a> | <a href="/news/">Local news</a> | <a href="/sport/">Sport</a></nav></header>
<article>
<h1>Ferry service to Gull Island resumes after storm repairs</h1>
<p class="byline">By Ana Ruiz, transport reporter</p>
<p>The ferry between Port Alden and Gull Island resumed service on Tuesday morning, three weeks
after a winter storm tore away part of the landing pier, the harbour authority said.</p>
<p>About 400 passengers crossed on the first two sailings, according to the operator, Island Lines.
Repairs to the pier cost an estimated $1.2 million, most of it paid by the state.</p>
<p>"We are relieved to have our link to the mainland back," said Mayor Tom Hale, who took the
first boat across with a group of schoolchildren.</p>
<p>The authority said the second pier would be strengthened before next winter, and that
timetables would return to normal from Monday.</p>
</article>
<footer>© 2025 Harbor Times. All rights reserved.</footer>
</body></html>
"""

COUNCIL_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves harbour budget after late-night session</title>
<meta property="article:published_time" content="2025-03-03T21:15:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/politics/">Politics</a></nav>
<main><article>
<h1>Council approves harbour budget after late-night session</h1>
<p>Port Alden's town council approved a $14 million harbour budget on Monday night after a
session that ran past midnight, with seven members in favour and two against.</p>
<p>The budget sets aside $3 million for dredging the main channel and $900,000 for new lighting
along the waterfront promenade, the council's finance committee said.</p>
<p>Councillor Maria Chen, who voted against, said the plan did too little for the fishing fleet.
"The boats that built this town are an afterthought," she told the chamber.</p>
<p>The budget takes effect on April 1.</p>
</article></main>
</body></html>
"""

SCHOOL_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Gull Island school reopens after roof repair</title>
</head><body>
<article>
<h1>Gull Island school reopens after roof repair</h1>
<p>The only school on Gull Island reopened on Wednesday after its roof, damaged in the same storm
that hit the ferry pier, was repaired over the half-term break.</p>
<p>Head teacher Lena Brooks said all 86 pupils were back in their classrooms and that lessons
held in the community hall had ended.</p>
<p>The repair cost $240,000, the county education office said.</p>
</article>
</body></html>
"""

NOT_A_FEED = "<!doctype html><html><body><h1>Welcome</h1><p>This is a home page, not a feed.</p></body></html>"


def rss(base: str, items: list[tuple[str, str, str, str | None]], title: str = "Harbor Times - Local news") -> str:
    """A small RSS 2.0 feed: items are (title, link, pubDate, description or None)."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{title}</title>'
             f"<link>{base}/</link><language>en</language><description>News from Port Alden</description>"]
    for headline, link, date, description in items:
        parts.append(f"<item><title>{headline}</title><link>{link}</link><guid>{link}</guid><pubDate>{date}</pubDate>"
                     + (f"<description>{description}</description>" if description else "") + "</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)


FERRY_ITEM = ("Ferry back", "/news/ferry.html", "Tue, 04 Mar 2025 08:30:00 GMT",
              "Service to Gull Island resumed on Tuesday.")
COUNCIL_ITEM = ("Budget passes", "/news/council.html", "Tue, 04 Mar 2025 07:00:00 GMT",
                "The council approved the harbour budget.")
SCHOOL_ITEM = ("School reopens", "/news/school.html", "Wed, 05 Mar 2025 10:00:00 GMT",
               "The island school is open again.")
MISSING_ITEM = ("Lighthouse keeper retires after 40 years", "/news/lighthouse.html",
                "Tue, 04 Mar 2025 12:00:00 GMT",
                "Walter Finch, who kept the Gull Island lighthouse for 40 years, retired on Tuesday. "
                "The light has been automatic since 2019, the coastguard said.")
TITLE_ONLY_ITEM = ("Harbour closed to small boats as gale warning issued", "/news/gale.html",
                   "Tue, 04 Mar 2025 13:00:00 GMT", None)


# --------------------------------------------------------------------------- the server


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: bool = True  # answer If-None-Match with 304
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """What the local server serves, and every request it saw."""

    def __init__(self) -> None:
        self.base = ""
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()

    def serve(self, path: str, body: str | bytes, **options) -> None:
        self.routes[path] = Route(body.encode("utf-8") if isinstance(body, str) else body, **options)

    def serve_feed(self, path: str, items, **options) -> None:
        self.serve(path, rss(self.base, items), content_type="application/rss+xml; charset=utf-8", **options)

    def serve_pages(self) -> None:
        self.serve("/news/ferry.html", FERRY_HTML)
        self.serve("/news/council.html", COUNCIL_HTML)
        self.serve("/news/school.html", SCHOOL_HTML)

    def record(self, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append((path, headers))

    def hits(self, path: str) -> int:
        return sum(p == path for p, _ in self.requests)

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        site: Site = self.server.site  # type: ignore[attr-defined]
        site.record(self.path, dict(self.headers.items()))
        route = site.routes.get(self.path)
        if route is None:
            self._answer(404, b"<html><body><h1>Not found</h1></body></html>", "text/html")
            return
        headers = dict(route.headers)
        if route.etag and route.status == 200:
            tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
            headers["ETag"] = tag
            if self.headers.get("If-None-Match") == tag:
                self._answer(304, b"", None, headers)
                return
        self._answer(route.status, route.body, route.content_type, headers)

    def _answer(self, status: int, body: bytes, content_type: str | None, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - silence the request log
        pass


@pytest.fixture
def site(monkeypatch):
    # a proxy configured in the environment must not see the local server's requests
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    s = Site()
    server.site = s  # type: ignore[attr-defined]
    s.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield s
    server.shutdown()
    server.server_close()


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "news.db") as opened:
        yield opened


def _watcher(store: Store, feeds: list[FeedSource], **options) -> Watcher:
    options = {"delay": 0, "analyse": False, **options}
    return Watcher(store, feeds, **options)


def _by_headline(store: Store) -> dict:
    return {a.headline: a for a in store.iter_articles()}


def _page_hits(site: Site) -> int:
    return sum(p.startswith("/news/") for p, _ in site.requests)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- FEEDS.txt


def test_feed_list_reads_urls_and_outlet_names_and_skips_comments(tmp_path):
    path = tmp_path / "FEEDS.txt"
    path.write_text("# feeds we follow\n\n"
                    "https://harbortimes.example/rss.xml   Harbor Times\n"
                    "https://example.org/atom.xml\n"
                    "http://coast.example/feed\tCoast  Daily   # the weekly edition too\n"
                    "   # an indented comment\n", encoding="utf-8")
    assert read_feed_list(path) == [
        FeedSource("https://harbortimes.example/rss.xml", "Harbor Times", 3),
        FeedSource("https://example.org/atom.xml", None, 4),
        FeedSource("http://coast.example/feed", "Coast Daily", 5),
    ]


@pytest.mark.parametrize("bad", ["ftp://example.org/feed.xml", "example.org/rss.xml", "file:///etc/passwd",
                                 "https://", "http://example.org:port/rss"])
def test_feed_list_bad_line_is_an_error_naming_file_and_line(tmp_path, bad):
    path = tmp_path / "FEEDS.txt"
    path.write_text(f"https://example.org/rss.xml\n# comment\n{bad} Some Outlet\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match=r"FEEDS\.txt: line 3: .*expected one feed URL per line"):
        read_feed_list(path)


def test_feed_list_with_a_url_twice_names_both_lines(tmp_path):
    path = tmp_path / "FEEDS.txt"
    path.write_text("https://example.org/rss.xml A\nhttps://example.org/rss.xml B\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match="line 2: .* already listed on line 1"):
        read_feed_list(path)


def test_feed_list_without_feeds_is_an_error(tmp_path):
    path = tmp_path / "FEEDS.txt"
    path.write_text("# nothing yet\n\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match="lists no feeds"):
        read_feed_list(path)


# --------------------------------------------------------------------------- rounds


def test_first_round_stores_the_pages_with_entry_link_date_and_outlet(site, store):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM, COUNCIL_ITEM])
    report = _watcher(store, [FeedSource(site.url("/rss.xml"), "Harbor Times")]).poll_round()

    (feed,) = report.feeds
    assert (feed.status, feed.entries, feed.new, feed.pages, feed.from_feed, feed.error) == \
        ("fetched", 2, 2, 2, [], None)
    articles = _by_headline(store)
    ferry = articles["Ferry service to Gull Island resumes after storm repairs"]  # the page's headline, not the feed's
    assert ferry.url == site.url("/news/ferry.html")  # the feed's relative link, made absolute
    assert ferry.source == "Harbor Times"  # the name in FEEDS.txt wins over the page's og:site_name
    assert ferry.paragraphs[0].startswith("The ferry between Port Alden and Gull Island resumed service")
    assert len(ferry.paragraphs) >= 4
    assert ferry.published.isoformat() == "2025-03-04T08:30:00"  # the page has no date: the entry's
    assert ferry.date_origin == "feed"
    assert ferry.ingest.path == site.url("/news/ferry.html") and ferry.ingest.format == "html"
    council = articles["Council approves harbour budget after late-night session"]
    assert council.published.isoformat().startswith("2025-03-03")  # the page's own date is kept
    # every request names newsprism
    assert {h.get("User-Agent") for _, h in site.requests} == {USER_AGENT}


def test_second_round_gets_304_and_fetches_no_page_again(site, store):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM, COUNCIL_ITEM])
    watcher = _watcher(store, [FeedSource(site.url("/rss.xml"), "Harbor Times")])
    watcher.poll_round()
    pages_after_first = _page_hits(site)

    report = watcher.poll_round()

    assert report.feeds[0].status == "not_modified" and report.new == 0
    assert site.requests[-1][0] == "/rss.xml" and "If-None-Match" in site.requests[-1][1]
    assert _page_hits(site) == pages_after_first == 2
    assert store.count_articles() == 2


def test_feed_without_validators_sent_again_unchanged_fetches_no_page(site, store):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM], etag=False)
    watcher = _watcher(store, [FeedSource(site.url("/rss.xml"))])
    watcher.poll_round()
    report = watcher.poll_round()
    assert report.feeds[0].status == "not_modified"
    assert site.hits("/rss.xml") == 2 and _page_hits(site) == 1


def test_new_item_in_the_feed_is_picked_up_next_round(site, store):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM, COUNCIL_ITEM])
    watcher = _watcher(store, [FeedSource(site.url("/rss.xml"), "Harbor Times")])
    watcher.poll_round()

    site.serve_feed("/rss.xml", [SCHOOL_ITEM, FERRY_ITEM, COUNCIL_ITEM])
    report = watcher.poll_round()

    assert (report.feeds[0].entries, report.feeds[0].new, report.feeds[0].pages) == (3, 1, 1)
    assert site.hits("/news/school.html") == 1
    assert site.hits("/news/ferry.html") == site.hits("/news/council.html") == 1
    assert "Gull Island school reopens after roof repair" in _by_headline(store)


def test_page_404_falls_back_to_the_feed_entry_text_or_headline(site, store):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM, MISSING_ITEM, TITLE_ONLY_ITEM])
    report = _watcher(store, [FeedSource(site.url("/rss.xml"), "Harbor Times")]).poll_round()

    feed = report.feeds[0]
    assert (feed.new, feed.pages) == (3, 1)
    assert sorted(feed.from_feed) == [f"{site.url('/news/gale.html')}: HTTP 404 Not Found",
                                      f"{site.url('/news/lighthouse.html')}: HTTP 404 Not Found"]
    articles = _by_headline(store)
    keeper = articles["Lighthouse keeper retires after 40 years"]
    assert keeper.paragraphs == [MISSING_ITEM[3]]
    assert keeper.source == "Harbor Times" and keeper.url == site.url("/news/lighthouse.html")
    assert keeper.ingest.format == "feed" and keeper.ingest.path == site.url("/rss.xml")
    assert any("page not read (HTTP 404 Not Found)" in w for w in keeper.ingest.warnings)
    gale = articles["Harbour closed to small boats as gale warning issued"]
    assert gale.paragraphs == [] and gale.headline_only
    assert any("headline only" in w for w in gale.ingest.warnings)


def test_unreachable_feed_is_reported_and_the_others_still_polled(site, store):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM])
    dead = f"http://127.0.0.1:{_closed_port()}/rss.xml"
    report = _watcher(store, [FeedSource(dead, "Gone Gazette"), FeedSource(site.url("/rss.xml"))]).poll_round()

    gone, alive = report.feeds
    assert gone.status == "failed" and "connection refused" in gone.error
    assert alive.status == "fetched" and alive.new == 1
    assert report.failed == 1 and not report.all_failed


def test_unparsable_feed_and_404_feed_are_reported(site, store):
    site.serve("/home.html", NOT_A_FEED)
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM])
    feeds = [FeedSource(site.url("/home.html")), FeedSource(site.url("/nothing.xml")),
             FeedSource(site.url("/rss.xml"))]
    report = _watcher(store, feeds).poll_round()
    home, nothing, good = report.feeds
    assert home.status == "failed" and home.error.startswith("not well-formed XML")
    assert home.error.endswith("the server sent a web page: is this the feed's address?")
    assert nothing.status == "failed" and nothing.error == "HTTP 404 Not Found"
    assert good.new == 1


def test_state_survives_a_new_watcher(site, store, tmp_path):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM, COUNCIL_ITEM])
    feeds = [FeedSource(site.url("/rss.xml"), "Harbor Times")]
    _watcher(store, feeds).poll_round()

    state = json.loads((tmp_path / "news.db.watch.json").read_text(encoding="utf-8"))
    saved = state["feeds"][site.url("/rss.xml")]
    assert saved["etag"] and saved["last_poll"]
    assert sorted(saved["seen"]) == [site.url("/news/council.html"), site.url("/news/ferry.html")]

    # the server forgets its ETag (as after a deploy): only the links say what was seen
    site.serve_feed("/rss.xml", [SCHOOL_ITEM, FERRY_ITEM, COUNCIL_ITEM], etag=False)
    report = _watcher(store, feeds).poll_round()
    assert report.feeds[0].new == 1
    assert site.hits("/news/ferry.html") == site.hits("/news/council.html") == site.hits("/news/school.html") == 1


def test_interrupted_round_carries_on_without_refetching_or_duplicates(site, store):
    site.serve_pages()
    site.serve_feed("/a.xml", [FERRY_ITEM])
    site.serve_feed("/b.xml", [COUNCIL_ITEM])
    feeds = [FeedSource(site.url("/a.xml"), "Harbor Times"), FeedSource(site.url("/b.xml"), "Harbor Times")]

    def ctrl_c(report):
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C right after the first feed

    with pytest.raises(KeyboardInterrupt):
        _watcher(store, feeds).poll_round(on_feed=ctrl_c)
    assert site.hits("/b.xml") == 0 and store.count_articles() == 1

    report = _watcher(store, feeds).poll_round()
    assert [f.status for f in report.feeds] == ["not_modified", "fetched"]
    assert store.count_articles() == 2 and site.hits("/news/ferry.html") == 1


def test_host_answering_429_is_left_alone_for_the_round_and_its_entries_wait(site, store):
    site.serve_pages()
    site.serve("/news/council.html", "slow down", status=429, headers={"Retry-After": "0"})
    site.serve_feed("/rss.xml", [FERRY_ITEM, COUNCIL_ITEM, SCHOOL_ITEM])
    watcher = _watcher(store, [FeedSource(site.url("/rss.xml"), "Harbor Times")])

    first = watcher.poll_round().feeds[0]
    assert (first.new, first.deferred) == (1, 2)
    assert site.hits("/news/school.html") == 0  # not asked after the 429

    site.serve("/news/council.html", COUNCIL_HTML)
    second = watcher.poll_round().feeds[0]
    assert second.status == "fetched"  # the feed was not marked read while entries waited
    assert (second.new, second.deferred) == (2, 0)
    assert site.hits("/news/ferry.html") == 1 and store.count_articles() == 3


def test_retry_after_longer_than_the_round_keeps_the_host_resting(site, store):
    site.serve_feed("/rss.xml", [FERRY_ITEM], status=429, headers={"Retry-After": "3600"})
    watcher = _watcher(store, [FeedSource(site.url("/rss.xml"))])
    assert "asked to wait 3600 s" in watcher.poll_round().feeds[0].error
    second = watcher.poll_round().feeds[0]
    assert second.status == "failed" and second.error.startswith("skipped this round")
    assert site.hits("/rss.xml") == 1


def test_politeness_delay_between_two_requests_to_one_host(site, store):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM, COUNCIL_ITEM])
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    _watcher(store, [FeedSource(site.url("/rss.xml"))], delay=5.0, sleep=sleep, clock=lambda: now[0]).poll_round()
    assert len(site.requests) == 3  # the feed and two pages
    assert sleeps == [5.0, 5.0]


def test_response_over_the_size_limit_is_refused(site, store):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM])
    config = load_config(overrides={"ingest": {"max_file_mb": 0.001}})  # ~1 KB: the feed fits, the page not
    report = _watcher(store, [FeedSource(site.url("/rss.xml"))], config=config).poll_round()
    (line,) = report.feeds[0].from_feed
    assert line.endswith("response is 1.2 KB, over the 0.001 MB limit (set ingest.max_file_mb)")


@pytest.mark.parametrize(("target", "says"), [
    ("ftp://127.0.0.1/pub/secret.txt", "redirected to an address newsprism does not fetch"),  # urllib would follow
    ("file:///etc/passwd", "Redirection to url 'file:///etc/passwd' is not allowed"),  # urllib refuses itself
])
def test_redirect_to_a_non_http_url_is_not_followed(site, store, target, says):
    site.serve("/news/ferry.html", b"", status=302, headers={"Location": target}, etag=False)
    site.serve_feed("/rss.xml", [FERRY_ITEM])
    report = _watcher(store, [FeedSource(site.url("/rss.xml"))]).poll_round()
    (line,) = report.feeds[0].from_feed
    assert says in line
    assert _by_headline(store)["Ferry back"].paragraphs == [FERRY_ITEM[3]]


def test_second_watcher_on_the_same_state_is_refused(site, store):
    from newsprism.errors import ConfigError

    feeds = [FeedSource(site.url("/rss.xml"))]
    with _watcher(store, feeds):
        with pytest.raises(ConfigError, match="another `newsprism watch` is using this state"):
            with _watcher(store, feeds):
                pass


def test_retry_after_as_an_http_date():
    from datetime import datetime, timedelta, timezone

    from newsprism.watch import _retry_after_seconds

    later = email.utils.format_datetime(datetime.now(timezone.utc) + timedelta(seconds=120), usegmt=True)
    assert 100 < _retry_after_seconds(later) <= 120
    assert _retry_after_seconds("30") == 30.0
    assert _retry_after_seconds("soon") is None


# --------------------------------------------------------------------------- the command

WIDE = {"COLUMNS": "200", "LINES": "50", "NEWSPRISM_DB": None, "NEWSPRISM_CONFIG": None}


def _invoke(*args):
    return CliRunner(env=WIDE).invoke(app, [str(a) for a in args])


def _feeds_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "FEEDS.txt"
    path.write_text("# test feeds\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_watch_once_prints_a_line_per_feed_and_stores_the_articles(site, tmp_path):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM, MISSING_ITEM])
    dead = f"http://127.0.0.1:{_closed_port()}/rss.xml"
    feeds = _feeds_file(tmp_path, f"{site.url('/rss.xml')}  Harbor [bold]Times[/]", dead)
    db = tmp_path / "news.db"

    result = _invoke("watch", feeds, "--once", "--db", db, "--delay", "0", "--no-analyse")

    assert result.exit_code == 0, result.output
    assert f"{site.url('/rss.xml')} (Harbor [bold]Times[/]): 2 entries, 2 new, 1 page fetched" in result.stdout
    assert f"stored the feed entry: {site.url('/news/lighthouse.html')}: HTTP 404 Not Found" in result.stdout
    assert f"failed {dead}: connection refused" in result.stdout
    assert "round 1: 2 new articles, 1 of 2 feeds failed" in result.stdout
    assert (tmp_path / "news.db.watch.json").exists()
    rows = json.loads(_invoke("articles", "--db", db, "--format", "json").stdout)
    assert {r["source"] for r in rows} == {"Harbor [bold]Times[/]"}

    again = _invoke("watch", feeds, "--once", "--db", db, "--delay", "0", "--no-analyse")
    assert again.exit_code == 0 and "not modified" in again.stdout
    assert _page_hits(site) == 2


def test_cli_watch_json_gives_a_summary_per_round(site, tmp_path):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM, COUNCIL_ITEM])
    feeds = _feeds_file(tmp_path, f"{site.url('/rss.xml')}\tHarbor Times")
    db = tmp_path / "news.db"
    args = ("watch", feeds, "--db", db, "--delay", "0", "--no-analyse", "--format", "json")

    result = _invoke(*args, "--rounds", "2", "--interval", "0")

    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert (first["round"], first["new"], first["failed"]) == (1, 2, 0)
    assert first["feeds"][0] | {"url": None} == {
        "url": None, "outlet": "Harbor Times", "status": "fetched", "entries": 2, "new": 2, "known": 0,
        "pages": 2, "from_feed": [], "deferred": 0, "problems": [], "error": None}
    assert (second["round"], second["new"], second["feeds"][0]["status"]) == (2, 0, "not_modified")


def test_cli_watch_exits_2_when_every_feed_failed(site, tmp_path):
    feeds = _feeds_file(tmp_path, f"http://127.0.0.1:{_closed_port()}/rss.xml", site.url("/missing.xml"))
    result = _invoke("watch", feeds, "--once", "--db", tmp_path / "news.db", "--delay", "0", "--no-analyse")
    assert result.exit_code == 2, result.output
    assert "HTTP 404 Not Found" in result.stdout


def test_cli_watch_bad_feed_list_line_is_a_clear_error(tmp_path):
    feeds = _feeds_file(tmp_path, "https://example.org/rss.xml", "www.example.org/feed")
    result = _invoke("watch", feeds, "--once", "--db", tmp_path / "news.db")
    assert result.exit_code == 1
    assert "FEEDS.txt: line 3: 'www.example.org/feed' is not an http(s) URL" in result.output
    assert not (tmp_path / "news.db").exists()


def test_cli_watch_analyses_and_assigns_stories_after_the_round(site, tmp_path):
    site.serve_pages()
    site.serve_feed("/rss.xml", [FERRY_ITEM, COUNCIL_ITEM])
    feeds = _feeds_file(tmp_path, f"{site.url('/rss.xml')} Harbor Times")
    db = tmp_path / "news.db"
    result = _invoke("watch", feeds, "--once", "--db", db, "--delay", "0", "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["new"], summary["analysed"], summary["assigned"]) == (2, 2, 2)
    stories = json.loads(_invoke("stories", "--db", db, "--format", "json").stdout)
    assert sum(s["articles"] for s in stories) == 2
