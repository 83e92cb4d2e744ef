"""Stories: which articles report the same event, and which are copies of one another.

    (Article, Analysis) --StoryClusterer.assign--> Assignment  (online, one at a time)
    Article --ReprintDetector.add--> Reprint                    (near-duplicates + diff)
"""

from __future__ import annotations

import logging

from newsprism.stories.cluster import (
    StoryClusterer,
    moved_assignments,
    recluster,
    story_id_for,
    stream_order,
)
from newsprism.stories.reprints import ReprintDetector, find_reprints, word_diff

__all__ = [
    "ReprintDetector",
    "StoryClusterer",
    "find_reprints",
    "moved_assignments",
    "recluster",
    "story_id_for",
    "stream_order",
    "word_diff",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
