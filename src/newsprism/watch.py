"""Watching feeds: poll RSS/Atom URLs on an interval and ingest their new entries.

    read_feed_list(path)             FEEDS.txt -> [FeedSource]
    Watcher(store, feeds, ...)       poll_round() -> RoundReport, state saved after every feed

One round fetches each feed with a conditional GET (the ETag and Last-Modified the
server gave last time), reads its bytes exactly as ``newsprism ingest`` reads a feed
file, and for each entry not seen before fetches the page it links to and reads it as
HTML. The page's article is stored, with the entry's link and date where the page gives
none; when the page cannot be fetched or read, the entry's own text (or only its
headline) is stored instead and the round report says so.

Being polite: a User-Agent naming newsprism, at least ``delay`` seconds between two
requests to one host, and a host that answers 429 (or 503 with Retry-After) is left
alone for the rest of the round, or for as long as it asked; its entries wait for the
next round. Every request has a timeout and a size cap (``ingest.max_file_mb``), and
only http/https addresses are fetched, redirects included.

Resumable: per feed, the validators, the last poll and the links already seen are kept
in a JSON file (``<store>.watch.json`` by default), written atomically after every feed,
so a run stopped at any point and started again neither refetches nor duplicates.
The store itself keeps one copy of an article whatever happens (content ids).

>>> from newsprism.store import Store
>>> with Store.open("news.db") as store:                              # doctest: +SKIP
...     with Watcher(store, read_feed_list("FEEDS.txt")) as watcher:
...         report = watcher.poll_round()
"""

from __future__ import annotations

import dataclasses
import email.utils
import fcntl
import hashlib
import http.client
import json
import logging
import os
import socket
import ssl
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal
from urllib.parse import urljoin, urlsplit

from newsprism import __version__
from newsprism.config import load_config
from newsprism.errors import ConfigError, DecodeError, InputError, MalformedInput
from newsprism.records import Article, Rejection, to_dict

if TYPE_CHECKING:
    from newsprism.store import Store

__all__ = ["DEFAULT_DELAY", "DEFAULT_INTERVAL", "FeedReport", "FeedSource", "RoundReport", "Watcher",
           "read_feed_list"]

log = logging.getLogger(__name__)

# Seconds between the starts of two rounds: feeds change every few minutes at most, and
# a quarter of an hour is what most publishers consider a polite polling rate.
DEFAULT_INTERVAL = 900.0
# Seconds between two requests to one host (a feed and its pages are usually one host).
DEFAULT_DELAY = 1.0
# Seconds a connection or a read may stall before the request is given up.
REQUEST_TIMEOUT = 30.0
# Links remembered per feed: far more than any feed lists at once, so an entry that
# stays in a feed for weeks is never fetched twice, while the state stays small.
MAX_SEEN_PER_FEED = 5000
USER_AGENT = f"newsprism/{__version__} (news feed watcher; polls politely, honours Retry-After)"
STATE_VERSION = 1
_SCHEMES = ("http", "https")
_MB = 1024 * 1024

FeedStatus = Literal["fetched", "not_modified", "failed"]


# --------------------------------------------------------------------------- FEEDS.txt


@dataclass(frozen=True)
class FeedSource:
    """One line of FEEDS.txt: a feed URL and, optionally, the outlet that publishes it."""

    url: str
    outlet: str | None = None
    line: int | None = None


def read_feed_list(path: str | os.PathLike[str]) -> list[FeedSource]:
    """The feeds listed in ``path``: one URL per line, optionally followed (after spaces or
    a tab) by the outlet's name, which then names every article of that feed. Blank
    lines and lines starting with ``#`` are ignored, and so is a `` #`` comment after a
    URL. A line that is not an http(s) URL raises :class:`MalformedInput` naming it::

        # outlets we follow
        https://harbortimes.example/rss.xml    Harbor Times
        https://example.org/atom.xml
    """
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(where, "no such file (expected a list of feed URLs, one per line)") from exc
    except UnicodeDecodeError as exc:
        raise DecodeError(where, "not UTF-8 text; save the feed list as UTF-8") from exc
    except OSError as exc:
        raise InputError(where, f"cannot read the feed list ({exc.strerror or exc})") from exc
    feeds: list[FeedSource] = []
    lines_of: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        url, *name = line.split(None, 1)
        problem = _url_problem(url)
        if problem:
            raise MalformedInput(where, f"line {number}: {problem}; expected one feed URL per line, "
                                        "optionally followed by the outlet name")
        if url in lines_of:
            raise MalformedInput(where, f"line {number}: {url} is already listed on line {lines_of[url]}; "
                                        "remove one of them")
        lines_of[url] = number
        feeds.append(FeedSource(url, " ".join(name[0].split()) if name else None, number))
    if not feeds:
        raise MalformedInput(where, "lists no feeds (one http(s) URL per line; # starts a comment)")
    return feeds


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith("#"):
        return ""
    for marker in (" #", "\t#"):
        if marker in line:
            line = line.split(marker, 1)[0]
    return line


def _url_problem(url: str) -> str | None:
    """What keeps ``url`` from being fetched, or None for an http(s) URL with a host."""
    shown = url if len(url) <= 120 else url[:117] + "..."
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return f"{shown!r} is not a valid URL"
    if parts.scheme.lower() not in _SCHEMES:
        return f"{shown!r} is not an http(s) URL"
    if not parts.hostname:
        return f"{shown!r} names no host"
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return f"{shown!r} contains spaces or control characters"
    return None


# --------------------------------------------------------------------------- reports


@dataclass
class FeedReport:
    """What one round did with one feed."""

    url: str
    outlet: str | None
    status: FeedStatus
    entries: int = 0  # entries in the feed as fetched
    new: int = 0  # articles stored for the first time
    known: int = 0  # new entries whose article the store already held
    pages: int = 0  # linked pages fetched and read as the entry's article
    from_feed: list[str] = field(default_factory=list)  # "<link>: why", stored from the feed's own text
    deferred: int = 0  # new entries left for the next round (their host asked to wait)
    problems: list[str] = field(default_factory=list)  # entries of the feed that could not be read
    error: str | None = None  # why the feed itself failed


@dataclass
class RoundReport:
    """One poll over every feed."""

    number: int
    started: datetime
    feeds: list[FeedReport] = field(default_factory=list)
    analysed: int = 0
    assigned: int = 0

    @property
    def new(self) -> int:
        return sum(f.new for f in self.feeds)

    @property
    def failed(self) -> int:
        return sum(f.status == "failed" for f in self.feeds)

    @property
    def all_failed(self) -> bool:
        return bool(self.feeds) and self.failed == len(self.feeds)

    def to_dict(self) -> dict[str, Any]:
        return {"round": self.number, "started": self.started, "feeds": [to_dict(f) for f in self.feeds],
                "new": self.new, "failed": self.failed, "analysed": self.analysed, "assigned": self.assigned}


# --------------------------------------------------------------------------- state


@dataclass
class _FeedState:
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None  # of the last feed read in full: same bytes, nothing to do
    last_poll: str | None = None
    last_status: str | None = None
    last_error: str | None = None
    # links of the entries already stored (dict: ordered, oldest first, O(1) lookups)
    seen: dict[str, None] = field(default_factory=dict)

    def touch(self, key: str) -> bool:
        """Whether ``key`` was seen before; if so it moves to the newest end, so that links
        still in the feed are the last to be forgotten."""
        if key not in self.seen:
            return False
        self.seen[key] = self.seen.pop(key)
        return True

    def mark_seen(self, key: str) -> None:
        self.seen.pop(key, None)
        self.seen[key] = None
        while len(self.seen) > MAX_SEEN_PER_FEED:
            del self.seen[next(iter(self.seen))]


class _WatchState:
    """Per-feed state in one JSON file, replaced atomically on every save."""

    def __init__(self, path: Path, feeds: dict[str, _FeedState] | None = None) -> None:
        self.path = path
        self.feeds = feeds or {}

    @classmethod
    def load(cls, path: Path) -> "_WatchState":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MalformedInput(str(path), f"cannot read the watch state ({exc}); move it away to start "
                                            "afresh (articles already stored are not duplicated)") from exc
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION or not isinstance(data.get("feeds"), dict):
            raise MalformedInput(str(path), f"not a newsprism watch state (version {STATE_VERSION}); "
                                            "pass another --state or move it away to start afresh")
        feeds = {}
        for url, item in data["feeds"].items():
            known = {k: item.get(k) for k in ("etag", "last_modified", "sha256", "last_poll", "last_status",
                                              "last_error")}
            feeds[url] = _FeedState(**known, seen=dict.fromkeys(item.get("seen") or []))
        return cls(path, feeds)

    def feed(self, url: str) -> _FeedState:
        return self.feeds.setdefault(url, _FeedState())

    def save(self) -> None:
        data = {"version": STATE_VERSION, "saved_at": _utcnow().isoformat(),
                "feeds": {url: {**{k: v for k, v in dataclasses.asdict(s).items() if k != "seen"},
                                "seen": list(s.seen)} for url, s in self.feeds.items()}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # written beside the target and renamed over it: a crash leaves the old or the new file
        handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent,
                                             prefix=self.path.name + ".", suffix=".tmp", delete=False)
        try:
            with handle:
                json.dump(data, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, self.path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise


def default_locations(store_location: str) -> tuple[Path, Path]:
    """``(<db>.watch.json, <db>.watch/)``: the state file and spool folder beside the store."""
    location = store_location.removeprefix("sqlite:///")
    if "://" in location or location.endswith(":memory:"):
        raise ConfigError(f"{store_location}: the store is not a file; pass --state FILE and --spool DIR")
    db = Path(location).expanduser()
    return db.with_name(db.name + ".watch.json"), db.with_name(db.name + ".watch")


# --------------------------------------------------------------------------- HTTP


class _FetchFailed(Exception):
    """A request that brought nothing usable; ``problem`` is one line for the report."""

    def __init__(self, problem: str, *, wait: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.wait = wait  # set when the server asked us to come back later (seconds, maybe 0)


@dataclass
class _Response:
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) addresses only (urllib would also follow ftp://)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        problem = _url_problem(newurl)
        if problem:
            fp.close()
            raise _FetchFailed(f"redirected to an address newsprism does not fetch ({problem})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _PoliteClient:
    """GET over http(s) with a User-Agent, a timeout, a size cap, at least ``delay``
    seconds between two requests to one host, and hosts that asked to wait left alone."""

    def __init__(self, *, delay: float, timeout: float, max_mb: float,
                 sleep: Callable[[float], None], clock: Callable[[], float]) -> None:
        self.delay = delay
        self.timeout = timeout
        self.max_mb = max_mb
        self.max_bytes = int(max_mb * _MB)
        self._sleep = sleep
        self._clock = clock
        self._opener = urllib.request.build_opener(_HttpOnlyRedirects)
        self._last_request: dict[str, float] = {}  # host -> when its last request ended
        self._resting: dict[str, tuple[float, str]] = {}  # host -> (until, why)

    def new_round(self) -> None:
        """Hosts rested for "this round" (or whose Retry-After has passed) may be asked again."""
        now = self._clock()
        self._resting = {h: v for h, v in self._resting.items() if v[0] > now}

    def resting(self, url: str) -> str | None:
        """Why the host of ``url`` is not to be asked now, or None."""
        entry = self._resting.get(_host(url))
        return entry[1] if entry else None

    def get(self, url: str, headers: dict[str, str] | None = None) -> _Response:
        host = _host(url)
        last = self._last_request.get(host)
        if last is not None and self.delay > 0:
            wait = last + self.delay - self._clock()
            if wait > 0:
                self._sleep(wait)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
        try:
            return self._get(request)
        except _FetchFailed as exc:
            if exc.wait is not None:
                # the rest of this round at least (0), longer if the server said so
                self._resting[host] = (self._clock() + exc.wait, exc.problem)
            raise
        finally:
            self._last_request[host] = self._clock()

    def _get(self, request: urllib.request.Request) -> _Response:
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > self.max_bytes:
                    raise _FetchFailed(f"response is {_size(int(length))}, {self._limit_text}")
                body = response.read(self.max_bytes + 1)
                if len(body) > self.max_bytes:
                    raise _FetchFailed(f"response is {self._limit_text}")
                return _Response(response.status, body, response.headers.get("ETag"),
                                 response.headers.get("Last-Modified"), response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                return _Response(304, etag=exc.headers.get("ETag"), last_modified=exc.headers.get("Last-Modified"))
            retry_after = exc.headers.get("Retry-After")
            if exc.code == 429 or (exc.code == 503 and retry_after):
                wait = _retry_after_seconds(retry_after)
                raise _FetchFailed(f"HTTP {exc.code} {exc.reason}: the server asked to wait"
                                   + (f" {wait:.0f} s" if wait else ""), wait=wait or 0.0) from None
            raise _FetchFailed(f"HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            raise _FetchFailed(self._describe(exc.reason)) from None
        except (TimeoutError, http.client.HTTPException, OSError) as exc:
            raise _FetchFailed(self._describe(exc)) from None
        except ValueError as exc:  # urllib's answer to a malformed address
            raise _FetchFailed(f"invalid URL ({exc})") from None

    @property
    def _limit_text(self) -> str:
        return f"over the {self.max_mb:g} MB limit (set ingest.max_file_mb)"

    def _describe(self, reason: object) -> str:
        if isinstance(reason, TimeoutError):
            return f"no answer within {self.timeout:g} s (timed out)"
        if isinstance(reason, ConnectionRefusedError):
            return "connection refused (is the address right and the server up?)"
        if isinstance(reason, socket.gaierror):
            return f"host not found ({reason.strerror})"
        if isinstance(reason, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted ({reason.verify_message})"
        if isinstance(reason, http.client.HTTPException):
            return f"broken HTTP response ({type(reason).__name__}: {reason})"
        if isinstance(reason, OSError):
            return f"network error ({reason.strerror or reason})"
        return f"network error ({reason})"


def _size(n_bytes: int) -> str:
    return f"{n_bytes / _MB:.1f} MB" if n_bytes >= _MB // 10 else f"{n_bytes / 1024:.1f} KB"


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or parts.scheme}"


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds from now: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


# --------------------------------------------------------------------------- watcher


class Watcher:
    """Polls ``feeds`` into ``store``, one :meth:`poll_round` at a time.

    ``state_path`` and ``spool_dir`` default to ``<db>.watch.json`` and ``<db>.watch/``
    beside an SQLite store. ``delay`` is the least time (seconds) between two requests
    to one host; ``config`` a configuration from :func:`newsprism.config.load_config`
    (its ``ingest`` table reads the feeds and pages, ``ingest.max_file_mb`` caps each
    response); with ``analyse`` each round ends by analysing the new articles and
    assigning them to stories. ``sleep`` and ``clock`` are there for tests.

    Used as a context manager it holds a lock on the state file, so that two watchers
    cannot poll the same feeds from the same state at once.
    """

    def __init__(self, store: "Store", feeds: list[FeedSource], *, state_path: str | os.PathLike[str] | None = None,
                 spool_dir: str | os.PathLike[str] | None = None, delay: float = DEFAULT_DELAY,
                 timeout: float = REQUEST_TIMEOUT, config: dict[str, Any] | None = None, analyse: bool = True,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.feeds = feeds
        self.state_path = state_path
        self.spool_dir = spool_dir
        self.delay = delay
        self.timeout = timeout
        self.config = config
        self.analyse = analyse
        self.sleep = sleep
        self.clock = clock
        self.rounds_ = 0
        self.state_: _WatchState | None = None
        self._client: _PoliteClient | None = None
        self._lock: IO[str] | None = None

    # ------------------------------------------------------------------ setup
    @property
    def state_file(self) -> Path:
        return Path(self.state_path) if self.state_path else default_locations(self.store.location)[0]

    @property
    def spool_folder(self) -> Path:
        return Path(self.spool_dir) if self.spool_dir else default_locations(self.store.location)[1]

    def __enter__(self) -> "Watcher":
        lock_path = self.state_file.with_name(self.state_file.name + ".lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise ConfigError(f"{self.state_file}: another `newsprism watch` is using this state; stop it, "
                              "or pass another --state") from None
        self._lock = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def _setup(self) -> tuple[dict[str, Any], _WatchState, _PoliteClient]:
        if self.config is None:
            self.config = load_config()
        if self.state_ is None:
            self.state_ = _WatchState.load(self.state_file)
        if self._client is None:
            self._client = _PoliteClient(delay=self.delay, timeout=self.timeout,
                                         max_mb=self.config["ingest"]["max_file_mb"],
                                         sleep=self.sleep, clock=self.clock)
        self.spool_folder.mkdir(parents=True, exist_ok=True)
        return self.config, self.state_, self._client

    # ------------------------------------------------------------------ rounds
    def poll_round(self, on_feed: Callable[[FeedReport], None] | None = None) -> RoundReport:
        """Poll every feed once, calling ``on_feed`` with each feed's report as it is done,
        then analyse and assign what is new. The state is saved after every feed; on
        Ctrl-C (KeyboardInterrupt) it is saved with the entries done so far and the
        interrupt goes on to the caller. A feed that fails never stops the round."""
        cfg, state, client = self._setup()
        client.new_round()
        self.rounds_ += 1
        report = RoundReport(self.rounds_, _utcnow())
        try:
            for feed in self.feeds:
                feed_report = self._poll_feed(feed, state.feed(feed.url), cfg, client)
                state.save()
                report.feeds.append(feed_report)
                if on_feed is not None:
                    on_feed(feed_report)
        except KeyboardInterrupt:
            state.save()  # the entries stored so far are not fetched again
            raise
        if self.analyse:
            from newsprism import pipeline

            report.analysed, report.assigned = pipeline.analyse_and_assign(self.store, config=cfg)
        return report

    def _poll_feed(self, feed: FeedSource, state: _FeedState, cfg: dict[str, Any],
                   client: _PoliteClient) -> FeedReport:
        report = FeedReport(feed.url, feed.outlet, "fetched")
        state.last_poll = _utcnow().isoformat()
        try:
            self._read_feed(feed, state, cfg, client, report)
        except _FetchFailed as exc:
            report.status, report.error = "failed", exc.problem
        state.last_status, state.last_error = report.status, report.error
        if report.error:
            log.info("feed %s failed: %s", feed.url, report.error)
        return report

    def _read_feed(self, feed: FeedSource, state: _FeedState, cfg: dict[str, Any], client: _PoliteClient,
                   report: FeedReport) -> None:
        from newsprism.ingest import read_path

        resting = client.resting(feed.url)
        if resting:
            raise _FetchFailed(f"skipped this round: its host answered {resting}")
        conditional = {}
        if state.etag:
            conditional["If-None-Match"] = state.etag
        if state.last_modified:
            conditional["If-Modified-Since"] = state.last_modified
        response = client.get(feed.url, conditional)
        if response.status == 304:
            report.status = "not_modified"
            state.etag = response.etag or state.etag
            state.last_modified = response.last_modified or state.last_modified
            return
        digest = hashlib.sha256(response.body).hexdigest()
        if digest == state.sha256:  # a server without validators sending the same feed again
            report.status = "not_modified"
            state.etag, state.last_modified = response.etag, response.last_modified
            return
        spooled = self._spool(feed.url, ".feed", response.body)
        entries: list[Article] = []
        for item in read_path(spooled, format="feed", source=feed.outlet, config=cfg):
            if isinstance(item, Article):
                entries.append(item)
            elif item.record is None:  # the whole feed is unreadable: reported every round until mended
                hint = "; the server sent a web page: is this the feed's address?" \
                    if "html" in response.content_type.lower() else ""
                report.status, report.error = "failed", item.problem + hint
                return
            else:
                report.problems.append(f"entry {item.record + 1}: {item.problem}")
        report.entries = len(entries)
        for entry in entries:
            link = urljoin(feed.url, entry.url) if entry.url else None
            key = link or f"article:{entry.id}"
            if state.touch(key):
                continue
            if self._store_entry(feed, entry, link, response.body, cfg, client, report):
                state.mark_seen(key)
        if not report.deferred:
            # only a feed read to the end advances; with entries deferred the next round
            # fetches it in full again and finds them
            state.etag, state.last_modified, state.sha256 = response.etag, response.last_modified, digest

    def _store_entry(self, feed: FeedSource, entry: Article, link: str | None, feed_bytes: bytes,
                     cfg: dict[str, Any], client: _PoliteClient, report: FeedReport) -> bool:
        """Fetch and store one new entry; False when it waits for the next round."""
        why_not_page = "the entry has no link" if link is None else _url_problem(link)
        if why_not_page is None:
            assert link is not None
            if client.resting(link):
                report.deferred += 1
                return False
            try:
                page_bytes = client.get(link).body
            except _FetchFailed as exc:
                if exc.wait is not None:
                    report.deferred += 1
                    return False
                why_not_page = exc.problem
            else:
                article, why_not_page = self._read_page(feed, entry, link, page_bytes, cfg)
                if article is not None:
                    report.pages += 1
                    self._add(article, link, page_bytes, "html", report)
                    return True
        note = f"page not read ({why_not_page}); stored the feed entry's " + \
            ("headline only" if entry.headline_only else "text")
        ingest = dataclasses.replace(entry.ingest, path=feed.url,
                                     warnings=[*entry.ingest.warnings, note]) if entry.ingest else None
        report.from_feed.append(f"{link or entry.headline}: {why_not_page}")
        self._add(dataclasses.replace(entry, url=link, ingest=ingest), link or feed.url, feed_bytes, "feed", report)
        return True

    def _read_page(self, feed: FeedSource, entry: Article, link: str, page_bytes: bytes,
                   cfg: dict[str, Any]) -> tuple[Article | None, str | None]:
        """The page's article completed from its feed entry, or None and why not."""
        from newsprism.ingest import read_path

        spooled = self._spool(link, ".html", page_bytes)
        try:
            # a name given in FEEDS.txt names the page too (it wins over the page's own
            # site name, as --source does); otherwise the feed's title is the fallback
            items = list(read_path(spooled, format="html", source=feed.outlet, fallback_source=entry.source,
                                   config=cfg))
        finally:
            spooled.unlink(missing_ok=True)
        page = next((item for item in items if isinstance(item, Article)), None)
        if page is None:
            rejection = next((item for item in items if isinstance(item, Rejection)), None)
            return None, rejection.problem if rejection else "the page gave no article"
        # url and date do not enter the content id; the source was set when reading, so
        # the id of the stored article is the one its content gives
        changes: dict[str, Any] = {"url": urljoin(link, page.url) if page.url else link}
        if page.published is None and entry.published is not None:
            changes.update(published=entry.published, date_precision=entry.date_precision,
                           date_origin=entry.date_origin)
        if page.ingest is not None:
            changes["ingest"] = dataclasses.replace(page.ingest, path=link)
        return dataclasses.replace(page, **changes), None

    def _add(self, article: Article, input_path: str, data: bytes, input_format: str, report: FeedReport) -> None:
        result = self.store.add_articles([article], input_path=input_path,
                                         input_sha256=hashlib.sha256(data).hexdigest(), input_format=input_format)
        report.new += len(result.new)
        report.known += len(result.known)

    def _spool(self, url: str, suffix: str, data: bytes) -> Path:
        path = self.spool_folder / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:32] + suffix)
        path.write_bytes(data)
        return path


def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
