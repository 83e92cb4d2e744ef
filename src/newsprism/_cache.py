"""Derived data kept in the user's cache folder, so the next process loads it instead of
rebuilding it: ``newsprism`` under ``$NEWSPRISM_CACHE``, else under
``$XDG_CACHE_HOME``, else ``~/.cache/newsprism``.

Only what newsprism derives from the packages it ships with goes there (a gazetteer
index, the sentence encoder's tokenizer tables), under a name that carries the source
package's version, so an upgrade builds a new file. The cache is a convenience: a file
that cannot be read is rebuilt, a folder that cannot be written is skipped, and the
result is the same either way. Like any cache of pickles, it is as trusted as the
user's own home folder.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

CACHE_ENV = "NEWSPRISM_CACHE"
T = TypeVar("T")


def cache_dir() -> Path:
    base = os.environ.get(CACHE_ENV) or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "newsprism" if base else Path.home() / ".cache" / "newsprism"


def cached_pickle(name: str | None, build: Callable[[], T], what: str) -> T:
    """``build()``'s result, kept in the cache folder as ``name`` (no caching when None)."""
    path = cache_dir() / name if name else None
    if path is not None and path.exists():
        try:
            with open(path, "rb") as handle, _no_gc():
                return pickle.load(handle)  # type: ignore[no-any-return]
        except Exception:  # a truncated or foreign file: rebuilt below
            log.warning("%s cache %s unreadable; rebuilding it", what, path)
    built = build()
    if path is not None:
        _write(path, built, what)
    return built


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: unpickling creates hundreds of thousands of
    objects and nothing to collect, and the collections it would trigger cost about
    half of the load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, value: object, what: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=path.name + ".", delete=False)
    except OSError as exc:  # a read-only home: work from memory
        log.info("cannot keep the %s cache at %s (%s)", what, path, exc)
        return
    try:
        with handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)  # readers see the old file or the whole new one
    except OSError as exc:  # a full disk
        log.info("cannot keep the %s cache at %s (%s)", what, path, exc)
        Path(handle.name).unlink(missing_ok=True)


def template_bytecode_cache():  # type: ignore[no-untyped-def]
    """A Jinja2 bytecode cache in the cache folder, so a new process renders a brief
    without compiling its templates again (Jinja checks each entry against the
    template's source and its own version); None when the folder cannot be made."""
    import jinja2
    from jinja2.bccache import Bucket, FileSystemBytecodeCache

    folder = cache_dir() / f"templates-jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.info("cannot keep compiled templates at %s (%s)", folder, exc)
        return None

    class _Forgiving(FileSystemBytecodeCache):
        # a truncated entry is compiled again, an unwritable folder skipped
        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # noqa: BLE001 - any unreadable entry: compile the template
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError as exc:
                log.info("cannot keep a compiled template at %s (%s)", folder, exc)

    return _Forgiving(str(folder))
