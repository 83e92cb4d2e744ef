"""Files sent to the web server: ingested, analysed and assigned to stories in the
background, one upload at a time, with progress a page can show while it runs.

    ingest_files_sent(store, cfg, files, source, progress) -> IngestSummary   (what POST /api/ingest runs)
    Uploads(store, cfg).submit(files, source) -> UploadJob                     (what the upload form runs)

Uploaded files go through the same readers, limits and pipeline as ``newsprism ingest``,
in one process (no forking inside a web server). Their rejections name the file as it
was sent, never the temporary folder it was written to.
"""

from __future__ import annotations

import copy
import logging
import tempfile
import threading
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newsprism.store import Store

__all__ = ["Busy", "UploadJob", "Uploads", "ingest_files_sent", "unique_names"]

log = logging.getLogger(__name__)

STEPS = ("read", "analyse", "stories", "briefs")  # in the order an upload goes through them
STEP_LABELS = {"read": "Reading files", "analyse": "Analysing", "stories": "Assigning stories",
               "briefs": "Comparing sources"}


MAX_QUEUED = 4  # uploads waiting for the one that runs


class Busy(RuntimeError):
    """Too many uploads are waiting."""


def unique_names(names: list[str]) -> list[str]:
    """File names made distinct within one upload ("a.txt", "a.txt" -> "a.txt", "a-2.txt"),
    keeping each extension, which picks the reader."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            stem, dot, ext = name.partition(".")
            candidate = f"{stem}-{n}{dot}{ext}"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


def ingest_files_sent(store: Store, cfg: dict[str, Any], files: list[tuple[str, bytes]], source: str | None,
                      progress: Any = None):  # type: ignore[no-untyped-def]
    """Ingest, analyse and assign uploaded files, given as (name, content) with distinct
    names; rejections name the file as sent."""
    from newsprism import pipeline
    from newsprism.records import Rejection

    one_process = copy.deepcopy(cfg)
    one_process["analysis"]["workers"] = 1  # no forking inside the web server
    options: dict[str, Any] = {"progress": progress} if progress is not None else {}
    with tempfile.TemporaryDirectory(prefix="newsprism-upload-") as folder:
        paths = []
        for name, data in files:
            path = Path(folder) / name
            path.write_bytes(data)
            paths.append(path)
        summary = pipeline.run(store, paths, config=one_process, source=source, **options)
    summary.rejected = [Rejection(r.path[len(folder):].lstrip("/\\") if r.path.startswith(folder) else r.path,
                                  r.problem, r.record) for r in summary.rejected]
    return summary


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class UploadJob:
    """One upload: its files, where it has got to, and what came of it."""

    id: str
    names: list[str]
    source: str | None
    status: str = "queued"  # queued, running, done, failed
    steps: dict[str, list[int | None]] = field(default_factory=dict)  # step -> [done, total]
    summary: dict[str, Any] | None = None
    articles: list[dict[str, Any]] = field(default_factory=list)  # each new or known article with its story
    error: str | None = None
    submitted: datetime = field(default_factory=_now)
    finished: datetime | None = None

    @property
    def running(self) -> bool:
        return self.status in ("queued", "running")

    def progress(self, step: str, advance: int, total: int | None) -> None:
        """The pipeline's progress callback: (step, advance, total)."""
        done = self.steps.setdefault(step, [0, None])
        if total is not None:
            done[1] = total
        done[0] = (done[0] or 0) + advance

    def step_rows(self) -> list[dict[str, Any]]:
        return [{"step": s, "label": STEP_LABELS[s], "done": self.steps[s][0], "total": self.steps[s][1]}
                for s in STEPS if s in self.steps]


class Uploads:
    """Upload jobs of one web server: run one at a time on a background thread (analysis
    is CPU-bound, and one store takes one writer at a time); the latest ``keep`` are
    remembered for their pages."""

    def __init__(self, store: Store, cfg: dict[str, Any], keep: int = 50) -> None:
        self.store, self.cfg, self.keep = store, cfg, keep
        self._jobs: OrderedDict[str, UploadJob] = OrderedDict()
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsprism-upload")

    def submit(self, files: list[tuple[str, bytes]], source: str | None) -> UploadJob:
        """Queue an upload; raises :class:`Busy` when MAX_QUEUED wait already (their files
        are held in memory until they run)."""
        job = UploadJob(id=uuid.uuid4().hex[:16], names=[n for n, _ in files], source=source)
        with self._lock:
            if sum(j.status == "queued" for j in self._jobs.values()) >= MAX_QUEUED:
                raise Busy(f"{MAX_QUEUED} uploads are waiting already; try again when they have run")
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].running:
                    break
                del self._jobs[oldest]
        self._executor.submit(self._run, job, files)
        return job

    def get(self, job_id: str) -> UploadJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def close(self) -> None:
        """Finish the upload that is running (its articles are stored), drop the queued ones."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: UploadJob, files: list[tuple[str, bytes]]) -> None:
        from newsprism import pipeline

        job.status = "running"
        try:
            summary = ingest_files_sent(self.store, self.cfg, files, job.source, job.progress)
            ids, new = list(dict.fromkeys(summary.article_ids)), set(summary.new_ids)
            found, stories = self.store.get_articles(ids), self.store.stories_of(ids)
            touched = list(dict.fromkeys(stories[i] for i in ids if i in stories))
            job.progress("briefs", 0, len(touched))
            compared: dict[str, int] = {}
            for story in touched:  # so their pages open at once, and the list shows contradictions
                brief = pipeline.story_brief(self.store, story, config=self.cfg)
                compared[story] = sum(f.verdict == "contradict" for f in brief.facts)
                job.progress("briefs", 1, None)
            headlines = {s: self.store.story_headline(s) for s in touched}
            sizes = {s: len(self.store.story_members(s)) for s in touched}
            job.articles = [{"id": i, "headline": found[i].headline, "source": found[i].source,
                             "new": i in new, "story": stories.get(i),
                             "story_headline": headlines.get(stories.get(i, "")),
                             "story_articles": sizes.get(stories.get(i, "")),
                             "contradictions": compared.get(stories.get(i, ""))}
                            for i in ids if i in found]
            job.summary = summary.to_dict()
            job.status = "done"
        except Exception as exc:  # the page says what went wrong; the server goes on
            log.exception("upload %s failed", job.id)
            job.error = f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
            job.status = "failed"
        finally:
            job.finished = _now()
