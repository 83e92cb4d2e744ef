"""Language identification with py3langid, restricted to the configured languages."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

UNKNOWN = "und"
# Enough text for a stable answer; more only costs time.
_SAMPLE_CHARS = 4000
_URL = re.compile(r"https?://\S+|www\.\S+")


@functools.lru_cache(maxsize=1)
def _full_identifier() -> "LanguageIdentifier":
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@functools.lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]) -> "LanguageIdentifier":
    base = _full_identifier()
    # set_languages replaces (never mutates) the model arrays, so a shallow copy shares
    # the loaded model instead of decompressing it again for each language set.
    identifier = copy.copy(base)
    usable = [lang for lang in languages if lang in set(base.nb_classes)]
    if usable:
        identifier.set_languages(usable)
    return identifier


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


def _mostly_cjk(text: str) -> bool:
    sample = text[:_SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    return letters > 0 and len(_CJK.findall(sample)) > 0.5 * letters


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
