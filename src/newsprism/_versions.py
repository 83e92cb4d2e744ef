"""Versions of derived data that follow the code itself, computed without importing it:
a read command that serves a cached brief checks it is current without loading the
comparison (and the analysers it calls)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def brief_version() -> str:
    """A digest of the code a brief comes from and its schema: a cached brief is rebuilt
    whenever the comparison itself changes, with no version number to remember."""
    from newsprism.records import Brief

    digest = hashlib.sha256(Brief.__dataclass_fields__["schema"].default.encode())  # type: ignore[union-attr]
    # the comparison, the records it fills, and the analysis helpers it calls
    for path in [*sorted((_PACKAGE / "compare").glob("*.py")), _PACKAGE / "records.py",
                 *sorted((_PACKAGE / "analyse").glob("*.py"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
