"""Reprints: the same text published again, whole, edited or cut short.

Two texts are near-duplicates when the Jaccard similarity of their word 5-shingles
reaches ``similarity`` (found through MinHash LSH), or when the shorter one's shingles
are mostly (``containment``) found in the longer one, so a truncated copy is still a
copy. Containment candidates come from a content-defined sample of shingles, chosen by
winnowing (Schleimer, Wilkerson and Aiken 2003, the method of MOSS): the smallest hash
in every window of ``WINNOW_WINDOW`` consecutive shingles. Any run of that many shingles
two texts share gives both the same sample, so a cut copy of any length is found among
its original's samples (sampling one hash value in eight, as before, left an 80-shingle
text two samples by chance).
Every candidate is then checked on the exact shingle sets.

Lineage: in a group of copies the earliest published article is the original (undated
articles come after dated ones; within a day, timed reports before those dated by the day
alone; ties go to the shortest text, then the first added);
each copy carries a word-level diff against it.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsprism.records import Article, Reprint

EXTRACTOR = "newsprism.stories.reprints/1"

DEFAULT_SIMILARITY = 0.6
DEFAULT_CONTAINMENT = 0.8
SHINGLE_WORDS = 5
NUM_PERM = 128
# Winnowing window (in shingles) of the containment index's samples (about 2 / (w + 1)
# of the shingles); a text needs at least MIN_SAMPLED samples to be indexed there
# (shorter texts rely on LSH alone).
WINNOW_WINDOW = 10
MIN_SAMPLED = 3
# Sampled shingles shared by more texts than this are boilerplate, not evidence.
MAX_POSTINGS = 200
# Shorter texts than this (in shingles) are not compared: a headline-sized text
# "contained" in an article is a quote, not a reprint.
MIN_SHINGLES = 8

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """Casefolded words, punctuation dropped (what shingles are made of)."""
    return [w.casefold() for w in _WORD.findall(text)]


def _hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


# Shingle hashes are combined from their words' hashes (each distinct word hashed once):
# a polynomial over the five word hashes, then the splitmix64 finaliser so that every bit
# (MinHash reads the low 32, winnowing compares whole values) depends on every word.
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MIX1, _MIX2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def winnow(sequence: np.ndarray, window: int = WINNOW_WINDOW) -> set[int]:
    """The smallest hash of every ``window`` consecutive shingles (all of a shorter text)."""
    if len(sequence) <= window:
        return {int(sequence.min())} if len(sequence) else set()
    return set(np.lib.stride_tricks.sliding_window_view(sequence, window).min(axis=1).tolist())


def _shingle_sequence(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """The hashes of the word ``size``-shingles of ``text`` in text order (uint64; one
    shingle for a shorter text)."""
    tokens = words(text)
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    known: dict[str, int] = {}
    hashes = np.fromiter((known[w] if w in known else known.setdefault(w, _hash(w)) for w in tokens),
                         dtype=np.uint64, count=len(tokens))
    width = min(size, len(tokens))
    count = len(tokens) - width + 1
    with np.errstate(over="ignore"):
        combined = hashes[:count].copy()
        for offset in range(1, width):
            combined *= _MULTIPLIER
            combined += hashes[offset:offset + count]
        combined ^= combined >> np.uint64(30)
        combined *= _MIX1
        combined ^= combined >> np.uint64(27)
        combined *= _MIX2
        combined ^= combined >> np.uint64(31)
    return combined


@functools.lru_cache(maxsize=1)
def _permutations() -> Any:
    """The MinHash permutations, drawn once (datasketch draws them per MinHash)."""
    return MinHash(num_perm=NUM_PERM, scheme="affine32").permutations


def _minhash(grams: np.ndarray) -> MinHash:
    """The MinHash of shingle hashes, fed as 32-bit values (datasketch's affine32 scheme)."""
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=int, permutations=_permutations(), scheme="affine32")
    minhash.update_batch((grams & np.uint64(0xFFFFFFFF)).tolist())
    return minhash


def word_diff(original: str, copy: str) -> list[dict[str, Any]]:
    """Word-level changes turning ``original`` into ``copy``.

    >>> word_diff("the cat sat on the mat", "the dog sat on the mat")
    [{'op': 'replace', 'original': 'cat', 'copy': 'dog', 'position': 1}]
    """
    a, b = original.split(), copy.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        changes.append({"op": op, "original": " ".join(a[i1:i2]), "copy": " ".join(b[j1:j2]),
                        "position": i1})
    return changes


def _text_of(article: Article) -> str:
    return article.full_text


@dataclass
class _Entry:
    article: Article
    order: int
    shingles: np.ndarray  # sorted unique uint64 hashes: a tenth of a set's memory
    sampled: set[int]

    def lineage_key(self) -> tuple[bool, date, bool, datetime, int, int]:
        """Earliest first. Within a day, a report with a time of publication comes before
        one dated by the day alone: "March 17" is any time that day, not its midnight, so
        a wire timed 09:40 is not the copy of a page dated March 17."""
        published = self.article.published
        if published is not None and published.tzinfo is not None:
            published = published.astimezone(timezone.utc).replace(tzinfo=None)
        if published is None:
            return (True, date.max, True, datetime.max, len(_text_of(self.article)), self.order)
        timed = self.article.timed
        return (False, published.date(), not timed, published if timed else datetime.max,
                len(_text_of(self.article)), self.order)


class ReprintDetector:
    """Find copies among articles as they arrive.

    ``similarity``: Jaccard of word 5-shingles at which two texts are copies.
    ``containment``: share of the shorter text's shingles found in the longer one at
    which the shorter is a (cut) copy.
    """

    def __init__(self, similarity: float = DEFAULT_SIMILARITY,
                 containment: float = DEFAULT_CONTAINMENT) -> None:
        self.similarity = similarity
        self.containment = containment

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "ReprintDetector":
        """A detector with the ``[stories]`` reprint settings of a loaded configuration."""
        section = config.get("stories", config)
        return cls(similarity=section.get("reprint_similarity", DEFAULT_SIMILARITY),
                   containment=section.get("reprint_containment", DEFAULT_CONTAINMENT))

    def _ensure_state(self) -> None:
        if hasattr(self, "entries_"):
            return
        self.entries_: dict[str, _Entry] = {}
        self.lsh_ = MinHashLSH(threshold=self.similarity, num_perm=NUM_PERM)
        self.sample_index_: dict[int, list[str]] = {}
        self.group_of_: dict[str, str] = {}  # article id -> group id
        self.groups_: dict[str, list[str]] = {}  # group id -> member ids

    def add(self, article: Article) -> list[Reprint]:
        """Add one article; return the copy relations of its group that are new or
        changed (a newly added earlier original re-points every copy to itself)."""
        self._ensure_state()
        if article.id in self.entries_:
            return []
        sequence = _shingle_sequence(_text_of(article))
        grams = np.unique(sequence)
        sampled = winnow(sequence)
        entry = _Entry(article=article, order=len(self.entries_), shingles=grams, sampled=sampled)
        minhash = _minhash(grams) if len(grams) >= MIN_SHINGLES else None
        matches = self._matches(entry, minhash) if minhash is not None else []
        self.entries_[article.id] = entry
        if minhash is not None:
            self.lsh_.insert(article.id, minhash)
            if len(sampled) >= MIN_SAMPLED:
                for h in sampled:
                    self.sample_index_.setdefault(h, []).append(article.id)
        if not matches:
            return []
        group_ids = {self.group_of_.get(m, m) for m in matches}
        previous: dict[str, str] = {}
        for gid in group_ids:
            for m in self.groups_.get(gid, [gid]):
                previous[m] = self._original_of(m)
        for gid in group_ids:
            self.groups_.pop(gid, None)
        members = {article.id, *previous}
        members_sorted = sorted(members, key=lambda i: self.entries_[i].order)
        group_id = members_sorted[0]
        self.groups_[group_id] = members_sorted
        for member in members_sorted:
            self.group_of_[member] = group_id
        original = self._original_of(article.id)
        return [self._reprint(m, original) for m in members_sorted
                if m != original and previous.get(m) != original]

    def find_reprints(self, articles: Iterable[Article]) -> list[Reprint]:
        """Every copy relation among ``articles`` (one per copy, pointing at its original)."""
        for article in articles:
            self.add(article)
        return self.reprints()

    def reprints(self) -> list[Reprint]:
        """The current copy relations of everything added so far."""
        self._ensure_state()
        out = []
        for members in self.groups_.values():
            original = self._original_of(members[0])
            out.extend(self._reprint(m, original) for m in members if m != original)
        return out

    def original_of(self, article_id: str) -> str:
        """The original of ``article_id``'s group (itself when it has no copies)."""
        self._ensure_state()
        return self._original_of(article_id)

    # ------------------------------------------------------------------ internals

    def _original_of(self, article_id: str) -> str:
        group = self.groups_.get(self.group_of_.get(article_id, article_id))
        if not group:
            return article_id
        return min(group, key=lambda i: self.entries_[i].lineage_key())

    def _matches(self, entry: _Entry, minhash: MinHash) -> list[str]:
        candidates: set[str] = set()
        if self.entries_:
            candidates.update(self.lsh_.query(minhash))
            hits: Counter[str] = Counter()
            for h in entry.sampled:
                postings = self.sample_index_.get(h)
                if postings and len(postings) <= MAX_POSTINGS:
                    hits.update(postings)
            # A containment candidate shares at least half the samples of the shorter text.
            for other_id, n in hits.items():
                other = self.entries_[other_id]
                smaller = min(len(entry.sampled), len(other.sampled))
                if smaller and n >= 0.5 * self.containment * smaller:
                    candidates.add(other_id)
        out = []
        for other_id in sorted(candidates, key=lambda i: self.entries_[i].order):
            jaccard, containment = _overlap(entry.shingles, self.entries_[other_id].shingles)
            if jaccard >= self.similarity or containment >= self.containment:
                out.append(other_id)
        return out

    def _reprint(self, copy_id: str, original_id: str) -> Reprint:
        copy, original = self.entries_[copy_id], self.entries_[original_id]
        jaccard, _ = _overlap(copy.shingles, original.shingles)
        contained = (_common(copy.shingles, original.shingles) / len(copy.shingles)) if len(copy.shingles) else 0.0
        return Reprint(copy_id=copy_id, original_id=original_id, similarity=round(jaccard, 4),
                       containment=round(contained, 4),
                       diff=word_diff(_text_of(original.article), _text_of(copy.article)))


def _common(a: np.ndarray, b: np.ndarray) -> int:
    return int(np.intersect1d(a, b, assume_unique=True).size)


def _overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Jaccard, and the share of the smaller set found in the larger (sorted unique arrays)."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    common = _common(a, b)
    return common / (len(a) + len(b) - common), common / min(len(a), len(b))


def find_reprints(articles: Iterable[Article], *, similarity: float = DEFAULT_SIMILARITY,
                  containment: float = DEFAULT_CONTAINMENT) -> list[Reprint]:
    """Batch form: every copy among ``articles`` with its original and diff."""
    return ReprintDetector(similarity=similarity, containment=containment).find_reprints(articles)
