"""Finding input files and reading their bytes safely (size limit, gzip, permissions)."""

from __future__ import annotations

import errno
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsprism.errors import InputError, InputTooLarge, MalformedInput
from newsprism.records import Rejection

GZIP_MAGIC = b"\x1f\x8b"
# The store's own files sit next to the inputs in many setups; never read them as articles.
STORE_SUFFIXES = (".db", ".db-wal", ".db-shm", ".db-journal", ".assign.lock")
_MB = 1024 * 1024


def path_text(path: str | os.PathLike[str]) -> str:
    """A path as text that can be stored and printed: a file name that is not valid UTF-8
    (bytes Python keeps as lone surrogates) shows its odd bytes escaped ("bad\\xffname.txt")."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def is_store_file(path: Path) -> bool:
    return path.name.endswith(STORE_SUFFIXES)


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Rejection]:
    """Expand ``paths`` into the files to ingest, in a deterministic order.

    Directories are walked recursively in sorted order; hidden entries and the store's
    own database files are skipped, and so are symlinks inside them that lead out of the
    folder given (a link to /etc/passwd in a scraped folder is not an article; a path
    named on the command line is always read). Problems (missing paths, symlink loops,
    unreadable files or directories) come out as :class:`Rejection` records instead of
    exceptions.
    """
    seen_dirs: dict[tuple[int, int], Path] = {}
    for given in paths:
        yield from _expand(Path(given), seen_dirs, (), explicit=True)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def _expand(path: Path, seen_dirs: dict[tuple[int, int], Path], ancestors: tuple[tuple[int, int], ...],
            *, explicit: bool, root: Path | None = None) -> Iterator[Path | Rejection]:
    if root is not None and path.is_symlink() and os.path.exists(path) and not _inside(path, root):
        yield Rejection(path_text(path), f"symlink to {path_text(os.readlink(path))}, outside the folder being "
                                         "read; skipped (name it on the command line to read it)")
        return
    try:
        st = path.stat()  # follows symlinks: a loop raises ELOOP here
    except OSError as exc:
        yield Rejection(path_text(path), _stat_problem(path, exc))
        return
    if stat.S_ISDIR(st.st_mode):
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            yield Rejection(path_text(path), f"symlink loop: points back to {seen_dirs[key]}, which contains it; skipped")
            return
        if key in seen_dirs:
            yield Rejection(path_text(path), f"same directory as {seen_dirs[key]}, already read; skipped")
            return
        seen_dirs[key] = path
        try:
            with os.scandir(path) as entries:
                names = sorted(entry.name for entry in entries)
        except PermissionError:
            yield Rejection(path_text(path), "cannot read directory (permission denied)")
            return
        except OSError as exc:
            yield Rejection(path_text(path), f"cannot read directory ({exc.strerror or exc})")
            return
        for name in names:
            if name.startswith("."):
                continue
            child = path / name
            if is_store_file(child):
                continue
            yield from _expand(child, seen_dirs, (*ancestors, key), explicit=False,
                               root=root if root is not None else _resolved(path))
        return
    if not stat.S_ISREG(st.st_mode):
        yield Rejection(path_text(path), "not a regular file (device, socket or pipe); skipped")
        return
    if is_store_file(path):
        if explicit:
            yield Rejection(path_text(path), "this is an article store file, not an input; skipped")
        return
    if not os.access(path, os.R_OK):
        yield Rejection(path_text(path), "cannot read file (permission denied)")
        return
    yield path


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _stat_problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (the link resolves back to itself); skipped"
    if exc.errno == errno.ENOENT:
        if path.is_symlink():
            return f"broken symlink to {os.readlink(path)}"
        return "no such file or directory"
    if exc.errno == errno.EACCES:
        return "cannot read (permission denied)"
    return f"cannot read ({exc.strerror or exc})"


def format_size(n_bytes: float) -> str:
    if n_bytes >= 0.1 * _MB:
        return f"{n_bytes / _MB:.1f} MB"
    return f"{n_bytes / 1024:.1f} KB"


def read_input_bytes(path: Path, max_file_mb: float) -> tuple[bytes, bool]:
    """The file's bytes, gunzipped when compressed; ``(data, was_gzip)``.

    The size limit is checked with ``stat`` before anything is read, and again on the
    decompressed size so a small gzip cannot expand into gigabytes.
    """
    limit = int(max_file_mb * _MB)
    limit_text = f"{max_file_mb:g} MB limit (set ingest.max_file_mb)"
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path_text(path), _stat_problem(path, exc)) from exc
    if size > limit:
        raise InputTooLarge(path_text(path), f"file is {format_size(size)}, over the {limit_text}")
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except PermissionError as exc:
        raise InputError(path_text(path), "cannot read file (permission denied)") from exc
    except IsADirectoryError as exc:
        raise InputError(path_text(path), "is a directory; pass it to iter_input_files") from exc
    except OSError as exc:
        raise InputError(path_text(path), f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > limit:  # grew between stat and read
        raise InputTooLarge(path_text(path), f"file is over the {limit_text}")
    if data.startswith(GZIP_MAGIC):
        return gunzip(path, data, limit, limit_text), True
    return data, False


def gunzip(path: Path, data: bytes, limit: int, limit_text: str) -> bytes:
    """Decompress every member of a gzip file (``cat a.gz b.gz`` is one valid file)."""
    out = b""
    rest = data
    while rest:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += decompressor.decompress(rest, limit + 1 - len(out))
        except zlib.error as exc:
            raise MalformedInput(path_text(path), f"corrupt gzip data ({exc}); re-compress or unpack the file") from exc
        if len(out) > limit or decompressor.unconsumed_tail:
            raise InputTooLarge(path_text(path), f"decompressed size is over the {limit_text}")
        if not decompressor.eof:
            raise MalformedInput(path_text(path), "truncated gzip data; the file is incomplete")
        rest = decompressor.unused_data
        if rest and not rest.startswith(GZIP_MAGIC):
            break  # trailing padding after the last member
    return out


def gunzip_head(head: bytes, size: int = 8192) -> bytes:
    """Best-effort decompression of the first bytes of a gzip stream (for sniffing)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, size)
    except zlib.error:
        return b""
