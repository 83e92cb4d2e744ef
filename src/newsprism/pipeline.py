"""The whole job, stage after stage, against a store: what ``newsprism ingest`` runs.

    read inputs -> store articles (one transaction per file) -> analyse the new ones
    -> assign them to stories in time order (with reprint detection)

The last two overlap (``analyse_and_assign``): the articles are analysed in publication
order by a pool of worker processes, and each committed batch goes to the story
clusterer in this process while the workers go on with the next.

Each step picks up whatever the previous run left undone (articles without analysis,
analysed articles without a story), so an interrupted run is finished by running the same
command again, without duplicates.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from newsprism.config import load_config
from newsprism.errors import ConfigError
from newsprism.records import Analysis, Article, Rejection
from newsprism.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]  # (step, advance, total)

CLUSTERER_STATE = "stories.clusterer"
# Analyses and story assignments are committed this many articles at a time.
COMMIT_BATCH = 200


def _noop(step: str, advance: int, total: int | None) -> None:
    return None


@dataclass
class IngestSummary:
    files: int = 0
    files_skipped: int = 0  # already ingested with the same content
    new: int = 0
    known: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    analysed: int = 0
    assigned: int = 0
    stopped_early: bool = False
    without_outlet: int = 0  # new articles stored with no outlet
    article_ids: list[str] = field(default_factory=list, repr=False)  # every article read, new or known
    new_ids: list[str] = field(default_factory=list, repr=False)  # those of them stored by this run

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "files_skipped": self.files_skipped, "new": self.new,
                "known": self.known, "rejected": [{"path": r.path, "record": r.record, "problem": r.problem}
                                                  for r in self.rejected],
                "analysed": self.analysed, "assigned": self.assigned, "stopped_early": self.stopped_early,
                "without_outlet": self.without_outlet}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class _Rejections:
    """The summary's list of rejections, telling a listener of each as it is added."""

    def __init__(self, into: list[Rejection], listener: Callable[[Rejection], None] | None) -> None:
        self.into, self.listener = into, listener

    def append(self, rejection: Rejection) -> None:
        self.into.append(rejection)
        if self.listener is not None:
            self.listener(rejection)

    def extend(self, rejections: Iterable[Rejection]) -> None:
        for r in rejections:
            self.append(r)


def ingest_files(store: Store, paths: Sequence[str | Path], *, source: str | None = None,
                 format: str | None = None, field_map: dict[str, str] | None = None,
                 config: dict[str, Any] | None = None, strict: bool = False,
                 source_from: str | None = None, sources: dict[str, str] | None = None,
                 progress: Progress = _noop,
                 on_rejected: Callable[[Rejection], None] | None = None) -> IngestSummary:
    """Read every input and store its articles, one transaction per input file.
    ``on_rejected`` hears of each rejection as it happens (a later crash or hang cannot
    lose what was already said).

    ``source`` names the outlet of every article; otherwise an input that names no
    outlet gets one from ``sources`` (path -> outlet, see ``newsprism.ingest.load_sources``)
    or ``source_from`` ("folder": the parent folder's name, "file": the file's stem)."""
    from newsprism.ingest import iter_input_files, outlet_namer, read_path
    from newsprism.ingest._files import path_text

    cfg = config or load_config()
    namer = outlet_namer(source_from, sources)
    summary = IngestSummary()
    said = _Rejections(summary.rejected, on_rejected)
    files: list[Path] = []
    for item in iter_input_files(paths):
        if isinstance(item, Rejection):
            said.append(item)
            if strict:
                summary.stopped_early = True
                return summary
        else:
            files.append(item)
    progress("read", 0, len(files))
    for path in files:
        summary.files += 1
        try:
            key = path_text(path.resolve())
            digest = _sha256(path)
        except OSError as exc:
            said.append(Rejection(path_text(path), f"cannot read file ({exc.strerror})"))
            progress("read", 1, None)
            if strict:
                summary.stopped_early = True
                break
            continue
        done = store.input_done(key, digest)
        if done and not done.rejected:
            summary.files_skipped += 1
            progress("read", 1, None)
            continue
        # a file with rejected records is read again, so its problems are reported on
        # every run (its good articles come back as already known)
        batch: list[Article] = []
        rejected: list[Rejection] = []
        try:
            fallback = namer(path) if namer is not None else None
            for item in read_path(path, source=source, format=format, field_map=field_map, config=cfg,
                                  fallback_source=fallback):
                (rejected if isinstance(item, Rejection) else batch).append(item)
        except ConfigError:
            raise  # a bad option is the same for every file: say it once
        except Exception as exc:  # a reader bug must not stop the batch; report it loudly
            log.exception("reader failed on %s", path)
            rejected.append(Rejection(path_text(path), f"internal error while reading ({type(exc).__name__}: {exc}); please report"))
            batch = []
        result = store.add_articles(batch, input_path=key, input_sha256=digest,
                                    input_format=batch[0].ingest.format if batch and batch[0].ingest else None,
                                    rejected=len(rejected))
        summary.new += len(result.new)
        summary.known += len(result.known)
        summary.article_ids.extend(a.id for a in batch)
        summary.new_ids.extend(result.new)
        fresh = set(result.new)
        summary.without_outlet += sum(1 for a in batch if a.id in fresh and not a.source)
        said.extend(rejected)
        progress("read", 1, None)
        if strict and rejected:
            summary.stopped_early = True
            break
    return summary


def analyse_pending(store: Store, *, config: dict[str, Any] | None = None, force: bool = False,
                    progress: Progress = _noop, batch_size: int = COMMIT_BATCH, pool: Any = None) -> int:
    """Analyse stored articles that have no analysis from the current analyser version.

    Articles stream from the store through one pool of workers (``pool``, an
    ``AnalysisPool`` started ahead, when given); results are committed every
    ``batch_size`` articles, so an interrupted run keeps what it finished."""
    from newsprism.analyse import ANALYSIS_VERSION

    cfg = config or load_config()
    ids = [a.id for a in store.iter_articles()] if force else store.articles_needing_analysis(ANALYSIS_VERSION)
    return _analyse_ids(store, cfg, ids, progress, batch_size, pool=pool)


def _analyse_ids(store: Store, cfg: dict[str, Any], ids: Sequence[str], progress: Progress, batch_size: int,
                 on_saved: Callable[[list[Analysis]], None] | None = None, pool: Any = None) -> int:
    """Analyse ``ids`` in that order, committing every ``batch_size``; ``on_saved`` is
    called with each committed batch while the workers go on (those of ``pool``, an
    ``AnalysisPool`` started ahead, when given)."""
    from newsprism.analyse import analyse_articles

    progress("analyse", 0, len(ids))

    def stored_articles() -> Iterator[Article]:
        for i in range(0, len(ids), batch_size):
            found = store.get_articles(ids[i:i + batch_size])
            yield from (found[x] for x in ids[i:i + batch_size] if x in found)

    done = 0
    pending: list[Analysis] = []

    def commit() -> int:
        saved = store.save_analyses(pending)
        if on_saved is not None:
            on_saved(pending)
        return saved

    for analysis in analyse_articles(stored_articles(), known_outlets=store.outlets(),
                                     workers=cfg["analysis"]["workers"], pool=pool,
                                     timeout_s=cfg["analysis"].get("article_timeout_s")):
        pending.append(analysis)
        progress("analyse", 1, None)
        if len(pending) >= batch_size:
            done += commit()
            pending = []
    if pending:
        done += commit()
    return done


def assign_pending(store: Store, *, config: dict[str, Any] | None = None,
                   progress: Progress = _noop, batch_size: int = COMMIT_BATCH) -> int:
    """Put analysed articles without a story into stories, in publication order.

    A reprint joins the story of the article it copies (copies are one story by
    definition); every other article goes through the online clusterer. Sentence vectors
    are encoded per batch, not per article. Each batch's assignments are committed as
    they are made; the clusterer's state, a cache of what the assignments say, is saved
    once at the end (an interrupted run is replayed into it on the next load).
    """
    cfg = config or load_config()
    with store.exclusive("assign"):  # two processes assigning at once would split the state
        return _assign_pending(store, cfg, progress, batch_size)


def _assign_pending(store: Store, cfg: dict[str, Any], progress: Progress, batch_size: int) -> int:
    ids = store.unassigned_article_ids()
    progress("stories", 0, len(ids))
    if not ids:
        return 0
    assigner = _Assigner(store, cfg, progress, first_id=ids[0])
    for i in range(0, len(ids), batch_size):
        assigner.assign(ids[i:i + batch_size])
    return assigner.finish()


class _Assigner:
    """Story assignment of one run, batch by batch: the clusterer and the reprint
    detector stay in memory between batches, and the consolidation pass and the saved
    state come once, at :meth:`finish`."""

    def __init__(self, store: Store, cfg: dict[str, Any], progress: Progress, first_id: str,
                 alone: bool = True) -> None:
        from newsprism.embeddings import BULK_THREADS, THREADS
        from newsprism.stories import ReprintDetector

        self.store, self.cfg, self.progress = store, cfg, progress
        # the encoder may take both cores only when nothing else runs (not beside the
        # analysis workers: there two threads are several times slower than one)
        self.threads = BULK_THREADS if alone else THREADS
        self.clusterer = load_clusterer(store, cfg)
        self.detector = ReprintDetector(similarity=cfg["stories"]["reprint_similarity"],
                                        containment=cfg["stories"]["reprint_containment"])
        for earlier in store.recent_articles(first_id, days=REPRINT_WINDOW_DAYS):
            self.detector.add(earlier)  # copies of articles stored by an earlier run are still copies
        self.assigned = 0
        self.latest: datetime | None = None
        self.decided: list[Any] = []  # the run's decisions, for the consolidation pass
        self.seen: dict[str, Any] = {}  # this run's article features, for the consolidation pass

    def assign(self, chunk_ids: Sequence[str], analyses: Mapping[str, Analysis] | None = None) -> None:
        """Assign one batch (in publication order within it), committed as one;
        ``analyses`` already at hand are not read again."""
        from newsprism.records import Assignment
        from newsprism.stories import stream_order

        store, clusterer = self.store, self.clusterer
        found = store.get_articles(chunk_ids)
        found_analyses = dict(analyses or {})
        found_analyses.update(store.get_analyses([x for x in chunk_ids if x not in found_analyses]))
        pairs = [(found[x], found_analyses[x]) for x in chunk_ids if x in found and x in found_analyses]
        pairs = [pairs[k] for k in stream_order(pairs)]
        if not pairs:
            return
        featured = _features_with_vectors(store, clusterer, {a.id: (a, an) for a, an in pairs}, threads=self.threads)
        results = []
        reprint_rows = []
        for article, _analysis in pairs:
            found_reprints = self.detector.add(article)
            reprint_rows.extend(found_reprints)
            features = featured[article.id]
            if len(self.seen) < CONSOLIDATION_MAX_ARTICLES:  # no more than consolidation reads
                self.seen[article.id] = features
            copied = next((r for r in found_reprints if r.copy_id == article.id), None)
            story = None
            if copied is not None:
                story = clusterer.story_of(copied.original_id) or store.story_of(copied.original_id)
            if story is not None:
                clusterer.add_to_story(features, story)
                results.append(Assignment(article.id, story, score=1.0, new_story=False, evidence={
                    "reprint_of": copied.original_id, "similarity": round(copied.similarity, 4),
                    "containment": round(copied.containment, 4)}))
            else:
                results.append(clusterer.assign_features(features))
            if article.published is not None and (self.latest is None or article.published > self.latest):
                self.latest = article.published
            self.progress("stories", 1, None)
        store.save_assignments(results, {a.id: a.headline for a, _ in pairs}, reprint_rows=reprint_rows)
        self.assigned += len(results)
        self.decided.extend(results)

    def finish(self) -> int:
        """The consolidation pass over what the run touched, and the clusterer saved."""
        from newsprism.stories.consolidate import run_scope

        consolidate_stories(self.store, self.clusterer, self.cfg, run_scope(self.decided), known=self.seen)
        save_clusterer(self.store, self.clusterer, self.cfg, self.latest)
        return self.assigned


def analyse_and_assign(store: Store, *, config: dict[str, Any] | None = None, progress: Progress = _noop,
                       batch_size: int = 50, pool: Any = None) -> tuple[int, int]:
    """Analyse what is pending and assign it to stories as the analyses arrive: each
    batch goes to the clusterer (in this process) while the analysis workers go on with
    the next, so the two stages overlap. The articles are analysed in the order the
    clusterer takes them (publication order), so the stories come out as
    :func:`assign_pending` would make them, whatever the batch size. ``pool``: analysis
    workers started ahead (``AnalysisPool``). Returns (analysed, assigned)."""
    from newsprism.analyse import ANALYSIS_VERSION

    cfg = config or load_config()
    with store.exclusive("assign"):
        pending = store.articles_needing_analysis(ANALYSIS_VERSION, publication_order=True)
        if store.unassigned_article_ids():
            # an earlier run's analysed articles still wait for a story: they take their
            # place in time among the new ones, so everything is analysed first
            analysed = _analyse_ids(store, cfg, pending, progress, COMMIT_BATCH, pool=pool)
            return analysed, _assign_pending(store, cfg, progress, COMMIT_BATCH)
        to_assign = store.without_story(pending)
        progress("stories", 0, len(to_assign))
        assigner = _Assigner(store, cfg, progress, first_id=to_assign[0], alone=False) if to_assign else None
        to_assign_set = set(to_assign)

        def assign(batch: Sequence[Analysis]) -> None:
            if assigner is not None:
                assigner.assign([a.article_id for a in batch if a.article_id in to_assign_set],
                                {a.article_id: a for a in batch})

        analysed = _analyse_ids(store, cfg, pending, progress, batch_size, on_saved=assign, pool=pool)
        assigned = assigner.finish() if assigner is not None else 0
    return analysed, assigned


# Copies are looked for among the articles of this many days before a run's first one.
REPRINT_WINDOW_DAYS = 7
# The consolidation pass revisits at most this many articles per run (the stories the
# run touched first, then those its articles nearly joined), so its cost stays bounded.
CONSOLIDATION_MAX_ARTICLES = 3000


def consolidate_stories(store: Store, clusterer: Any, cfg: dict[str, Any], scope: Iterable[str],
                        known: Mapping[str, Any] | None = None) -> list[Any]:
    """Revisit the stories in ``scope`` (those a run touched and nearly touched,
    ``stories.consolidate.run_scope``) with batch evidence (``newsprism.stories.consolidate``):
    merges, moves and splits are applied to the store, logged with their reasons, and to
    the clusterer. ``known``: article features the run already has (the rest are read
    from the store). Returns the moves."""
    from newsprism.stories.consolidate import plan

    if not cfg["stories"].get("consolidate", True):
        return []
    members: dict[str, str] = {}
    for story in dict.fromkeys(scope):
        rows = store.story_members(story)
        if len(members) + len(rows) > CONSOLIDATION_MAX_ARTICLES:
            break
        members.update({r["article_id"]: story for r in rows})
    if len(members) < 2:
        return []
    known = known or {}
    ids = [i for i in members if i not in known]
    found, analyses = store.get_articles(ids), store.get_analyses(ids)
    read = _features_with_vectors(store, clusterer, {i: (found[i], analyses[i]) for i in ids
                                                     if i in found and i in analyses})
    features = {i: known[i] if i in known else read[i] for i in members if i in known or i in read}
    reports = [clusterer.report(f, learn=False) for f in features.values()]
    threshold = cfg["stories"].get("consolidation_threshold")
    moves = plan(reports, {i: members[i] for i in features}, clusterer.model, clusterer.name_idf, threshold,
                 use_embeddings=clusterer.use_embeddings)
    if not moves:
        return []
    # the saved clusterer state predates these moves: dropped now, so that a run that
    # dies before it saves the new state rebuilds it from the stored stories
    store.drop_state(CLUSTERER_STATE)
    changed: set[str] = set()
    for move in moves:
        if move.action == "merge":
            store.merge_stories(move.target, move.sources, why=move.why, keep_state=True, method="consolidate")
            for source in move.sources:
                clusterer.drop_story(source)
            changed.add(move.target)
        else:
            store.move_articles(move.articles, move.target, why=move.why, keep_state=True,
                                headline=(found.get(move.articles[0]) or store.get_article(move.articles[0])).headline)
            changed.update([move.target, *move.sources])
    for story in sorted({store.successor(s) for s in changed}):
        rows = store.story_members(story)
        clusterer.rebuild_story(story, [features[r["article_id"]] for r in rows if r["article_id"] in features])
        if rows and store.story_headline(story) not in {r["headline"] for r in rows}:
            store.set_story_headline(story, rows[0]["headline"])  # its first article left it
    log.info("consolidation: %d moves over %d articles", len(moves), len(features))
    return moves


def _features_with_vectors(store: Store, clusterer: Any, pairs: Mapping[str, tuple[Article, Analysis]],
                           threads: int | None = None,
                           encode: Callable[[list[str]], list[Any]] | None = None) -> dict[str, Any]:
    """Story features of stored articles (id -> (article, analysis)), in the same order,
    with their stored sentence vectors; vectors not stored yet are encoded (on
    ``threads``, or by ``encode``, e.g. on a cluster) and stored."""
    from newsprism.stories.features import embed_texts, embedding_text, extract_features

    stored = store.get_vectors(list(pairs)) if clusterer.use_embeddings else {}
    missing = [i for i in pairs if i not in stored] if clusterer.use_embeddings else []
    if missing:
        texts = [embedding_text(*pairs[i]) for i in missing]
        encoded = dict(zip(missing, encode(texts) if encode is not None else embed_texts(texts, threads=threads)))
        store.put_vectors(encoded)
        stored.update(encoded)
    return {i: extract_features(a, an, embedding=stored.get(i)) for i, (a, an) in pairs.items()}


def save_clusterer(store: Store, clusterer: Any, cfg: dict[str, Any], latest: datetime | None) -> None:
    """Save the clusterer's state, without the stories no later article can join."""
    if latest is not None:
        # two windows back: an article dated a little before the newest still finds its story
        clusterer.forget_before(latest - timedelta(days=2 * cfg["stories"]["window_days"]))
    store.put_state(CLUSTERER_STATE, {"saved_at": _utcnow().isoformat(), "clusterer": clusterer.state()})


def load_clusterer(store: Store, cfg: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The online clusterer as the last run left it, with any assignments made after its
    state was saved (a run interrupted between batches) replayed into it; without a
    saved state, rebuilt from the stored stories of the last two windows."""
    from newsprism.stories import StoryClusterer
    from newsprism.stories.cluster import STATE_VERSION

    saved = store.get_state(CLUSTERER_STATE)
    section = cfg["stories"]
    settings = {k: section[k] for k in ("threshold", "window_days", "use_embeddings") if k in section}
    if saved and saved.get("clusterer", {}).get("version") != STATE_VERSION:
        saved = None  # saved by another version of the clusterer: rebuilt below
    if saved:
        # the user's current settings win over those the state was saved with
        clusterer = StoryClusterer.from_state(saved["clusterer"], **settings)
        missed = store.assignments_since(datetime.fromisoformat(saved["saved_at"]))
    else:
        # no state (a new store, or one edited by merge/split): the stored stories that
        # later articles can still join are rebuilt from their assignments
        clusterer = StoryClusterer.from_config(cfg)
        missed = store.recent_assignments(days=2 * cfg["stories"]["window_days"])
    if missed:
        ids = [a for a, _ in missed]
        found, found_analyses = store.get_articles(ids), store.get_analyses(ids)
        known = store.get_vectors(ids) if clusterer.use_embeddings else {}
        clusterer.replay(((found[a], found_analyses[a], sid) for a, sid in missed if a in found and a in found_analyses),
                         vectors=known)
    return clusterer


def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def run(store: Store, paths: Iterable[str | Path], *, analyse: bool = True, stories: bool = True,
        progress: Progress = _noop, **ingest_options: Any) -> IngestSummary:
    """Ingest, then analyse and assign whatever is pending (including earlier leftovers)."""
    from newsprism.analyse import AnalysisPool, resolve_workers

    cfg = ingest_options.pop("config", None) or load_config()
    with contextlib.ExitStack() as stack:
        # the analysis workers load their models while this process reads the files
        pool = (stack.enter_context(AnalysisPool(cfg["analysis"]["workers"]))
                if analyse and resolve_workers(cfg["analysis"]["workers"]) > 1 else None)
        summary = ingest_files(store, list(paths), config=cfg, progress=progress, **ingest_options)
        if analyse:  # what was stored before a --strict stop is analysed too
            if stories:
                summary.analysed, summary.assigned = analyse_and_assign(store, config=cfg, progress=progress,
                                                                        pool=pool)
            else:
                summary.analysed = analyse_pending(store, config=cfg, progress=progress, pool=pool)
    return summary


def story_brief(store: Store, story_id: str, *, config: dict[str, Any] | None = None,
                cache: bool = True):  # type: ignore[no-untyped-def]
    """The brief of one stored story (see ``newsprism.compare.build_brief``). Kept in the
    store and served from there until the story changes (its members, their analyses,
    its reprints or headline) or the comparison settings or version do."""
    from newsprism._versions import brief_version
    from newsprism.records import Brief, from_dict, to_dict

    cfg = config or load_config()
    full = store.resolve_story_id(story_id)
    rows = store.story_members(full)
    ids = [r["article_id"] for r in rows]
    headline = store.story_headline(full)
    reprints = store.reprints_among(ids)
    versions = store.analysis_versions(ids)  # version and when analysed
    basis = {"brief": brief_version(), "headline": headline, "compare": cfg.get("compare", {}),
             "members": [[i, versions.get(i)] for i in ids],
             "reprints": sorted([r.copy_id, r.original_id] for r in reprints)}
    fingerprint = hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()
    if cache:
        cached = store.get_brief(full, fingerprint)
        if cached is not None:
            try:
                return from_dict(Brief, cached)
            except (TypeError, KeyError, ValueError):
                log.info("cached brief of %s no longer reads; building it again", full)
    found = store.get_articles(ids)
    found_analyses = store.get_analyses(ids)
    members = [(found[i], found_analyses[i]) for i in ids if i in found and i in found_analyses]
    from newsprism.compare import build_brief

    brief = build_brief(full, members, headline=headline, reprints=reprints, config=cfg)
    if cache:
        store.put_brief(full, fingerprint, to_dict(brief), articles=len(ids),
                        contradictions=sum(f.verdict == "contradict" for f in brief.facts))
    return brief


def recluster_store(store: Store, *, config: dict[str, Any] | None = None, apply: bool = True,
                    encode: Callable[[list[str]], list[Any]] | None = None) -> dict[str, Any]:
    """Rebuild every story in batch (publication order) and report how many assignments
    moved. With ``apply`` the new assignments replace the old ones (logged). ``encode``
    encodes sentence vectors not stored yet (default: here)."""
    from newsprism.records import Assignment
    from newsprism.stories import StoryClusterer, moved_assignments, stream_order
    from newsprism.stories.consolidate import consolidate_mapping

    cfg = config or load_config()
    old = store.story_assignments()
    all_articles = list(store.iter_articles())
    found_analyses = store.get_analyses([a.id for a in all_articles])
    pairs = [(a, found_analyses[a.id]) for a in all_articles if a.id in found_analyses]
    ordered = [pairs[i] for i in stream_order(pairs)]
    clusterer = StoryClusterer.from_config(cfg)
    features = list(_features_with_vectors(store, clusterer, {a.id: (a, an) for a, an in ordered},
                                           encode=encode).values())
    results = {f.article_id: clusterer.assign_features(f) for f in features}
    online = {k: v.story_id for k, v in results.items()}
    # then revisit everything in batch, as each ingest's consolidation pass does
    mapping = consolidate_mapping(clusterer, features, online) if cfg["stories"].get("consolidate", True) else online
    for article_id, story in mapping.items():
        if story != online[article_id]:
            results[article_id] = Assignment(article_id, story, score=results[article_id].score, new_story=False,
                                             evidence={**results[article_id].evidence, "consolidated_from": online[article_id]})
    if mapping != online:
        clusterer = StoryClusterer.from_config(cfg)  # its state must hold the consolidated stories
        for f in features:
            clusterer.add_to_story(f, mapping[f.article_id])
    report = moved_assignments(old, mapping)
    if apply:
        headlines: dict[str, str] = {}
        for a, _ in ordered:
            headlines.setdefault(mapping[a.id], a.headline)  # a story is headed by its first article
        store.replace_assignments(mapping, headlines, results)
        latest = max((a.published for a, _ in pairs if a.published is not None), default=None)
        save_clusterer(store, clusterer, cfg, latest)
        store.log_story_change("recluster", {k: v for k, v in report.items() if k != "moved_articles"})
    return report


def explain_story(store: Store, story_id: str) -> list[dict[str, Any]]:
    """Why each article is in its story: the evidence recorded when it was assigned
    (score, sub-scores, shared entities and terms, date gap) plus the dates and numbers
    it shares with the story's other articles."""
    from newsprism.render import format_number

    full = store.resolve_story_id(story_id)
    rows = store.story_members(full)
    analyses = store.get_analyses([r["article_id"] for r in rows])

    def facts_of(article_id: str) -> tuple[set[str], set[str]]:
        a = analyses.get(article_id)
        if a is None:
            return set(), set()
        dates = {t.value for t in a.times if t.kind == "date" and t.value and t.granularity == "day"}
        numbers = {f"{format_number(q.value)} {q.category}" for q in a.quantities
                   if q.category and q.category != "duration" and q.value == q.value}
        return dates, numbers

    own = {r["article_id"]: facts_of(r["article_id"]) for r in rows}
    out = []
    for r in rows:
        others_dates = set().union(*(own[o][0] for o in own if o != r["article_id"])) if len(own) > 1 else set()
        others_numbers = set().union(*(own[o][1] for o in own if o != r["article_id"])) if len(own) > 1 else set()
        evidence = dict(r["evidence"] or {})
        if "shared_entities" in evidence:
            # the clusterer also matches single words of names ("~ferreira"): show whole names
            evidence["shared_entities"] = [e for e in evidence["shared_entities"] if not e.startswith("~")]
        evidence["shared_dates"] = sorted(own[r["article_id"]][0] & others_dates)
        evidence["shared_numbers"] = sorted(own[r["article_id"]][1] & others_numbers)
        out.append({**r, "evidence": evidence})
    return out
