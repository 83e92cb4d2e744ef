"""Outlets for inputs that name none: plain text carries no outlet, but its folder, its
file name or a mapping the user keeps often does.

``--source-from folder`` takes the parent folder's name ("politico/2024-05-01.txt" is
Politico's), ``--source-from file`` the file's stem, and ``--sources FILE`` a mapping from
paths to outlets (JSON ``{"path": "outlet"}`` or a two-column CSV ``path,outlet``), where a
key matches a file whose path ends with it ("harbor-times/quake.txt"), a file name, or a
folder the file lies in.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from newsprism.errors import ConfigError

SOURCE_FROM = ("folder", "file")


def load_sources(path: str | Path) -> dict[str, str]:
    """A path -> outlet mapping from a JSON object or a two-column CSV file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read the sources mapping ({exc.strerror})") from exc
    if p.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{p}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
        if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            raise ConfigError(f"{p}: expected a JSON object mapping paths to outlet names")
        return {k.strip(): v.strip() for k, v in data.items() if k.strip() and v.strip()}
    mapping = {}
    for i, row in enumerate(csv.reader(io.StringIO(text)), 1):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2:
            raise ConfigError(f"{p}: line {i}: expected two columns, path and outlet")
        key, outlet = row[0].strip(), row[1].strip()
        if i == 1 and (key.lower(), outlet.lower()) in {("path", "outlet"), ("path", "source"), ("file", "outlet")}:
            continue  # a header
        if key and outlet:
            mapping[key] = outlet
    return mapping


def outlet_namer(source_from: str | None = None, sources: dict[str, str] | None = None
                 ) -> Callable[[Path], str | None] | None:
    """A function giving the outlet of an input file from its path, or None when the
    user asked for none."""
    if source_from is not None and source_from not in SOURCE_FROM:
        raise ConfigError(f"--source-from {source_from!r}: expected one of {', '.join(SOURCE_FROM)}")
    if source_from is None and not sources:
        return None
    keys = sorted((sources or {}).items(), key=lambda kv: -len(kv[0]))

    def name(path: Path) -> str | None:
        posix = PurePosixPath(path.as_posix())
        for key, outlet in keys:
            k = key.strip("/")
            if posix.as_posix().endswith("/" + k) or posix.as_posix() == k or posix.name == k \
                    or k in posix.parent.parts:
                return outlet
        if source_from == "folder":
            return path.parent.name or None
        if source_from == "file":
            return path.stem or None
        return None

    return name
