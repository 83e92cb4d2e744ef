"""Configuration: one commented default (default.toml) overridden key by key.

>>> cfg = load_config()
>>> cfg["stories"]["window_days"]
400
"""

from __future__ import annotations

import copy
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from newsprism.errors import ConfigError

CONFIG_ENV = "NEWSPRISM_CONFIG"


def _default() -> dict[str, Any]:
    text = resources.files("newsprism").joinpath("default.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


# Settings a user may set that have no default value (unset means "chosen for you"; TOML
# has no null): they are listed, commented, in default.toml.
OPTIONAL_SETTINGS = {"stories": {"threshold", "consolidation_threshold"}}


def _merge(base: dict[str, Any], override: dict[str, Any], where: str) -> None:
    optional = OPTIONAL_SETTINGS.get(where.rsplit(".", 1)[-1], set())
    for key, value in override.items():
        if key not in base and key in optional:
            base[key] = value
            continue
        if key not in base:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(sorted(base))})")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: {key!r} must be a table")
            _merge(base[key], value, f"{where}.{key}")
        else:
            base[key] = value


def load_config(path: str | os.PathLike[str] | None = None,
                overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The default configuration, then the user's file, then explicit overrides."""
    cfg = copy.deepcopy(_default())
    path = path or os.environ.get(CONFIG_ENV)
    if path:
        p = Path(path)
        try:
            user = tomllib.loads(p.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{p}: cannot read configuration ({exc.strerror})") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{p}: not valid TOML ({exc})") from exc
        _merge(cfg, user, str(p))
    if overrides:
        _merge(cfg, overrides, "overrides")
    return cfg
