"""Which sentence holds an offset: one helper for every analyser."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from newsprism.records import Sentence


def sentence_index(sentences: Sequence[Sentence], offset: int, starts: Sequence[int] | None = None) -> int:
    """Index of the sentence that holds ``offset`` (the last one starting at or before
    it; 0 when there are none). ``starts`` may pass the sentences' start offsets when
    the caller looks up many offsets.

    >>> sentence_index([Sentence(0, 5, 0), Sentence(6, 12, 1)], 7)
    1
    """
    if not sentences:
        return 0
    if starts is None:
        starts = [s.start for s in sentences]
    return max(0, bisect.bisect_right(starts, offset) - 1)
