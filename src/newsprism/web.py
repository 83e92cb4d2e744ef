"""A small web UI and JSON API over a store: what ``newsprism serve`` runs.

    create_app(db)  -> a FastAPI app (JSON under /api, HTML pages elsewhere, OpenAPI at /openapi.json)
    serve(db, ...)  -> that app under uvicorn

The store is opened once per app (one SQLAlchemy engine; every request checks out its own
connection, and SQLite WAL lets the server read while ``newsprism ingest`` writes).

Article text is untrusted. HTML goes through Jinja2 with autoescaping, and every HTML and
JSON response carries a Content-Security-Policy that forbids scripts and any external
resource, so even a missed escape cannot run code. The API and pages have no
authentication: serve on 127.0.0.1 (the default) unless the network is trusted.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, time
from typing import Annotated, Any, Literal
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, BeforeValidator, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsprism import __version__
from newsprism.config import load_config
from newsprism.errors import NotFound
from newsprism.records import Analysis, Article, to_dict
from newsprism.render import format_quantity, format_when
from newsprism.store import Store
from newsprism.uploads import Busy, Uploads, ingest_files_sent, unique_names

__all__ = ["CONTENT_SECURITY_POLICY", "create_app", "serve"]

log = logging.getLogger(__name__)

# No script, nothing from elsewhere, forms only to this server, never inside another
# site's frame.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
                           "frame-ancestors 'none'; base-uri 'none'")
# The names a browser may reach this server by. A page on another site that points its own
# name at 127.0.0.1 (DNS rebinding) is refused, so it cannot read the store through the
# visitor's browser. `serve --host` adds the address it listens on; more in [web] allowed_hosts.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
# FastAPI's interactive docs load Swagger UI / ReDoc scripts from a CDN; the strict
# policy would blank them, and they show no article text.
# Store ids are hex (articles) or "s-" + hex (stories); anything else cannot be an id,
# and must not reach the store's prefix LIKE, where "%" and "_" are wildcards.
_ID_CHARS = re.compile(r"[A-Za-z0-9-]+")
_SNIPPET_MARK = re.compile(r"\[([^\[\]]*)\]")  # Store.search marks matched words with [ ]
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "OUTLET", "NAME", "FAC", "EVENT"}
_PAGE_SIZE = 100
_MAX_OFFSET = 10**9  # past any store; SQLite's integers end at 2**63
# A form sends its empty date fields as "since=&until=": that is no date, not a bad one.
OptionalDate = Annotated[datetime | None, BeforeValidator(lambda v: None if isinstance(v, str) and not v.strip() else v)]


# ---------------------------------------------------------------------------- response shapes


class ArticleRow(BaseModel):
    """One article in a listing (the fields of ``newsprism articles -f json``)."""

    id: str
    headline: str
    source: str | None
    published: datetime | None
    language: str | None
    url: str | None
    story: str | None = Field(description="Id of the story the article belongs to, if assigned yet.")


class ArticleDetail(BaseModel):
    """An article with its analysis (the shape of ``newsprism article ID -f json``)."""

    article: dict[str, Any]
    text: str = Field(description="Headline + body; analysis offsets point into this string.")
    story: str | None
    analysis: dict[str, Any] | None = Field(description="Entities, times, quantities, quotes, citations; "
                                                        "null when the article is not analysed yet.")


class SearchHit(BaseModel):
    id: str
    headline: str
    source: str | None
    published: datetime | None
    snippet: str = Field(description="Matching passage; matched words are in [brackets].")
    story: str | None


class IngestResult(BaseModel):
    """What an upload did: the summary of `newsprism ingest --format json`, and each
    article of the file with the story it joined."""

    files: int
    files_skipped: int
    new: int
    known: int
    rejected: list[dict[str, Any]]
    analysed: int
    assigned: int
    stopped_early: bool
    without_outlet: int
    articles: list[dict[str, Any]]


class EntityInfo(BaseModel):
    """One entity across the store (see newsprism.entity_lookup)."""

    name: str
    articles: int = Field(description="Articles with at least one mention or quote of it.")
    mentions: int
    labels: dict[str, int] = Field(description="How the mentions are typed (PERSON, ORG, GPE...).")
    spellings: list[dict[str, Any]] = Field(description="Each spelling with its mentions and outlets.")
    stories: list[dict[str, Any]]
    outlets: list[dict[str, Any]]
    quotes: list[dict[str, Any]] = Field(description="What it is quoted saying, oldest first.")


class StoryRow(BaseModel):
    """One story (the rows of ``newsprism stories -f json``)."""

    id: str
    headline: str
    articles: int
    outlets: int
    languages: str | None = Field(description="Comma-separated ISO 639-1 codes.")
    first_seen: datetime | None
    last_seen: datetime | None
    recent: int = Field(description="Articles ingested in the day before the store's latest ingest.")
    contradictions: int | None = Field(description="Facts the outlets contradict each other on, from the story's "
                                                   "brief; null when not compared since the story last changed.")


class StoryMemberRow(BaseModel):
    article_id: str
    headline: str
    source: str | None
    published: datetime | None
    language: str | None
    score: float = Field(description="Similarity to the story when the article joined (1.0 if it started it).")
    new_story: bool
    method: str = Field(description="online, recluster, merge or split.")
    evidence: dict[str, Any] = Field(description="Why the article joined: shared entities, terms, dates, numbers.")


class StoryDetail(BaseModel):
    id: str
    headline: str
    members: list[StoryMemberRow]


class Health(BaseModel):
    status: str
    version: str
    schema_version: int
    articles: int
    stories: int


# ---------------------------------------------------------------------------- the app


def _cross_site(request: Request, hosts: set[str]) -> bool:
    """Whether a request was sent by a page of another site. Browsers say so in
    Sec-Fetch-Site; older ones only in Origin (which is "null" for this server's own
    forms under its no-referrer policy, so "null" decides nothing). Scripts and curl send
    neither, and are not refused."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in ("cross-site", "same-site")
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return False
    host = urlsplit(origin).hostname or ""
    return "*" not in hosts and host.lower() not in hosts


def _host_name(header: str) -> str:
    """The name in a Host header, without its port ("[::1]:8000" -> "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def create_app(db: str | None = None, config: dict[str, Any] | None = None,
               allowed_hosts: tuple[str, ...] = ()) -> FastAPI:
    """The web UI and JSON API over the store at ``db`` (default: $NEWSPRISM_DB, else
    ./newsprism.db). ``config`` is a loaded configuration (default settings if None); it
    shapes the briefs. Requests must name the server by a local name, one of
    ``allowed_hosts`` or one in the configuration's [web] allowed_hosts ("*": any).
    Raises ``StoreError`` at once if the store cannot be opened.

    >>> from fastapi.testclient import TestClient  # doctest: +SKIP
    >>> TestClient(create_app("news.db"), base_url="http://localhost").get("/api/health").json()["status"]  # doctest: +SKIP
    'ok'
    """
    store = Store.open(db)
    cfg = config or load_config()
    uploads = Uploads(store, cfg)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        uploads.close()
        store.close()

    # FastAPI's /docs and /redoc load their scripts from a CDN, and newsprism runs
    # offline: /docs is our own page (below), the schema itself is at /openapi.json
    app = FastAPI(title="newsprism", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="How one news event is reported across many outlets: articles, their "
                              "analyses, stories and story briefs; files are added with POST "
                              "/api/ingest. Ids may be given as "
                              "unambiguous prefixes (at least 4 characters for articles).")
    app.state.store = store
    app.state.config = cfg

    hosts = {h.strip().lower().strip("[]") for h in [*LOCAL_HOSTS, *allowed_hosts,
                                                     *cfg.get("web", {}).get("allowed_hosts", [])] if h.strip()}

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        if "*" not in hosts and _host_name(request.headers.get("host", "")) not in hosts:
            response: Response = PlainTextResponse(
                "unknown Host header: this server answers to " + ", ".join(sorted(hosts))
                + " (add a name with [web] allowed_hosts)", status_code=421)
        elif request.method not in ("GET", "HEAD", "OPTIONS") and _cross_site(request, hosts):
            # a page elsewhere posting into the store through the visitor's browser
            response = PlainTextResponse("refused: a write from another site's page (its Origin is not this "
                                         "server)", status_code=403)
        else:
            try:
                response = await call_next(request)
            except Exception as exc:  # never a traceback, never a page without the headers below
                log.exception("%s %s failed", request.method, request.url.path)
                message = f"internal error ({type(exc).__name__}); the server log has the details"
                response = (JSONResponse({"detail": message}, status_code=500) if _is_api(request)
                            else _page("web_error.html.j2", status_code=500, title="Server error", message=message))
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return _page("web_error.html.j2", status_code=404, title="Not found", message=str(exc))

    # Pages answer errors with a page, the API with JSON: a person who types /?offset=-1
    # or a wrong address reads what went wrong, not a JSON document.
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request):
            return await http_exception_handler(request, exc)
        message = ("There is no page at this address." if exc.status_code == 404 else str(exc.detail))
        return _page("web_error.html.j2", status_code=exc.status_code,
                     title="Not found" if exc.status_code == 404 else "Cannot show this page", message=message)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(f"{'.'.join(str(part) for part in e['loc'][1:]) or 'request'}: {e['msg']}"
                             for e in exc.errors())
        return _page("web_error.html.j2", status_code=400, title="Bad request", message=problems)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_reference() -> HTMLResponse:
        """The HTTP API, from its OpenAPI schema, as a plain page (FastAPI's own pages
        load scripts from a CDN; newsprism runs offline)."""
        return _page("web_docs.html.j2", title="HTTP API", endpoints=_endpoints(app.openapi()),
                     version=__version__)

    _add_api_routes(app, store, cfg)
    _add_page_routes(app, store, cfg)
    _add_upload_routes(app, uploads, cfg)
    return app


def serve(db: str | None = None, host: str = "127.0.0.1", port: int = 8000,
          config: dict[str, Any] | None = None) -> None:
    """Serve the web UI and API with uvicorn until interrupted (Ctrl-C).

    The store is opened before the server starts, so a bad ``db`` raises ``StoreError``
    here rather than on the first request.
    """
    import uvicorn

    import socket

    names = (host,) if host not in ("0.0.0.0", "::", "") else (socket.gethostname(), socket.getfqdn())
    app = create_app(db, config, allowed_hosts=names)
    if host not in {"127.0.0.1", "localhost", "::1"}:
        log.warning("serving on %s: the API has no authentication; anyone who can reach it can read the store", host)
        log.warning("answering to %s; add the names users type in [web] allowed_hosts",
                    ", ".join(sorted({*LOCAL_HOSTS, *names})))
    uvicorn.run(app, host=host, port=port, log_level="info")


# ---------------------------------------------------------------------------- shared helpers


def _checked_id(value: str, what: str) -> str:
    if not _ID_CHARS.fullmatch(value):
        raise NotFound(f"no {what} with id {value!r} in the store")
    return value


def _end_of_day_if_date_only(request: Request, name: str, value: datetime | None) -> datetime | None:
    # "until=2023-10-04" means through that day, not up to its first second.
    raw = request.query_params.get(name, "")
    if value is not None and len(raw) == 10:
        return datetime.combine(value.date(), time.max)
    return value


def _article_row(store: Store, a: Article) -> ArticleRow:
    return ArticleRow(id=a.id, headline=a.headline, source=a.source, published=a.published,
                      language=a.language, url=a.url, story=store.story_of(a.id))


def _search_hits(store: Store, q: str, limit: int) -> list[SearchHit]:
    return _search(store, q, limit)[0]


def _search(store: Store, q: str, limit: int) -> tuple[list[SearchHit], list[str]]:
    """Search hits and the other spellings searched."""
    found, spelled = store.search_with_variants(q, limit=limit)
    hits = [SearchHit(id=a.id, headline=a.headline, source=a.source, published=a.published, snippet=snip,
                      story=store.story_of(a.id)) for a, snip in found]
    return hits, sorted({v for vs in spelled.values() for v in vs})


# ---------------------------------------------------------------------------- JSON API


def _add_api_routes(app: FastAPI, store: Store, cfg: dict[str, Any]) -> None:
    @app.get("/api/health", response_model=Health, tags=["api"])
    def health() -> Health:
        """Liveness and a count of what the store holds."""
        return Health(status="ok", version=__version__, schema_version=store.schema_version,
                      articles=store.count_articles(), stories=len(store.story_rows()))

    @app.get("/api/articles", response_model=list[ArticleRow], tags=["api"])
    def list_articles(
        request: Request,
        source: str | None = Query(None, description="Only this outlet (case-insensitive)."),
        language: str | None = Query(None, description="Only this language (ISO 639-1)."),
        since: Annotated[OptionalDate, Query(description="Published on or after (YYYY-MM-DD or ISO datetime).")] = None,
        until: Annotated[OptionalDate, Query(description="Published on or before; a bare date includes that "
                                                          "whole day.")] = None,
        limit: int = Query(_PAGE_SIZE, ge=1, le=1000),
        offset: int = Query(0, ge=0, le=_MAX_OFFSET),
    ) -> list[ArticleRow]:
        """Stored articles in ingest order."""
        until = _end_of_day_if_date_only(request, "until", until)
        rows = store.list_articles(source=source, language=language, since=since, until=until,
                                   limit=limit, offset=offset)
        return [_article_row(store, a) for a in rows]

    @app.get("/api/articles/{article_id}", response_model=ArticleDetail, tags=["api"],
             responses={404: {"description": "No article with this id (or the prefix is ambiguous)."}})
    def get_article(article_id: str) -> ArticleDetail:
        """One article with its analysis and the id of its story."""
        article = store.get_article(_checked_id(article_id, "article"))
        analysis = store.get_analysis(article.id)
        return ArticleDetail(article=to_dict(article), text=article.full_text, story=store.story_of(article.id),
                             analysis=to_dict(analysis) if analysis else None)

    @app.get("/api/search", response_model=list[SearchHit], tags=["api"])
    def search(q: str = Query(..., min_length=1, description="Words and \"phrases\" to find in headlines and bodies."),
               limit: int = Query(20, ge=1, le=200)) -> list[SearchHit]:
        """Full-text search, best match first. A name word also finds the other spellings of
        it in the store (Zhurakovsky finds Zhurakovskiy and Schurakowski)."""
        return _search_hits(store, q, limit)

    @app.post("/api/ingest", response_model=IngestResult, tags=["api"],
              responses={400: {"description": "An empty upload or a bad file name."},
                         413: {"description": "Over the size limit (ingest.max_file_mb)."}})
    async def ingest(request: Request,
                     filename: str = Query(..., min_length=1, max_length=200,
                                           description="The file's name; its extension picks the reader "
                                                       "(.txt, .html, .json, .jsonl, .csv, .xml feed, .warc, .gz)."),
                     source: str | None = Query(None, max_length=200,
                                                description="The outlet of every article in it.")) -> dict[str, Any]:
        """Ingest one file sent as the request body (the same readers and limits as
        `newsprism ingest`), analyse it and assign its articles to stories. Answers with
        the summary and each article of the file with its story."""
        from starlette.concurrency import run_in_threadpool

        name = _upload_name(filename)
        limit = int(float(cfg["ingest"]["max_file_mb"]) * 1024 * 1024)
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > limit:
                raise StarletteHTTPException(413, f"{name}: over the {cfg['ingest']['max_file_mb']:g} MB limit "
                                                  "(set ingest.max_file_mb)")
        if not body:
            raise StarletteHTTPException(400, f"{name}: empty upload")
        summary = await run_in_threadpool(ingest_files_sent, store, cfg, [(name, bytes(body))], source)
        if summary.rejected and not summary.article_ids:  # nothing in it could be read
            raise StarletteHTTPException(422, "; ".join(str(r) for r in summary.rejected))
        ids = list(dict.fromkeys(summary.article_ids))
        found, stories = store.get_articles(ids), store.stories_of(ids)
        return {**summary.to_dict(), "articles": [{"id": i, "headline": found[i].headline, "story": stories.get(i)}
                                                  for i in ids if i in found]}

    @app.get("/api/entities", response_model=EntityInfo, tags=["api"])
    def entity(name: str = Query(..., min_length=2, max_length=200,
                                 description="A person, organisation or place, in any spelling.")) -> dict[str, Any]:
        """One entity across the store: its stories, outlets, spellings and quotes."""
        from newsprism.entity_lookup import find_entity

        return to_dict(find_entity(store, name))

    @app.get("/api/stories", response_model=list[StoryRow], tags=["api"])
    def list_stories(request: Request, limit: int = Query(_PAGE_SIZE, ge=1, le=10000),
                     offset: int = Query(0, ge=0, le=_MAX_OFFSET), filters: StoryFilters = Depends()) -> list[dict[str, Any]]:
        """Active stories, largest first unless sorted otherwise: the rows of `newsprism stories`."""
        return _story_rows(request, store, filters)[offset:offset + limit]

    @app.get("/api/stories/{story_id}", response_model=StoryDetail, tags=["api"],
             responses={404: {"description": "No story with this id (or the prefix is ambiguous)."}})
    def get_story(story_id: str) -> StoryDetail:
        """A story's member articles with the evidence for each assignment."""
        full = store.resolve_story_id(_checked_id(story_id, "story"))
        members = [StoryMemberRow(**{**r, "evidence": r["evidence"] or {}}) for r in store.story_members(full)]
        return StoryDetail(id=full, headline=store.story_headline(full), members=members)

    @app.get("/api/stories/{story_id}/brief", tags=["api"], response_class=Response,
             responses={200: {"description": "The story brief (schema newsprism.brief/1), exactly as "
                                             "`newsprism story ID -f json` prints it.",
                              "content": {"application/json": {}}},
                        404: {"description": "No story with this id (or the prefix is ambiguous)."}})
    def get_brief(story_id: str) -> Response:
        """The story's brief: facts with each outlet's claims and verdicts, entities, quotes,
        citations, timeline, reprints."""
        from newsprism import pipeline
        from newsprism.render.brief import render_brief

        brief = pipeline.story_brief(store, _checked_id(story_id, "story"), config=cfg)
        return Response(render_brief(brief, "json"), media_type="application/json")


# ---------------------------------------------------------------------------- HTML pages


def _environment():  # type: ignore[no-untyped-def]
    """The briefs' template environment (autoescaping on), with the web pages' filter."""
    from newsprism.render.brief import template_environment

    env = template_environment()
    env.filters.setdefault("when", _when)
    return env


class StoryFilters:
    """The story list's sort and filters, shared by `/` and `/api/stories`."""

    def __init__(
        self,
        sort: Literal["size", "newest", "oldest", "growth", "contradictions"] = Query(
            "size", description="size: most articles first; newest/oldest: by publication; growth: most "
                                "articles ingested in the day before the latest ingest; contradictions: "
                                "most contradicted facts first."),
        outlet: str | None = Query(None, max_length=200, description="Only stories with an article from this "
                                                                     "outlet (case-insensitive)."),
        language: str | None = Query(None, max_length=20, description="Only stories with an article in this "
                                                                      "language (ISO 639-1)."),
        since: Annotated[OptionalDate, Query(description="Only stories reported on or after (YYYY-MM-DD).")] = None,
        until: Annotated[OptionalDate, Query(description="Only stories reported on or before; a bare date "
                                                          "includes that whole day.")] = None,
        q: str | None = Query(None, max_length=500, description="Only stories with an article matching these "
                                                                "words (full-text, other spellings of names too)."),
        contradicted: bool = Query(False, description="Only stories whose outlets contradict each other on "
                                                      "some fact (among the stories compared so far)."),
    ) -> None:
        self.sort, self.outlet, self.language, self.since, self.until = sort, outlet, language, since, until
        self.q, self.contradicted = q, contradicted


def _story_rows(request: Request, store: Store, f: StoryFilters) -> list[dict[str, Any]]:
    return store.story_rows(sort=f.sort, outlet=f.outlet or None, language=f.language or None, since=f.since,
                            until=_end_of_day_if_date_only(request, "until", f.until), words=f.q,
                            contradicted=f.contradicted)


def _upload_name(filename: str) -> str:
    """The uploaded file's own name, without any folder part; 400 when nothing is left."""
    name = re.split(r"[\\/]", filename.strip())[-1].strip()
    name = "".join(ch for ch in name if ch.isprintable())
    if not name or name in (".", ".."):
        raise StarletteHTTPException(400, f"bad file name {filename!r}")
    if len(name.encode()) > 200:  # file systems stop at 255 bytes; keep the extension, which picks the reader
        stem, dot, ext = name.rpartition(".")
        ext = ext[:20] if dot else ""
        name = stem.encode()[:200 - len(ext.encode()) - 1].decode(errors="ignore") + ("." + ext if ext else "") \
            if dot else name.encode()[:200].decode(errors="ignore")
    return name


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _endpoints(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of an OpenAPI schema, in path order, with their parameters."""
    out = []
    for path, operations in sorted(schema.get("paths", {}).items()):
        for method, op in operations.items():
            params = [{"name": p["name"], "where": p.get("in", ""), "required": p.get("required", False),
                       "type": _schema_type(p.get("schema", {})), "default": p.get("schema", {}).get("default"),
                       "description": p.get("description") or p.get("schema", {}).get("description") or ""}
                      for p in op.get("parameters", [])]
            out.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "parameters": params,
                        "example": path if method == "get" and "{" not in path else None})
    return out


def _schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_schema_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    kind = schema.get("type", "")
    if schema.get("format"):
        kind += f" ({schema['format']})"
    limits = [f"{word} {schema[key]}" for key, word in (("minimum", ">="), ("maximum", "<="),
                                                         ("maxLength", "length <="), ("minLength", "length >="))
              if key in schema]
    return kind + (f", {', '.join(limits)}" if limits else "")


def _page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_environment().get_template(template).render(**context), status_code=status_code)


def _when(value: Any) -> str:
    return format_when(value)


def _safe_link(url: str | None) -> str | None:
    """Only web addresses become links; "javascript:" and the like stay text."""
    if not url:
        return None
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else None


def _marked(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, is_match) pieces, so the template can <mark> matches
    without ever marking up the text itself."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for m in _SNIPPET_MARK.finditer(snippet):
        if m.start() > pos:
            pieces.append((snippet[pos:m.start()], False))
        pieces.append((m.group(1), True))
        pos = m.end()
    if pos < len(snippet):
        pieces.append((snippet[pos:], False))
    return pieces


def _context(text: str, start: int, end: int, width: int = 30) -> tuple[str, str, str]:
    return (text[max(0, start - width):start].replace("\n", " "), text[start:end],
            text[end:end + width].replace("\n", " "))


def _analysis_tables(article: Article, analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """Rows for the article page's tables, one list per kind of finding."""
    text = article.full_text
    entities = [{"label": e.label, "text": e.text, "offsets": f"{e.start}–{e.end}", "key": e.key}
                for e in analysis.entities if e.label in _ENTITY_LABELS]
    times = []
    for d in analysis.times:
        value = d.value or (f"{d.offset_days:+d} days from {d.relative_to or '?'}" if d.offset_days is not None
                            else (f"relative to {d.relative_to}" if d.relative_to else "–"))
        times.append({"kind": d.kind, "text": d.text, "value": value, "detail": d.duration or d.granularity or "",
                      "context": _context(text, d.start, d.end)})
    numbers = []
    for q in analysis.quantities:
        numbers.append({"value": format_quantity(q), "qualifier": q.qualifier, "counted": q.counted or q.unit or "–",
                        "category": q.category or "–", "text": q.text})
    quotes = [{"kind": q.kind, "speaker": q.speaker.text if q.speaker else "–", "cue": q.cue.text if q.cue else "–",
               "content": q.content.text} for q in analysis.quotes]
    citations = [{"kind": c.kind, "source": c.source, "cue": c.cue.text if c.cue else "–",
                  "content": c.content.text if c.content else "–"} for c in analysis.citations]
    return {"entities": entities, "times": times, "numbers": numbers, "quotes": quotes, "citations": citations}


def _add_page_routes(app: FastAPI, store: Store, cfg: dict[str, Any]) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, offset: int = Query(0, ge=0, le=_MAX_OFFSET), filters: StoryFilters = Depends()) -> HTMLResponse:
        rows = _story_rows(request, store, filters)
        page = rows[offset:offset + _PAGE_SIZE]
        outlets = store.story_outlets(r["id"] for r in page)
        page = [{**r, "outlet_names": outlets.get(r["id"], [])} for r in page]
        chosen = {k: v for k, v in request.query_params.items() if k != "offset" and v}
        return _page("web_index.html.j2", title="Stories", stories=page, total=len(rows), offset=offset,
                     page_size=_PAGE_SIZE, articles=store.count_articles(), filters=filters,
                     sorts=Store.STORY_SORTS, languages=store.languages(), query=urlencode(chosen),
                     filtered=bool(set(chosen) - {"sort"}))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> HTMLResponse:
        from newsprism import pipeline
        from newsprism.render.brief import brief_to_html

        brief = pipeline.story_brief(store, _checked_id(story_id, "story"), config=cfg)
        nav = _environment().get_template("web_story_nav.html.j2").render(brief=brief)
        # The brief's own <body> tag comes first: anything before it is template text or
        # escaped (a "<body>" inside a headline arrives as "&lt;body&gt;").
        return HTMLResponse(brief_to_html(brief).replace("<body>", "<body>\n" + nav, 1))

    @app.get("/stories/{story_id}/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(story_id: str, a: str | None = Query(None, max_length=64),
                     b: str | None = Query(None, max_length=64)) -> HTMLResponse:
        """Two articles of a story side by side (the first two reports by default)."""
        from newsprism import pipeline
        from newsprism.render.brief import fact_label
        from newsprism.render.side_by_side import side_by_side

        brief = pipeline.story_brief(store, _checked_id(story_id, "story"), config=cfg)
        members = [x.id for x in brief.articles]
        if len(members) < 2:
            return _page("web_error.html.j2", status_code=400, title="Nothing to compare",
                         message="This story has one article; side by side needs two.")
        chosen = []
        for given, default in ((a, members[0]), (b, members[1])):
            if given is None:
                chosen.append(default)
                continue
            full = [m for m in members if m.startswith(given)] if len(given) >= 4 else []
            if len(full) != 1:
                raise NotFound(f"article {given!r} is not one of this story's articles")
            chosen.append(full[0])
        found = store.get_articles(chosen)
        view = side_by_side(brief, found[chosen[0]], found[chosen[1]], fact_label)
        return _page("web_compare.html.j2", title=f"Side by side: {brief.headline}", brief=brief, view=view,
                     names={x.id: x.outlet or x.id[:8] for x in brief.articles})

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        article = store.get_article(_checked_id(article_id, "article"))
        analysis = store.get_analysis(article.id)
        story = store.story_of(article.id)
        from newsprism.render.side_by_side import highlighted_paragraphs

        return _page("web_article.html.j2", title=article.headline or article.id, article=article,
                     marked=highlighted_paragraphs(article, analysis) if analysis else None,
                     link=_safe_link(article.url), story=story,
                     story_headline=store.story_headline(story) if story else None,
                     tables=_analysis_tables(article, analysis) if analysis else None)

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(name: str = Query("", max_length=200)) -> HTMLResponse:
        from newsprism.entity_lookup import find_entity

        report = find_entity(store, name) if name.strip() else None
        return _page("web_entity.html.j2", title=name.strip() or "Entity", name=name, report=report)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = Query("", max_length=500)) -> HTMLResponse:
        found, variants = _search(store, q, 50) if q.strip() else ([], [])
        hits = [(h, _marked(h.snippet)) for h in found]
        return _page("web_search.html.j2", title=f"Search: {q}" if q else "Search", q=q, hits=hits,
                     variants=variants)


# ---------------------------------------------------------------------------- uploads from the browser

MAX_UPLOAD_FILES = 100


def _add_upload_routes(app: FastAPI, uploads: Uploads, cfg: dict[str, Any]) -> None:
    from fastapi.responses import RedirectResponse

    limit_mb = float(cfg["ingest"]["max_file_mb"])

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form() -> HTMLResponse:
        return _page("web_upload.html.j2", title="Add articles", max_files=MAX_UPLOAD_FILES, limit_mb=limit_mb)

    @app.post("/upload", include_in_schema=False)
    async def upload(request: Request) -> Response:
        """The form's files are read into memory (each within ingest.max_file_mb), then
        ingested in the background; the answer is the upload's progress page."""
        sent = request.headers.get("content-length", "")
        if sent.isdigit() and int(sent) > limit_mb * 1024 * 1024 * MAX_UPLOAD_FILES:
            raise StarletteHTTPException(413, f"the upload is over {MAX_UPLOAD_FILES} files of "
                                              f"{limit_mb:g} MB (set ingest.max_file_mb)")
        try:
            form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=20)
        except StarletteHTTPException:
            raise
        except Exception as exc:  # a malformed multipart body
            raise StarletteHTTPException(400, f"cannot read the upload ({exc})") from exc
        files: list[tuple[str, bytes]] = []
        try:
            for item in form.getlist("files"):
                if isinstance(item, str) or not getattr(item, "filename", None):
                    continue  # the form sent with no file chosen
                name = _upload_name(item.filename)
                if item.size is not None and item.size > limit_mb * 1024 * 1024:
                    raise StarletteHTTPException(413, f"{name}: over the {limit_mb:g} MB limit (set ingest.max_file_mb)")
                data = await item.read()
                if not data:
                    raise StarletteHTTPException(400, f"{name}: empty file")
                files.append((name, data))
            source = form.get("source")
            source = source.strip()[:200] if isinstance(source, str) and source.strip() else None
        finally:
            await form.close()
        if not files:
            raise StarletteHTTPException(400, "no file chosen: pick one or more files of articles")
        names = unique_names([n for n, _ in files])
        try:
            job = uploads.submit([(n, data) for n, (_, data) in zip(names, files)], source)
        except Busy as exc:
            raise StarletteHTTPException(503, str(exc)) from exc
        return RedirectResponse(f"/uploads/{job.id}", status_code=303)

    @app.get("/uploads/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def upload_status(job_id: str) -> HTMLResponse:
        job = uploads.get(_checked_id(job_id, "upload"))
        if job is None:
            raise NotFound(f"no upload {job_id!r} on this server (uploads are remembered until it restarts)")
        return _page("web_upload_status.html.j2", title="Upload", job=job)
