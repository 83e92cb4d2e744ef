"""Finding input files and reading bytes: order, skips, loops, permissions, limits, gzip."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from newsprism.ingest import iter_input_files, read_path
from newsprism.records import Article, Rejection

ARTICLE = "Fire in the old town\nA fire broke out in the old town on Monday, firefighters said.\n"


def _write(path: Path, text: str = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_directories_expand_recursively_in_sorted_order(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt")
    _write(tmp_path / "a" / "z.txt")
    _write(tmp_path / "a" / "c.txt")
    _write(tmp_path / "c.json", '[]')
    found = list(iter_input_files([tmp_path]))
    assert found == [tmp_path / "a" / "c.txt", tmp_path / "a" / "z.txt", tmp_path / "b.txt", tmp_path / "c.json"]


def test_hidden_entries_and_store_files_are_skipped(tmp_path: Path) -> None:
    _write(tmp_path / ".hidden.txt")
    _write(tmp_path / ".git" / "config.txt")
    for name in ("news.db", "news.db-wal", "news.db-shm"):
        (tmp_path / name).write_bytes(b"SQLite format 3\x00")
    kept = _write(tmp_path / "story.txt")
    assert list(iter_input_files([tmp_path])) == [kept]


def test_a_store_file_named_explicitly_is_rejected_not_read(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    db.write_bytes(b"SQLite format 3\x00")
    [item] = iter_input_files([db])
    assert isinstance(item, Rejection) and "store" in item.problem


def test_missing_path_is_a_rejection(tmp_path: Path) -> None:
    [item] = iter_input_files([tmp_path / "nope.txt"])
    assert isinstance(item, Rejection) and item.problem == "no such file or directory"


def test_symlink_loop_to_parent_directory_is_named_and_walk_continues(tmp_path: Path) -> None:
    root = tmp_path / "in"
    story = _write(root / "sub" / "story.txt")
    os.symlink(root, root / "sub" / "loop")
    items = list(iter_input_files([root]))
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert story in items
    assert len(rejections) == 1
    assert rejections[0].path.endswith("loop") and "symlink loop" in rejections[0].problem


def test_self_referencing_symlink_is_a_rejection(tmp_path: Path) -> None:
    link = tmp_path / "self.txt"
    os.symlink(link, link)
    [item] = iter_input_files([tmp_path])
    assert isinstance(item, Rejection) and "symlink loop" in item.problem


def test_broken_symlink_is_a_rejection(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    [item] = iter_input_files([tmp_path])
    assert isinstance(item, Rejection) and "broken symlink" in item.problem


def test_unreadable_file_is_a_rejection(tmp_path: Path) -> None:
    path = _write(tmp_path / "secret.txt")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: root can read a mode-000 file, so unreadability cannot be "
                        "produced with chmod here (see the simulated-permission test below)")
        [item] = iter_input_files([path])
        assert isinstance(item, Rejection) and "permission denied" in item.problem
        [read] = read_path(path)
        assert isinstance(read, Rejection) and "permission denied" in read.problem
    finally:
        path.chmod(0o644)


def test_unreadable_directory_is_a_rejection_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, which can list any directory; simulate the kernel's refusal.
    locked = tmp_path / "locked"
    _write(locked / "story.txt")
    readable = _write(tmp_path / "open.txt")
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_input_files([tmp_path]))
    assert items[0] == Rejection(str(locked), "cannot read directory (permission denied)")
    assert items[1] == readable


def test_unreadable_file_is_a_rejection_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "secret.txt")
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != path)
    [item] = iter_input_files([path])
    assert item == Rejection(str(path), "cannot read file (permission denied)")


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert list(read_path(path)) == [Rejection(str(path), "empty file")]


def test_whitespace_only_file_is_rejected_as_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "blank.txt", "  \n\n\t\n")
    [item] = read_path(path)
    assert isinstance(item, Rejection) and item.problem.startswith("empty file")


def test_oversize_file_is_rejected_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "big.txt", ARTICLE * 100)
    opened: list[Path] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    [item] = read_path(path, config={"ingest": {"max_file_mb": 0.001}})
    assert isinstance(item, Rejection)
    assert item.problem == "file is 8.2 KB, over the 0.001 MB limit (set ingest.max_file_mb)"
    assert path not in opened


def test_oversize_message_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (3 * 1024 * 1024 // 10 * 10))
    [item] = read_path(path, config={"ingest": {"max_file_mb": 1}})
    assert isinstance(item, Rejection) and item.problem == "file is 3.0 MB, over the 1 MB limit (set ingest.max_file_mb)"


@pytest.mark.parametrize(("head", "kind"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF document"),
    (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive or Office document"),
    (b"GIF89a\x01\x00\x01\x00", "GIF image"),
    (b"\x7fELF\x02\x01\x01\x00", "ELF executable"),
])
def test_binary_files_are_rejected_with_their_kind(tmp_path: Path, head: bytes, kind: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(head + bytes(range(256)))
    assert list(read_path(path)) == [Rejection(str(path), f"binary file (looks like {kind}), not an article")]


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"Headline\nSome text\x00\x01\x02 more \x00\xff\xfe binary")
    [item] = read_path(path)
    assert isinstance(item, Rejection) and item.problem == "binary file (contains NUL bytes), not an article"


def test_gzip_by_extension_is_read_transparently(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode()))
    [article] = read_path(path)
    assert isinstance(article, Article)
    assert article.headline == "Fire in the old town"
    assert article.ingest is not None and article.ingest.format == "text"


def test_gzip_by_magic_number_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "records.dat"
    path.write_bytes(gzip.compress(b'{"title": "A", "text": "Body one."}\n{"title": "B", "text": "Body two."}\n'))
    items = list(read_path(path))
    assert [a.headline for a in items if isinstance(a, Article)] == ["A", "B"]
    assert all(isinstance(a, Article) and a.ingest and a.ingest.format == "jsonl" for a in items)


def test_gzip_bomb_is_limited_by_decompressed_size(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 3_000_000))
    [item] = read_path(path, config={"ingest": {"max_file_mb": 1}})
    assert isinstance(item, Rejection) and "decompressed size is over the 1 MB limit" in item.problem


def test_corrupt_gzip_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode())[:20])
    [item] = read_path(path)
    assert isinstance(item, Rejection) and "gzip" in item.problem
