"""Stage 5: showing results to people (terminal, Markdown, HTML) and machines (JSON)."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def format_when(value: Any, empty: str = "undated") -> str:
    """A date for people: the day, and the time only when the source gave one.

    >>> format_when(datetime(2025, 3, 4)), format_when(datetime(2025, 3, 4, 9, 30)), format_when(None, "-")
    ('2025-03-04', '2025-03-04 09:30', '-')
    """
    if not value:
        return empty
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    text = str(value).replace("T", " ")
    return text[:10] if text[10:16] in ("", " 00:00") else text[:16]
