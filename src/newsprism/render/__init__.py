"""Stage 5: showing results to people (terminal, Markdown, HTML) and machines (JSON)."""

from __future__ import annotations

import math
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


def format_number(value: float) -> str:
    """A figure for people: whole numbers with thousands separators, others as they are
    (NaN and infinities too, which have no whole part).

    >>> format_number(12000.0), format_number(1.5), format_number(float("inf"))
    ('12,000', '1.5', 'inf')
    """
    return f"{value:,.0f}" if math.isfinite(value) and value == int(value) else f"{value:g}"


def format_quantity(q: Any) -> str:
    """A quantity's value, or its bounds when it is vague or a range ("100–999")."""
    if q.low is not None and q.high is not None and q.qualifier in {"vague", "range"}:
        return f"{q.low:,.0f}–{q.high:,.0f}"
    return format_number(q.value)
