"""Language identification with py3langid, restricted to the configured languages."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

UNKNOWN = "und"
# Enough text for a stable answer (a few paragraphs); more only costs time.
_SAMPLE_CHARS = 2000
_URL = re.compile(r"https?://\S+|www\.\S+")


@functools.lru_cache(maxsize=1)
def _full_identifier() -> "LanguageIdentifier":
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@functools.lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]) -> "LanguageIdentifier":
    """The identifier restricted to ``languages``, kept in the user's cache folder: the
    model file takes most of a second to decompress in every new process, its
    restriction to a few languages a tenth of that to load."""
    from importlib.metadata import version

    from newsprism._cache import cached_pickle

    wanted = tuple(sorted(set(languages)))
    name = f"langid-{version('py3langid')}-{'-'.join(wanted)}.pickle" if wanted else None
    return cached_pickle(name, lambda: _restricted(wanted), "language identifier")


def _restricted(languages: tuple[str, ...]) -> "LanguageIdentifier":
    from py3langid.langid import LanguageIdentifier

    base = _full_identifier()
    wanted = set(languages)
    keep = [i for i, lang in enumerate(base.nb_classes) if lang in wanted]
    if not keep:
        return base
    # a new identifier of the restricted arrays alone (set_languages would keep the full
    # model beside them, and the cache file would hold it too)
    return LanguageIdentifier(base.nb_ptc[:, keep], base.nb_pc[keep], [base.nb_classes[i] for i in keep],
                              base.tk_nextmove, base.tk_output, norm_probs=True, tk_row=base.tk_row)


def classify(text: str, languages: Sequence[str]) -> tuple[str, float]:
    """Best language among ``languages`` and its normalised probability (no threshold)."""
    sample = _URL.sub(" ", text[:_SAMPLE_CHARS]).strip()
    if not sample or not any(ch.isalpha() for ch in sample):
        return UNKNOWN, 0.0
    language, confidence = _identifier(tuple(languages)).classify(sample)
    return str(language), float(confidence)


# Scripts that only these languages write: a text in them is none of the configured
# languages when these are not configured (the restricted identifier would still pick one).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})


_LETTER = re.compile(r"[^\W\d_]")


def _mostly_cjk(text: str) -> bool:
    sample = text[:_SAMPLE_CHARS]
    if not _CJK.search(sample):
        return False  # the common case, without counting letters
    return len(_CJK.findall(sample)) > 0.5 * len(_LETTER.findall(sample))


def identify(text: str, languages: Sequence[str], min_confidence: float) -> tuple[str, float]:
    if not _CJK_LANGUAGES & set(languages) and _mostly_cjk(text):
        return UNKNOWN, 0.0
    language, confidence = classify(text, languages)
    if confidence < min_confidence:
        return UNKNOWN, confidence
    return language, confidence


def normalise_language_tag(tag: object) -> str | None:
    """"en-US", "EN", "eng"? -> "en"; None for anything that is not a tag."""
    if not isinstance(tag, str):
        return None
    primary = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    if re.fullmatch(r"[a-z]{2}", primary):
        return primary
    return None
