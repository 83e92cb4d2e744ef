"""The article store through SQLAlchemy 2: an SQLite file (WAL) by default, or a
PostgreSQL database (``postgresql://...``, psycopg 3) with the same tables and migrations.

Guarantees the CLI relies on:
- every input file is stored in one transaction together with its ``inputs`` row, so a
  crash or ``kill -9`` leaves whole files or nothing, and a re-run skips files already
  done (same path and content hash) and never duplicates an article (content-hash ids);
- the schema carries a version; ``open`` applies pending migrations in order and refuses
  a store written by a newer newsprism;
- readers can query while a writer ingests (WAL mode, busy timeout).

Full-text search uses SQLite FTS5 on headline and body, and on PostgreSQL a generated
``tsvector`` column with a GIN index. The story lock is a lock file beside an SQLite
store and an advisory lock in PostgreSQL.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    case,
    create_engine,
    delete,
    event,
    distinct,
    func,
    literal_column,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError, SQLAlchemyError

from newsprism.errors import NotFound, StoreError
from newsprism.records import Analysis, Article, Assignment, IngestInfo, Reprint, to_dict
from newsprism.transliterate import transliterate

log = logging.getLogger(__name__)

DEFAULT_DB = "newsprism.db"
DB_ENV = "NEWSPRISM_DB"
SCHEMA_VERSION = 5

metadata = MetaData()

meta_table = Table("meta", metadata, Column("key", String, primary_key=True), Column("value", String))

inputs = Table(
    "inputs", metadata,
    Column("path", String, primary_key=True),
    Column("sha256", String, nullable=False),
    Column("format", String),
    Column("articles", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("ingested_at", DateTime, nullable=False),
)

class _JSONText(TypeDecorator):
    """JSON kept as its text, for PostgreSQL: Python's JSON (NaN for a vague figure's
    value, which PostgreSQL's json type refuses) goes in and comes back unchanged."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else json.dumps(value, default=str)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else json.loads(value)


# SQLite's JSON type is already its text; other databases get the same round trip.
JSON_DOCUMENT = JSON().with_variant(_JSONText(), "postgresql")


articles = Table(
    "articles", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(32), unique=True, nullable=False),
    Column("headline", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("source", String, index=True),
    Column("url", String),
    Column("published", DateTime, index=True),
    Column("date_precision", String),
    Column("date_origin", String),
    Column("language", String(8), index=True),
    Column("language_confidence", Float),
    Column("credits", JSON_DOCUMENT, nullable=False, default=list),
    Column("extra", JSON_DOCUMENT, nullable=False, default=dict),
    Column("ingest", JSON_DOCUMENT),
    Column("ingested_at", DateTime, nullable=False),
)

analyses = Table(
    "analyses", metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("version", String, nullable=False),
    Column("data", JSON_DOCUMENT, nullable=False),
    Column("analysed_at", DateTime, nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", String, primary_key=True),
    Column("headline", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("status", String, nullable=False, default="active"),  # active | merged
    Column("merged_into", String),
)

assignments = Table(
    "assignments", metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", String, ForeignKey("stories.id"), index=True, nullable=False),
    Column("score", Float, nullable=False),
    Column("new_story", Boolean, nullable=False),
    Column("evidence", JSON_DOCUMENT, nullable=False, default=dict),
    Column("method", String, nullable=False, default="online"),
    Column("assigned_at", DateTime, nullable=False),
)

story_log = Table(
    "story_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("action", String, nullable=False),  # merge | split | recluster
    Column("details", JSON_DOCUMENT, nullable=False),
)

reprints = Table(
    "reprints", metadata,
    Column("copy_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("original_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("similarity", Float, nullable=False),
    Column("containment", Float, nullable=False),
    Column("diff", JSON_DOCUMENT, nullable=False, default=list),
)

state_table = Table(
    "component_state", metadata,
    Column("name", String, primary_key=True),
    Column("data", JSON_DOCUMENT, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)


briefs = Table(
    "briefs", metadata,
    Column("story_id", String, primary_key=True),
    Column("fingerprint", String(64), nullable=False),  # of what the brief was built from
    Column("data", JSON_DOCUMENT, nullable=False),
    Column("built_at", DateTime, nullable=False),
    # for the story list: the brief's contradictions, valid while the story keeps this many articles
    Column("contradictions", Integer, nullable=True),
    Column("articles", Integer, nullable=True),
)

vectors = Table(
    "vectors", metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("data", LargeBinary, nullable=False),  # float32 sentence vector, little-endian
)


# PostgreSQL indexes the headline and the first PG_SEARCH_CHARS characters of the body
# (a tsvector holds at most 1 MB); SQLite's FTS5 indexes all of it.
PG_SEARCH_CHARS = 200_000
_PG_DOCUMENT = f"coalesce(headline, '') || ' ' || left(coalesce(body, ''), {PG_SEARCH_CHARS})"


def _pg_fold_function(conn: Connection) -> None:
    """``newsprism_fold(text)``: the text without its accents (São Paulo -> Sao Paulo), as
    SQLite's FTS5 reads it (remove_diacritics), through PostgreSQL's unaccent extension;
    the text unchanged where that extension cannot be created here."""
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
        body = "SELECT unaccent('unaccent'::regdictionary, $1)"
    except DBAPIError:
        log.warning("PostgreSQL's unaccent extension is not available: search here minds accents")
        body = "SELECT $1"
    conn.execute(text(f"CREATE OR REPLACE FUNCTION newsprism_fold(text) RETURNS text LANGUAGE sql IMMUTABLE "
                      f"PARALLEL SAFE STRICT AS $$ {body} $$"))


def _migration_1(conn: Connection) -> None:
    metadata.create_all(conn)
    if conn.dialect.name == "sqlite":
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
            "article_id UNINDEXED, headline, body, tokenize='unicode61 remove_diacritics 2')"))
    elif conn.dialect.name == "postgresql":  # PostgreSQL's own full-text search: tsvector + GIN
        _pg_fold_function(conn)
        conn.execute(text(f"ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector "
                          f"GENERATED ALWAYS AS (to_tsvector('simple', newsprism_fold({_PG_DOCUMENT}))) STORED"))
        conn.execute(text("CREATE INDEX IF NOT EXISTS articles_search ON articles USING GIN (search)"))


def _migration_2(conn: Connection) -> None:
    # sentence vectors kept per article, so stories are rebuilt without encoding again
    vectors.create(conn, checkfirst=True)


def _migration_3(conn: Connection) -> None:
    # briefs kept until their story changes, so pages and `story -f` answer at once
    briefs.create(conn, checkfirst=True)


def _migration_4(conn: Connection) -> None:
    # the story list shows each compared story's contradictions (kept beside its brief)
    from sqlalchemy import inspect

    have = {c["name"] for c in inspect(conn).get_columns("briefs")}
    for name in ("contradictions", "articles"):
        if name not in have:
            conn.execute(text(f"ALTER TABLE briefs ADD COLUMN {name} INTEGER"))
    for story_id, data in conn.execute(select(briefs.c.story_id, briefs.c.data)).all():  # briefs kept before
        if isinstance(data, dict):
            conn.execute(update(briefs).where(briefs.c.story_id == story_id).values(
                articles=len(data.get("articles") or []),
                contradictions=sum(isinstance(f, dict) and f.get("verdict") == "contradict"
                                   for f in data.get("facts") or [])))


def _migration_5(conn: Connection) -> None:
    # PostgreSQL keeps the words of its search index in a table of their own, filled as
    # articles are stored (ts_stat over every article on each search took a third of a
    # second at 5k articles). SQLite reads FTS5's own vocabulary.
    if conn.dialect.name == "postgresql":
        conn.execute(text("CREATE TABLE IF NOT EXISTS search_terms (word TEXT PRIMARY KEY)"))
        conn.execute(text("INSERT INTO search_terms (word) SELECT word FROM ts_stat('SELECT search FROM articles') "
                          "ORDER BY word ON CONFLICT DO NOTHING"))


# Ordered migrations: index i moves the schema from version i to i + 1.
MIGRATIONS: list[Callable[[Connection], None]] = [_migration_1, _migration_2, _migration_3, _migration_4,
                                                  _migration_5]
assert len(MIGRATIONS) == SCHEMA_VERSION


def _revision(version: int) -> str:
    """The alembic revision of a schema version (newsprism/migrations/versions)."""
    return f"{version:04d}"


def _alembic_revision(conn: Connection) -> str | None:
    """The revision alembic last recorded in this store, read without importing alembic
    (a store at the current schema opens without it)."""
    from sqlalchemy import inspect

    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_upgrade(conn: Connection, version: int) -> None:
    """Bring the schema from ``version`` to SCHEMA_VERSION with alembic, on ``conn`` and in
    its transaction. The version in ``meta`` is the schema's: a store made before alembic
    (no revision recorded) is stamped at it first, and so is one whose record disagrees."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "newsprism:migrations")
    config.attributes["connection"] = conn
    recorded = _alembic_revision(conn)
    if version and recorded != _revision(version):  # meta's version is the one the schema has
        command.stamp(config, _revision(version), purge=recorded is not None)
    command.upgrade(config, _revision(SCHEMA_VERSION))


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _naive_utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def _publication_order() -> tuple[Any, ...]:
    """The order stories take articles in: by publication, undated ones last, in ingest order."""
    return (articles.c.published.is_(None), articles.c.published, articles.c.seq)


def _query_terms(query: str) -> tuple[list[str], list[str]]:
    """A search query's "quoted phrases" (non-empty) and its other words. Control
    characters (a NUL ends an FTS5 query) separate words like spaces."""
    if not query.isprintable():
        query = "".join(ch if ch.isprintable() else " " for ch in query)
    phrases = [p.strip() for p in re.findall(r'"([^"]*)"', query) if p.strip()]
    words = re.sub(r'"[^"]*"', " ", query).replace('"', " ").split()
    return phrases, words


def _insert_unless_present(conn: Connection, table: Table, values: dict[str, Any]) -> bool:
    """Insert a row unless one with its primary key exists (then leave that one); whether
    this call inserted it. One statement, so no other writer can slip in between."""
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    elif conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:  # pragma: no cover - the backends we ship
        conn.execute(insert(table).values(**values))
        return True
    statement = dialect_insert(table).values(**values).on_conflict_do_nothing()
    if conn.dialect.name == "postgresql":  # rowcount is -1 there when the driver returns keys
        key = list(table.primary_key.columns)[0]
        return conn.execute(statement.returning(key)).first() is not None
    return bool(conn.execute(statement).rowcount)


def _insert_many_unless_present(conn: Connection, table: Table, key: Any, rows: list[dict[str, Any]]) -> set[Any]:
    """Insert the rows whose ``key`` is not stored yet, in one statement; the keys this
    call inserted (a row another writer stored first is left alone and not returned)."""
    if not rows:
        return set()
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    elif conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:  # pragma: no cover - the backends we ship
        return {row[key.name] for row in rows if _insert_unless_present(conn, table, row)}
    statement = dialect_insert(table).values(rows).on_conflict_do_nothing().returning(key)
    return set(conn.execute(statement).scalars())


@dataclass
class StoredInput:
    path: str
    sha256: str
    articles: int
    rejected: int


@dataclass
class AddResult:
    new: list[str]
    known: list[str]


LOCK_WAIT_ENV = "NEWSPRISM_LOCK_WAIT_S"


def _shown(location: str) -> str:
    """A store location fit to print: a database URL without its password."""
    if "://" not in location or "@" not in location:
        return location
    from sqlalchemy.engine import make_url

    try:
        return make_url(location).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy reads: hide everything before the host
        scheme, rest = location.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"


def lock_wait_seconds() -> float:
    """How long a writer waits for another process to release the store (default 30 s;
    $NEWSPRISM_LOCK_WAIT_S)."""
    try:
        return max(0.0, float(os.environ.get(LOCK_WAIT_ENV, "30")))
    except ValueError:
        return 30.0


def describe_database_error(location: str, exc: BaseException) -> str:
    """One line for a database failure, naming the store and what to do; never the SQL
    or its parameters (they hold article text)."""
    location = _shown(location)
    orig = getattr(exc, "orig", None) or exc
    text_ = " ".join(str(orig).split()) or type(orig).__name__
    low = text_.lower()
    if "locked" in low or "busy" in low:
        return (f"{location}: the store is locked by another process (waited {lock_wait_seconds():g} s); "
                "run this again when it has finished (nothing was lost)")
    if "full" in low or getattr(orig, "errno", None) == errno.ENOSPC or "no space" in low:
        return (f"{location}: the disk is full; free some space and run this again "
                "(what was stored before is kept, and the run resumes where it stopped)")
    if "readonly" in low or "read-only" in low:
        return f"{location}: the store is read-only here (check the file's and its folder's permissions)"
    if "not a database" in low or "malformed" in low:
        return f"{location}: the store file is damaged or not a newsprism store ({text_})"
    if "disk i/o" in low:
        return f"{location}: the disk failed to read or write the store ({text_})"
    return f"{location}: store error ({text_[:300]})"


def resolve_db(db: str | os.PathLike[str] | None) -> str:
    """The store location: the argument, else $NEWSPRISM_DB, else ./newsprism.db."""
    return str(db or os.environ.get(DB_ENV) or DEFAULT_DB)


class Store:
    """An open article store. Use ``Store.open(path)``; close with ``close()`` or ``with``."""

    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None) -> "Store":
        location = resolve_db(db)
        url = location if "://" in location else f"sqlite:///{Path(location).expanduser()}"
        for plain in ("postgresql://", "postgres://"):  # psycopg 3 is the driver newsprism ships with
            if url.startswith(plain):
                url = "postgresql+psycopg://" + url[len(plain):]
        if url.startswith("sqlite:///") and not url.endswith(":memory:"):
            parent = Path(url[len("sqlite:///"):]).parent
            if not parent.exists():
                raise StoreError(f"{location}: folder {parent} does not exist (create it or pass another --db)")
        try:
            engine = create_engine(url, future=True, pool_pre_ping=url.startswith("postgresql"))
        except ModuleNotFoundError as exc:
            raise StoreError(f"{_shown(location)}: no driver for this database ({exc.name} is not installed)") from exc
        except (SQLAlchemyError, ValueError) as exc:
            raise StoreError(f"{_shown(location)}: cannot open store ({exc})") from exc
        if engine.dialect.name == "sqlite":
            @event.listens_for(engine, "connect")
            def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute(f"PRAGMA busy_timeout={int(lock_wait_seconds() * 1000)}")
                cur.close()
        store = cls(engine, location)
        store._migrate()
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        try:
            with self.engine.begin() as conn:
                if conn.dialect.name == "postgresql":  # two processes opening a new database at once
                    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('newsprism.migrate'))"))
                meta_table.create(conn, checkfirst=True)
                row = conn.execute(select(meta_table.c.value).where(meta_table.c.key == "schema_version")).first()
                version = int(row[0]) if row else 0
                if version > SCHEMA_VERSION:
                    raise StoreError(
                        f"{_shown(self.location)}: store has schema version {version}, this newsprism knows "
                        f"{SCHEMA_VERSION}; upgrade newsprism to open it")
                if version != SCHEMA_VERSION or _alembic_revision(conn) != _revision(SCHEMA_VERSION):
                    _alembic_upgrade(conn, version)
                if version != SCHEMA_VERSION:
                    conn.execute(delete(meta_table).where(meta_table.c.key == "schema_version"))
                    conn.execute(insert(meta_table).values(key="schema_version", value=str(SCHEMA_VERSION)))
        except (OperationalError, DatabaseError) as exc:
            problem = " ".join(str(exc.orig).split())
            if any(word in problem.lower() for word in ("locked", "full", "no space")):
                raise StoreError(describe_database_error(self.location, exc)) from exc
            if self.engine.dialect.name != "sqlite" and "connect" in problem.lower():
                raise StoreError(f"{_shown(self.location)}: cannot reach the database ({problem})") from exc
            raise StoreError(f"{_shown(self.location)}: not a usable newsprism store ({problem})") from exc

    @property
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            row = conn.execute(select(meta_table.c.value).where(meta_table.c.key == "schema_version")).first()
        return int(row[0]) if row else 0

    @contextmanager
    def exclusive(self, task: str) -> Iterator[None]:
        """Hold a lock on ``task`` for this store across processes: a lock file beside an
        SQLite store (filelock); a PostgreSQL advisory lock, which holds across machines too."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:  # the lock lives as long as this session
                conn.execute(text("SELECT pg_advisory_lock(hashtext(:t))"), {"t": f"newsprism.{task}"})
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(hashtext(:t))"), {"t": f"newsprism.{task}"})
                    conn.commit()
            return
        if self.engine.dialect.name != "sqlite" or self.location.endswith(":memory:"):
            yield
            return
        from filelock import FileLock  # an OS lock on every platform, released if the process dies

        path = Path(self.location.removeprefix("sqlite:///")).with_suffix(f".{task}.lock")
        with FileLock(str(path)):
            yield

    # ------------------------------------------------------------------ inputs
    def input_done(self, path: str, sha256: str) -> StoredInput | None:
        """The record of an input already ingested with this exact content, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(select(inputs).where(inputs.c.path == path, inputs.c.sha256 == sha256)).first()
        return StoredInput(row.path, row.sha256, row.articles, row.rejected) if row else None

    # ------------------------------------------------------------------ articles
    def add_articles(self, batch: Sequence[Article], *, input_path: str | None = None,
                     input_sha256: str | None = None, input_format: str | None = None,
                     rejected: int = 0) -> AddResult:
        """Store one input's articles in a single transaction (all or nothing).

        Articles already stored (same content id) are reported as known, not duplicated.
        When ``input_path`` is given the input is recorded as done in the same transaction.
        """
        new: list[str] = []
        known: list[str] = []
        with self.engine.begin() as conn:
            ids = [a.id for a in batch]
            existing = set()
            for i in range(0, len(ids), 500):
                existing.update(conn.execute(select(articles.c.id).where(articles.c.id.in_(ids[i:i + 500]))).scalars())
            now = _now()
            fresh: list[Article] = []
            for a in batch:
                if a.id in existing:  # stored before, or twice in this input
                    known.append(a.id)
                    continue
                existing.add(a.id)
                fresh.append(a)
            # one multi-row insert per 500 articles; another process may store some of them
            # between the check above and here (two ingests of overlapping folders): those
            # are known, not an error
            stored: set[str] = set()
            for i in range(0, len(fresh), 500):
                stored |= _insert_many_unless_present(conn, articles, articles.c.id, [dict(
                    id=a.id, headline=a.headline, body=a.text, source=a.source, url=a.url,
                    published=_naive_utc(a.published), date_precision=a.date_precision,
                    date_origin=a.date_origin, language=a.language,
                    language_confidence=a.language_confidence, credits=list(a.credits),
                    extra=_json_safe(a.extra), ingest=to_dict(a.ingest) if a.ingest else None,
                    ingested_at=now) for a in fresh[i:i + 500]])
            for a in fresh:
                (new if a.id in stored else known).append(a.id)
            if new and conn.dialect.name == "sqlite":
                added = {a.id: a for a in fresh if a.id in stored}
                conn.execute(text("INSERT INTO articles_fts(article_id, headline, body) VALUES (:i, :h, :b)"),
                             [{"i": i, "h": added[i].headline, "b": added[i].text} for i in new])
            if new and conn.dialect.name == "postgresql":
                # the new words of the index, in one insert in word order: two ingests at
                # once take the words' locks in the same order, so neither deadlocks
                conn.execute(text("INSERT INTO search_terms (word) SELECT DISTINCT w FROM (SELECT "
                                  "unnest(tsvector_to_array(search)) AS w FROM articles WHERE id = ANY(:ids)) t "
                                  "ORDER BY w ON CONFLICT DO NOTHING"), {"ids": new})
            if input_path is not None:
                conn.execute(delete(inputs).where(inputs.c.path == input_path))
                _insert_unless_present(conn, inputs, dict(path=input_path, sha256=input_sha256 or "",
                                                          format=input_format, articles=len(batch),
                                                          rejected=rejected, ingested_at=now))
        return AddResult(new, known)

    def resolve_article_id(self, prefix: str) -> str:
        """A full article id from an unambiguous prefix (at least 4 characters)."""
        prefix = prefix.lower()  # ids are lowercase hex; PostgreSQL's LIKE minds case
        with self.engine.connect() as conn:
            rows = conn.execute(select(articles.c.id).where(articles.c.id.like(_like_prefix(prefix), escape="\\"))
                                .limit(2)).scalars().all()
        if not rows or len(prefix) < 4:
            raise NotFound(f"no article with id {prefix!r} in the store (list ids with `newsprism articles`)")
        if len(rows) > 1:
            raise NotFound(f"article id prefix {prefix!r} is ambiguous; give more characters")
        return rows[0]

    def get_article(self, article_id: str) -> Article:
        full = self.resolve_article_id(article_id)
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == full)).first()
        return _row_to_article(row)

    def get_articles(self, ids: Iterable[str]) -> dict[str, Article]:
        ids = list(ids)
        out: dict[str, Article] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                for row in conn.execute(select(articles).where(articles.c.id.in_(ids[i:i + 500]))):
                    out[row.id] = _row_to_article(row)
        return out

    def list_articles(self, *, source: str | None = None, language: str | None = None,
                      since: datetime | None = None, until: datetime | None = None,
                      limit: int | None = None, offset: int = 0) -> list[Article]:
        q = select(articles).order_by(articles.c.seq)
        if source:
            q = q.where(func.lower(articles.c.source) == source.lower())
        if language:
            q = q.where(articles.c.language == language)
        if since:
            q = q.where(articles.c.published >= _naive_utc(since))
        if until:
            end = _naive_utc(until)
            if (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0):
                end += timedelta(days=1)  # a bare date means the whole day
                q = q.where(articles.c.published < end)
            else:
                q = q.where(articles.c.published <= end)
        if limit:
            q = q.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [_row_to_article(r) for r in conn.execute(q)]

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """All articles (or the given ones) in ingest order, streamed."""
        q = select(articles).order_by(articles.c.seq)
        with self.engine.connect() as conn:
            if ids is None:
                for row in conn.execution_options(stream_results=True).execute(q):
                    yield _row_to_article(row)
            else:
                found = self.get_articles(ids)
                yield from (found[i] for i in ids if i in found)

    def recent_articles(self, before_id: str, *, days: float, limit: int = 5000) -> list[Article]:
        """Already-assigned articles published within ``days`` before the article
        ``before_id`` (or the latest ``limit`` assigned ones when it is undated)."""
        with self.engine.connect() as conn:
            anchor = conn.execute(select(articles.c.published, articles.c.seq).where(articles.c.id == before_id)).first()
            q = (select(articles).join(assignments, assignments.c.article_id == articles.c.id)
                 .order_by(articles.c.seq.desc()).limit(limit))
            if anchor is not None and anchor.published is not None:
                q = q.where(articles.c.published >= anchor.published - timedelta(days=days))
            rows = conn.execute(q).all()
        return [_row_to_article(r) for r in reversed(rows)]

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(articles)).scalar_one()

    def outlets(self) -> list[str]:
        with self.engine.connect() as conn:
            return sorted(s for s in conn.execute(select(articles.c.source).distinct()).scalars() if s)

    def languages(self) -> list[str]:
        with self.engine.connect() as conn:
            return sorted(s for s in conn.execute(select(articles.c.language).distinct()).scalars() if s)

    def search(self, query: str, *, limit: int = 20, variants: bool = True) -> list[tuple[Article, str]]:
        """Full-text search; returns (article, snippet) best first. Query syntax: FTS5 words
        and "phrases"; anything else is quoted so user input never breaks the query. With
        ``variants`` a name word also finds the other spellings of it in the store
        (Zhurakovsky, Zhurakovskiy; Khovaev, Chovayev): see :meth:`spelling_variants`."""
        return self.search_with_variants(query, limit=limit, variants=variants)[0]

    def search_with_variants(self, query: str, *, limit: int = 20, variants: bool = True, snippets: bool = True
                             ) -> tuple[list[tuple[Article, str]], dict[str, list[str]]]:
        """:meth:`search`, and the other spellings it searched for each word."""
        phrases, words = _query_terms(query)
        if not phrases + words:
            return [], {}
        spelled = self._spelling_variants(words) if variants else {}

        if self.engine.dialect.name == "postgresql":
            return self._search_postgresql(phrases, [[w, *spelled.get(w, [])] for w in words], limit,
                                           snippets), spelled

        def quoted(term: str) -> str:
            return '"' + term.replace('"', "") + '"'

        fts_query = " AND ".join([quoted(p) for p in phrases] + [
            "(" + " OR ".join(quoted(t) for t in [w, *spelled[w]]) + ")" if spelled.get(w) else quoted(w)
            for w in words])
        with self.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT article_id, snippet(articles_fts, 2, '[', ']', ' … ', 12) AS snip "
                "FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rank LIMIT :n"),
                {"q": fts_query, "n": limit}).all()
        found = self.get_articles([r.article_id for r in rows])
        return [(found[r.article_id], r.snip) for r in rows if r.article_id in found], spelled

    def _pg_terms(self) -> list[str]:
        """The words of PostgreSQL's search index (kept in ``search_terms`` as articles are
        stored)."""
        with self.engine.connect() as conn:
            return list(conn.execute(text("SELECT word FROM search_terms")).scalars())

    def _search_postgresql(self, phrases: list[str], word_groups: list[list[str]], limit: int,
                           snippets: bool = True) -> list[tuple[Article, str]]:
        """Search through PostgreSQL's tsvector index: every phrase and every word (in one
        of its spellings) must match; snippets mark matches with [ ] like FTS5's."""
        params: dict[str, Any] = {"n": limit}
        parts = []
        for i, phrase in enumerate(phrases):
            params[f"p{i}"] = phrase
            parts.append(f"phraseto_tsquery('simple', newsprism_fold(:p{i}))")
        for i, group in enumerate(word_groups):
            alternatives = []
            for j, word in enumerate(group):
                params[f"w{i}_{j}"] = word
                alternatives.append(f"plainto_tsquery('simple', newsprism_fold(:w{i}_{j}))")
            parts.append("(" + " || ".join(alternatives) + ")")
        query = " && ".join(parts)
        # rank every match, but cut a snippet (the costly part) only for the best ``limit``
        snippet = (f"ts_headline('simple', left(coalesce(top.body, ''), {PG_SEARCH_CHARS}), top.q, 'StartSel=[, "
                   "StopSel=], MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter= … ')" if snippets else "''")
        sql = (f"SELECT top.id AS article_id, {snippet} AS snip "
               "FROM (SELECT a.id, a.body, q.q, ts_rank(a.search, q.q) AS rank, a.seq "
               f"FROM articles a, (SELECT {query} AS q) q WHERE numnode(q.q) > 0 AND a.search @@ q.q "
               "ORDER BY rank DESC, a.seq LIMIT :n) top ORDER BY top.rank DESC, top.seq")
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql), params).all()
        found = self.get_articles([r.article_id for r in rows])
        return [(found[r.article_id], r.snip) for r in rows if r.article_id in found]

    def spelling_variants(self, query: str) -> dict[str, list[str]]:
        """For each plain word of ``query`` (5 letters or more), the other spellings of it
        that the stored articles use: words that read alike across transliterations (one
        phonetic skeleton, as entity resolution compares names) and differ little. SQLite
        only; an empty mapping elsewhere."""
        return self._spelling_variants(_query_terms(query)[1])

    def _spelling_variants(self, plain_words: list[str]) -> dict[str, list[str]]:
        from rapidfuzz import fuzz, process

        from newsprism.compare.entities import reads_alike, word_skeleton

        words = [w for w in plain_words if len(w) >= 5 and w.isalpha()]
        if not words or self.engine.dialect.name not in ("sqlite", "postgresql"):
            return {}
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "postgresql":
                terms = self._pg_terms()
            else:
                # FTS5's own term list, one row per distinct indexed word (a per-connection table)
                conn.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_fts_terms "
                                  "USING fts5vocab(main, articles_fts, 'row')"))
                terms = conn.execute(text("SELECT term FROM temp.articles_fts_terms")).scalars().all()
        out: dict[str, list[str]] = {}
        for word in words:
            folded = transliterate(word).casefold()
            skeleton = word_skeleton(folded)
            near = process.extract(folded, terms, scorer=fuzz.ratio, score_cutoff=65, limit=100)
            same = [t for t, _, _ in near if t != folded and t.isalpha() and reads_alike(word_skeleton(t), skeleton)]
            if same:
                out[word] = same[:8]
        return out

    # ------------------------------------------------------------------ analyses
    def save_analyses(self, items: Iterable[Analysis]) -> int:
        """Store analyses (replacing any earlier one of the same article), in one transaction."""
        latest = {a.article_id: a for a in items}  # an article given twice: its last analysis
        if not latest:
            return 0
        now = _now()
        rows = [{"article_id": a.article_id, "version": a.version, "data": to_dict(a), "analysed_at": now}
                for a in latest.values()]
        ids = list(latest)
        with self.engine.begin() as conn:
            for i in range(0, len(ids), 500):
                conn.execute(delete(analyses).where(analyses.c.article_id.in_(ids[i:i + 500])))
            conn.execute(insert(analyses), rows)
        return len(rows)

    def get_analysis(self, article_id: str) -> Analysis | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(analyses.c.data).where(analyses.c.article_id == article_id)).first()
        return Analysis.from_dict(row[0]) if row else None

    def get_analyses(self, ids: Iterable[str]) -> dict[str, Analysis]:
        ids = list(ids)
        out = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                for row in conn.execute(select(analyses.c.article_id, analyses.c.data)
                                        .where(analyses.c.article_id.in_(ids[i:i + 500]))):
                    out[row.article_id] = Analysis.from_dict(row.data)
        return out

    def articles_needing_analysis(self, version: str, *, publication_order: bool = False) -> list[str]:
        """Ids with no analysis or one made by another analyser version, in ingest order
        (or in the order stories take them, with ``publication_order``)."""
        q = (select(articles.c.id).select_from(articles.outerjoin(analyses, analyses.c.article_id == articles.c.id))
             .where(or_(analyses.c.version.is_(None), analyses.c.version != version))
             .order_by(*(_publication_order() if publication_order else (articles.c.seq,))))
        with self.engine.connect() as conn:
            return list(conn.execute(q).scalars())

    # ------------------------------------------------------------------ stories
    def unassigned_article_ids(self) -> list[str]:
        """Analysed articles without a story, in publication order (undated ones last, in
        ingest order), so a back-filled archive is streamed as it happened."""
        q = (select(articles.c.id).select_from(articles.outerjoin(assignments, assignments.c.article_id == articles.c.id))
             .join(analyses, analyses.c.article_id == articles.c.id)
             .where(assignments.c.article_id.is_(None))
             .order_by(*_publication_order()))
        with self.engine.connect() as conn:
            return list(conn.execute(q).scalars())

    def without_story(self, ids: Sequence[str]) -> list[str]:
        """Those of ``ids`` that are in no story yet, in the given order."""
        placed = self.stories_of(ids)
        return [i for i in ids if i not in placed]

    def save_assignments(self, items: Sequence[Assignment], headlines: dict[str, str], *,
                         method: str = "online", reprint_rows: Sequence[Reprint] = ()) -> None:
        """Store assignments (new stories created as needed) and reprints in one
        transaction."""
        now = _now()
        with self.engine.begin() as conn:
            known = set(conn.execute(select(stories.c.id).where(
                stories.c.id.in_({a.story_id for a in items}))).scalars()) if items else set()
            for a in items:
                if a.story_id not in known:
                    conn.execute(insert(stories).values(id=a.story_id, headline=headlines.get(a.article_id, ""),
                                                        created_at=now, status="active"))
                    known.add(a.story_id)
                conn.execute(delete(assignments).where(assignments.c.article_id == a.article_id))
                conn.execute(insert(assignments).values(
                    article_id=a.article_id, story_id=a.story_id, score=float(a.score),
                    new_story=a.new_story, evidence=_json_safe(a.evidence), method=method, assigned_at=now))
            for r in reprint_rows:
                conn.execute(delete(reprints).where(reprints.c.copy_id == r.copy_id))
                conn.execute(insert(reprints).values(copy_id=r.copy_id, original_id=r.original_id,
                                                     similarity=r.similarity, containment=r.containment,
                                                     diff=_json_safe(r.diff)))

    def put_state(self, name: str, data: Any) -> None:
        """Save a component's state (a cache of what the tables say) under ``name``."""
        with self.engine.begin() as conn:
            conn.execute(delete(state_table).where(state_table.c.name == name))
            conn.execute(insert(state_table).values(name=name, data=data, updated_at=_now()))

    def recent_assignments(self, *, days: float, undated_limit: int = 2000) -> list[tuple[str, str]]:
        """(article id, story id) for the articles published within ``days`` of the newest
        one, and the latest ``undated_limit`` undated ones, oldest first."""
        with self.engine.connect() as conn:
            newest = conn.execute(select(func.max(articles.c.published))
                                  .join(assignments, assignments.c.article_id == articles.c.id)).scalar()
            base = (select(assignments.c.article_id, assignments.c.story_id, articles.c.seq)
                    .join(articles, articles.c.id == assignments.c.article_id))
            dated = conn.execute(base.where(articles.c.published >= newest - timedelta(days=days))
                                 .order_by(articles.c.published, articles.c.seq)).all() if newest else []
            undated = conn.execute(base.where(articles.c.published.is_(None))
                                   .order_by(articles.c.seq.desc()).limit(undated_limit)).all()
        return [(r.article_id, r.story_id) for r in dated] + [(r.article_id, r.story_id) for r in reversed(undated)]

    def assignments_since(self, moment: datetime | None) -> list[tuple[str, str]]:
        """(article id, story id) of assignments made after ``moment`` (all when None),
        oldest first."""
        q = select(assignments.c.article_id, assignments.c.story_id).order_by(assignments.c.assigned_at)
        if moment is not None:
            q = q.where(assignments.c.assigned_at > moment)
        with self.engine.connect() as conn:
            return [(r.article_id, r.story_id) for r in conn.execute(q)]

    def get_state(self, name: str) -> Any | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(state_table.c.data).where(state_table.c.name == name)).first()
        return row[0] if row else None

    def story_of(self, article_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(assignments.c.story_id).where(assignments.c.article_id == article_id)).scalar()

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The story of each of these articles that has one."""
        ids = list(article_ids)
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                out.update((r.article_id, r.story_id) for r in conn.execute(
                    select(assignments.c.article_id, assignments.c.story_id)
                    .where(assignments.c.article_id.in_(ids[i:i + 500]))))
        return out

    def story_outlets(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """The outlets of each of these stories, in the order they first reported it."""
        ids = list(story_ids)
        out: dict[str, list[str]] = {i: [] for i in ids}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                q = (select(assignments.c.story_id, articles.c.source)
                     .join(articles, articles.c.id == assignments.c.article_id)
                     .where(assignments.c.story_id.in_(ids[i:i + 500]), articles.c.source.is_not(None))
                     .order_by(*_publication_order()))
                for r in conn.execute(q):
                    if r.source not in out[r.story_id]:
                        out[r.story_id].append(r.source)
        return out

    def story_assignments(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return {r.article_id: r.story_id for r in conn.execute(select(assignments.c.article_id, assignments.c.story_id))}

    STORY_SORTS = ("size", "newest", "oldest", "growth", "contradictions")
    STORY_SEARCH_ARTICLES = 2000

    def story_rows(self, *, sort: str = "size", outlet: str | None = None, language: str | None = None,
                   since: datetime | None = None, until: datetime | None = None,
                   words: str | None = None, contradicted: bool = False,
                   growth_hours: float = 24.0) -> list[dict[str, Any]]:
        """One row per active story with member statistics.

        ``sort``: "size" (most articles first), "newest" / "oldest" (by the latest
        member's publication), "growth" (most articles ingested in the last
        ``growth_hours``, counted back from the latest ingest). Filters keep the stories
        with a member from ``outlet`` (case-insensitive) or in ``language``, and those
        whose reports overlap [``since``, ``until``], and with ``words`` those with an
        article among the best ``STORY_SEARCH_ARTICLES`` full-text matches (names in any
        spelling, see :meth:`search`).

        Each row's ``contradictions`` is the count in the story's kept brief, or None when
        the story has not been compared since it last grew (build briefs with
        ``newsprism brief --all``); "contradictions" sorts by it, most first, and
        ``contradicted`` keeps only stories with at least one."""
        if sort not in self.STORY_SORTS:
            raise ValueError(f"sort {sort!r}: expected one of {', '.join(self.STORY_SORTS)}")
        count = func.count(assignments.c.article_id)
        first, last = func.min(articles.c.published), func.max(articles.c.published)
        with self.engine.connect() as conn:
            latest_ingest = conn.execute(select(func.max(articles.c.ingested_at))).scalar()
        recent_from = (latest_ingest - timedelta(hours=growth_hours)) if latest_ingest else None
        recent = (func.sum(case((articles.c.ingested_at >= recent_from, 1), else_=0)) if recent_from is not None
                  else func.sum(0))
        q = (select(stories.c.id, stories.c.headline, count.label("articles"),
                    func.count(func.distinct(articles.c.source)).label("outlets"),
                    self._joined_distinct(articles.c.language).label("languages"),
                    first.label("first_seen"), last.label("last_seen"),
                    recent.label("recent"), briefs.c.contradictions.label("brief_contradictions"),
                    briefs.c.articles.label("brief_articles"))
             .select_from(stories.join(assignments, assignments.c.story_id == stories.c.id)
                          .join(articles, articles.c.id == assignments.c.article_id)
                          .outerjoin(briefs, briefs.c.story_id == stories.c.id))
             .where(stories.c.status == "active")
             .group_by(stories.c.id, stories.c.headline, briefs.c.contradictions, briefs.c.articles))
        if outlet:
            q = q.having(func.sum(case((func.lower(articles.c.source) == outlet.lower(), 1), else_=0)) > 0)
        if language:
            q = q.having(func.sum(case((articles.c.language == language, 1), else_=0)) > 0)
        if since is not None:
            q = q.having(last >= _naive_utc(since))
        if until is not None:
            q = q.having(first <= _naive_utc(until))
        order = {"size": (count.desc(),), "newest": (last.is_(None), last.desc()),
                 "oldest": (first.is_(None), first),
                 "growth": (recent.desc(), count.desc()), "contradictions": (count.desc(),)}[sort]
        q = q.order_by(*order, stories.c.id)
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
        for r in rows:  # a brief built before the story last grew or shrank no longer counts
            counted, built_from = r.pop("brief_contradictions"), r.pop("brief_articles")
            r["contradictions"] = counted if built_from == r["articles"] else None
        if contradicted:
            rows = [r for r in rows if r["contradictions"]]
        if sort == "contradictions":  # stable: equal counts stay largest story first
            rows.sort(key=lambda r: -(r["contradictions"] or 0))
        if words and words.strip():
            hits = self.search_with_variants(words, limit=self.STORY_SEARCH_ARTICLES, snippets=False)[0]
            matching = set(self.stories_of(a.id for a, _ in hits).values())
            rows = [r for r in rows if r["id"] in matching]
        return rows

    def _joined_distinct(self, column: Any) -> Any:
        """The distinct values of ``column`` in a group, comma-separated, in SQL."""
        if self.engine.dialect.name == "postgresql":
            return func.string_agg(distinct(column), literal_column("','"))
        return func.group_concat(func.distinct(column))

    def resolve_story_id(self, prefix: str) -> str:
        prefix = prefix.lower()
        candidates = [prefix] if prefix.startswith("s-") else [prefix, "s-" + prefix]
        rows: list[str] = []
        with self.engine.connect() as conn:
            for candidate in candidates:
                if len(candidate) >= 4 and not rows:
                    rows = conn.execute(select(stories.c.id).where(stories.c.id.like(_like_prefix(candidate), escape="\\"))
                                        .limit(2)).scalars().all()
        if not rows:
            raise NotFound(f"no story with id {prefix!r} in the store (list ids with `newsprism stories`)")
        if len(rows) > 1:
            raise NotFound(f"story id prefix {prefix!r} is ambiguous; give more characters")
        return self.successor(rows[0])  # a merged story answers for the one it joined

    def story_members(self, story_id: str) -> list[dict[str, Any]]:
        q = (select(assignments.c.article_id, assignments.c.score, assignments.c.new_story,
                    assignments.c.evidence, assignments.c.method, articles.c.headline, articles.c.source,
                    articles.c.published, articles.c.language)
             .join(articles, articles.c.id == assignments.c.article_id)
             .where(assignments.c.story_id == story_id)
             .order_by(articles.c.published.is_(None), articles.c.published, articles.c.seq))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def story_headline(self, story_id: str) -> str:
        with self.engine.connect() as conn:
            return conn.execute(select(stories.c.headline).where(stories.c.id == story_id)).scalar() or ""

    def reprints_among(self, ids: Iterable[str]) -> list[Reprint]:
        ids = list(ids)
        with self.engine.connect() as conn:
            rows = conn.execute(select(reprints).where(reprints.c.copy_id.in_(ids))).all()
        return [Reprint(r.copy_id, r.original_id, r.similarity, r.containment, r.diff) for r in rows]

    def log_story_change(self, action: str, details: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(story_log).values(at=_now(), action=action, details=_json_safe(details)))

    def story_log(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(story_log).order_by(story_log.c.id))]

    def merge_stories(self, target: str, sources: Sequence[str], *, why: str | None = None,
                      keep_state: bool = False, method: str = "merge") -> int:
        """Move every article of ``sources`` into ``target``; logged (with ``why``). The
        merged ids answer for ``target`` from then on. Returns articles moved.
        ``keep_state``: the caller updates the cached component state itself."""
        sources = [sid for sid in dict.fromkeys(sources) if sid != target]
        if not sources:
            raise StoreError(f"nothing to merge into {target}: give other stories than the target")
        with self.engine.begin() as conn:
            moved = conn.execute(update(assignments).where(assignments.c.story_id.in_(list(sources)))
                                 .values(story_id=target, method=method)).rowcount
            conn.execute(update(stories).where(stories.c.id.in_(list(sources)))
                         .values(status="merged", merged_into=target))
            # stories merged into a source earlier now answer for the target
            conn.execute(update(stories).where(stories.c.merged_into.in_(list(sources)))
                         .values(merged_into=target))
            details: dict[str, Any] = {"into": target, "from": list(sources), "moved": moved}
            if why:
                details["why"] = why
            conn.execute(insert(story_log).values(at=_now(), action="merge", details=details))
            if not keep_state:
                conn.execute(delete(state_table))  # component states cache the assignments: rebuilt on next use
        return moved

    def move_articles(self, article_ids: Sequence[str], target: str, *, why: str | None = None,
                      headline: str = "", keep_state: bool = False) -> int:
        """Move articles into story ``target`` (created when new); logged. Returns how
        many moved."""
        ids = list(article_ids)
        with self.engine.begin() as conn:
            existing = _open_story(conn, target, headline)
            sources = sorted(set(conn.execute(select(assignments.c.story_id)
                                              .where(assignments.c.article_id.in_(ids))).scalars()))
            moved = conn.execute(update(assignments).where(assignments.c.article_id.in_(ids))
                                 .values(story_id=target, method="consolidate")).rowcount
            details: dict[str, Any] = {"into": target, "from": sources, "articles": ids, "moved": moved}
            if why:
                details["why"] = why
            conn.execute(insert(story_log).values(at=_now(), action="move" if existing else "split",
                                                  details=details))
            if not keep_state:
                conn.execute(delete(state_table))
        return moved

    def successor(self, story_id: str) -> str:
        """The story an id answers for: itself, or the story it was merged into."""
        with self.engine.connect() as conn:
            for _ in range(32):
                row = conn.execute(select(stories.c.status, stories.c.merged_into)
                                   .where(stories.c.id == story_id)).first()
                if row is None or row.status != "merged" or not row.merged_into:
                    return story_id
                story_id = row.merged_into
        return story_id

    def analysis_versions(self, ids: Iterable[str]) -> dict[str, str]:
        """Article id -> version of its stored analysis and when it was made (without
        loading the analyses): changes whenever the analysis is redone."""
        ids = list(ids)
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                rows = conn.execute(select(analyses.c.article_id, analyses.c.version, analyses.c.analysed_at)
                                    .where(analyses.c.article_id.in_(ids[i:i + 500])))
                out.update({r.article_id: f"{r.version}@{r.analysed_at.isoformat()}" for r in rows})
        return out

    def set_story_headline(self, story_id: str, headline: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(stories).where(stories.c.id == story_id).values(headline=headline))

    def drop_state(self, name: str) -> None:
        """Forget a component's saved state (it is rebuilt from the store on next use)."""
        with self.engine.begin() as conn:
            conn.execute(delete(state_table).where(state_table.c.name == name))

    def get_brief(self, story_id: str, fingerprint: str) -> dict[str, Any] | None:
        """The cached brief of a story, if it was built from what ``fingerprint`` names."""
        with self.engine.connect() as conn:
            row = conn.execute(select(briefs.c.fingerprint, briefs.c.data).where(briefs.c.story_id == story_id)).first()
        return row.data if row is not None and row.fingerprint == fingerprint else None

    def put_brief(self, story_id: str, fingerprint: str, data: dict[str, Any], *,
                  contradictions: int | None = None, articles: int | None = None) -> None:
        """Keep a story's brief; ``contradictions`` and ``articles`` (its count of each)
        let the story list show the contradictions without reading the brief."""
        with self.engine.begin() as conn:
            conn.execute(delete(briefs).where(briefs.c.story_id == story_id))
            conn.execute(insert(briefs).values(story_id=story_id, fingerprint=fingerprint, data=_json_safe(data),
                                               built_at=_now(), contradictions=contradictions, articles=articles))

    def put_vectors(self, items: Mapping[str, Any]) -> None:
        """Keep sentence vectors (article id -> float32 array)."""
        import numpy as np

        if not items:
            return
        with self.engine.begin() as conn:
            known = set(conn.execute(select(vectors.c.article_id).where(vectors.c.article_id.in_(list(items))))
                        .scalars())
            rows = [{"article_id": k, "data": np.asarray(v, dtype="<f4").tobytes()}
                    for k, v in items.items() if k not in known and v is not None]
            if rows:
                conn.execute(insert(vectors), rows)

    def get_vectors(self, ids: Iterable[str]) -> dict[str, Any]:
        import numpy as np

        out: dict[str, Any] = {}
        ids = list(ids)
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                for r in conn.execute(select(vectors).where(vectors.c.article_id.in_(ids[i:i + 500]))):
                    out[r.article_id] = np.frombuffer(r.data, dtype="<f4").copy()
        return out

    def split_story(self, story_id: str, article_ids: Sequence[str], new_story_id: str, headline: str) -> int:
        """Move ``article_ids`` out of ``story_id`` into a new story; logged."""
        with self.engine.begin() as conn:
            existing = conn.execute(select(stories.c.status).where(stories.c.id == new_story_id)).scalar()
            if existing == "active":
                raise StoreError(f"story {new_story_id} already exists; split off other articles or merge instead")
            _open_story(conn, new_story_id, headline, retitle=True)
            moved = conn.execute(update(assignments).where(assignments.c.story_id == story_id,
                                                           assignments.c.article_id.in_(list(article_ids)))
                                 .values(story_id=new_story_id, method="split")).rowcount
            conn.execute(insert(story_log).values(at=_now(), action="split", details={
                "from": story_id, "into": new_story_id, "articles": list(article_ids), "moved": moved}))
            conn.execute(delete(state_table))  # component states cache the assignments: rebuilt on next use
        return moved

    def replace_assignments(self, mapping: dict[str, str], headlines: dict[str, str],
                            evidence: dict[str, Assignment]) -> None:
        """Batch re-clustering result: every assignment replaced in one transaction."""
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(delete(assignments))
            existing = set(conn.execute(select(stories.c.id)).scalars())
            for article_id, story_id in mapping.items():
                if story_id not in existing:
                    conn.execute(insert(stories).values(id=story_id, headline=headlines.get(story_id, ""),
                                                        created_at=now, status="active"))
                    existing.add(story_id)
                a = evidence.get(article_id)
                conn.execute(insert(assignments).values(
                    article_id=article_id, story_id=story_id, score=float(a.score) if a else 0.0,
                    new_story=bool(a.new_story) if a else False, evidence=_json_safe(a.evidence) if a else {},
                    method="recluster", assigned_at=now))
            used = set(mapping.values())
            conn.execute(update(stories).where(stories.c.id.in_(list(existing - used))).values(status="empty"))
            conn.execute(update(stories).where(stories.c.id.in_(list(used))).values(status="active"))


def _open_story(conn: Connection, story_id: str, headline: str, *, retitle: bool = False) -> str | None:
    """Make ``story_id`` an active story: created with ``headline`` when new, brought back
    when it was merged away (``retitle``: with ``headline``). Returns its status before."""
    existing = conn.execute(select(stories.c.status).where(stories.c.id == story_id)).scalar()
    if existing is None:
        conn.execute(insert(stories).values(id=story_id, headline=headline, created_at=_now(), status="active"))
    elif existing != "active":
        values: dict[str, Any] = {"status": "active", "merged_into": None}
        if retitle:
            values["headline"] = headline
        conn.execute(update(stories).where(stories.c.id == story_id).values(**values))
    return existing


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern matching ids that start with ``prefix`` taken literally."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(to_dict(value), default=str))


def _row_to_article(row: Any) -> Article:
    ingest = row.ingest
    paragraphs = row.body.split("\n\n") if row.body else []
    return Article(
        id=row.id, headline=row.headline, paragraphs=paragraphs, source=row.source, url=row.url,
        published=row.published, date_precision=row.date_precision, date_origin=row.date_origin,
        language=row.language, language_confidence=row.language_confidence,
        credits=list(row.credits or []), extra=dict(row.extra or {}),
        ingest=IngestInfo(**ingest) if ingest else None)
