"""Heavy batch work on a Dask cluster (dask.distributed): analysis, the sentence vectors of
a re-clustering, and briefs. ``--cluster ADDRESS`` on ``analyse``, ``recluster`` and
``brief --all`` sends the work to the scheduler at ADDRESS (``tcp://host:8786``), or to a
cluster of this machine's cores when ADDRESS is ``local``.

The results are those of a run in one process: the workers run the same functions on the
same inputs (analysis chunk by chunk, briefs story by story), and this process keeps the
order and writes the store. The online story assignment itself stays in this process: the
order articles arrive in defines the stories and their ids.

Workers need newsprism installed (the same version) and, for briefs, to reach the store:
a PostgreSQL URL, or an SQLite file on a path every worker sees.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from newsprism.errors import MissingDependency, NewsprismError

__all__ = ["DaskPool", "briefs_on", "connect", "encode_on"]

IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: enough to keep it busy, bounded memory


@contextmanager
def connect(address: str, workers: int | None = None) -> Iterator[Any]:
    """A Dask client for ``address`` ("local": a cluster of ``workers`` processes, one
    thread each, default one per core), closed (and a local cluster stopped) after."""
    import logging

    logging.getLogger("distributed").setLevel(logging.WARNING)  # its INFO lines are not for our users
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - it is a pinned dependency
        raise MissingDependency("--cluster needs dask.distributed (pip install distributed)") from exc
    if address == "local":
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=40)
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
        return
    try:
        client = Client(address, timeout=10)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:  # unreachable, or not an address
        raise NewsprismError(f"--cluster {address}: cannot reach the Dask scheduler ({exc}); give "
                             "tcp://host:port or 'local'") from exc
    try:
        yield client
    finally:
        client.close()


def _workers(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def _ordered(client: Any, function: Any, items: Iterable[Any]) -> Iterator[Any]:
    """``function`` over ``items`` on the cluster, results in input order, at most a few
    tasks per worker in flight (the input is read as the work goes)."""
    window = IN_FLIGHT_PER_WORKER * _workers(client)
    pending: deque[Any] = deque()
    for item in items:
        pending.append(client.submit(function, item, pure=False))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class DaskPool:
    """The analysis pool interface (``imap`` of ``analyse_articles``) on a Dask cluster."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def imap(self, jobs: Iterable[Any]) -> Iterator[Any]:
        from newsprism.analyse import _analyse_chunk

        return _ordered(self.client, _analyse_chunk, jobs)

    def close(self) -> None:
        """The client belongs to its caller (see :func:`connect`)."""


def _encode_chunk(texts: list[str]) -> list[Any]:
    from newsprism.stories.features import embed_texts

    return list(embed_texts(texts, threads=1))


def encode_on(client: Any, texts: Sequence[str], chunk: int = 64) -> list[Any]:
    """Sentence vectors of ``texts``, encoded on the cluster, in order."""
    chunks = [list(texts[i:i + chunk]) for i in range(0, len(texts), chunk)]
    return [v for vectors in _ordered(client, _encode_chunk, chunks) for v in vectors]


_STORES: dict[str, Any] = {}  # one open store per location in each worker process


def _brief_of(job: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    from newsprism import pipeline
    from newsprism.records import to_dict
    from newsprism.store import Store

    location, story_id, cfg = job
    if location not in _STORES:
        _STORES[location] = Store.open(location)
    return to_dict(pipeline.story_brief(_STORES[location], story_id, config=cfg))


def briefs_on(client: Any, location: str, story_ids: Iterable[str], cfg: dict[str, Any]) -> Iterator[Any]:
    """The brief of each story, built on the cluster (and kept in the store there), in order."""
    from newsprism.records import Brief, from_dict

    for data in _ordered(client, _brief_of, ((location, s, cfg) for s in story_ids)):
        yield from_dict(Brief, data)
