"""newsprism: understand how one news event is reported across many outlets.

The public surface is small; everything else is private to its stage::

    from newsprism import read_path, Store, analyse_articles
"""

from __future__ import annotations

import logging

from newsprism.errors import (
    ConfigError,
    DecodeError,
    InputError,
    InputTooLarge,
    MalformedInput,
    MissingDependency,
    NewsprismError,
    NotFound,
    StoreError,
    UnsupportedFormat,
)
from newsprism.records import Analysis, Article, Assignment, Brief, IngestInfo, Rejection, Reprint

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Article",
    "Assignment",
    "Brief",
    "ConfigError",
    "DecodeError",
    "IngestInfo",
    "InputError",
    "InputTooLarge",
    "MalformedInput",
    "MissingDependency",
    "NewsprismError",
    "NotFound",
    "Rejection",
    "Reprint",
    "StoreError",
    "UnsupportedFormat",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
