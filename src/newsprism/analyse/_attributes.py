"""The English model's attribute ruler and rule lemmatizer, applied a document at a time.

``en_core_web_sm`` maps fine-grained tags to parts of speech, morphology and lemma
exceptions with an ``attribute_ruler`` (180 Matcher patterns) and then lemmatizes with a
rule ``lemmatizer``. Both are Python loops over tokens: on real articles they cost about
14 and 8 ms per article, a fifth of the whole pipeline, for a table lookup.

:class:`DocAttributes` gives the same annotations from the same patterns and tables:

- every pattern is compiled to column tests over ``doc.to_array`` (equality, ``IN``,
  ``NOT_IN`` and ``REGEX``, the last evaluated once per distinct word), the matches are
  applied in the ruler's own order (pattern order, later patterns win per attribute) and
  written back with one ``doc.from_array``;
- lemmas are looked up per distinct (word, part of speech, morphology), the key of the
  rule lemmatizer's own cache, and computed by the lemmatizer itself on a miss.

It refuses patterns it cannot compile (operators, other attributes), so a model with
other rules keeps its own components (:func:`install` returns False).
The equivalence with the stock components is tested token by token.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Token attributes the patterns may test, and those the rules may set.
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")
_WRITTEN = ("POS", "TAG", "MORPH", "LEMMA", "DEP")


class Unsupported(ValueError):
    """A ruler pattern outside what the compiled form reproduces exactly."""


def _column_test(vocab: Any, attr: str, spec: Any,
                 regex_cache: dict[tuple[str, int], bool]) -> Callable[[np.ndarray], np.ndarray]:
    """A function from one attribute column to a boolean mask, for one pattern value."""
    if attr == "IS_SPACE":
        if not isinstance(spec, bool):
            raise Unsupported(f"IS_SPACE test {spec!r}")
        want = np.uint64(1 if spec else 0)
        return lambda column: column == want
    if isinstance(spec, str):
        value = np.uint64(vocab.strings.add(spec))
        return lambda column: column == value
    if not isinstance(spec, dict) or len(spec) != 1:
        raise Unsupported(f"{attr} test {spec!r}")
    (op, arg), = spec.items()
    if op in ("IN", "NOT_IN"):
        values = np.array([vocab.strings.add(v) for v in arg], dtype=np.uint64)
        if op == "IN":
            return lambda column: np.isin(column, values)
        return lambda column: ~np.isin(column, values)
    if op == "REGEX":
        pattern = re.compile(arg)
        strings = vocab.strings

        def regex_test(column: np.ndarray) -> np.ndarray:
            unique, inverse = np.unique(column, return_inverse=True)
            hits = np.empty(len(unique), dtype=bool)
            for k, key in enumerate(unique.tolist()):
                cached = regex_cache.get((arg, key))
                if cached is None:
                    cached = regex_cache[(arg, key)] = bool(pattern.search(strings[key]))
                hits[k] = cached
            return hits[inverse]
        return regex_test
    raise Unsupported(f"{attr} operator {op}")


class DocAttributes:
    """The attribute ruler's and the rule lemmatizer's annotations, column-wise."""

    def __init__(self, ruler: Any, lemmatizer: Any) -> None:
        from spacy.attrs import IDS

        self.vocab = ruler.vocab
        self.lemmatizer = lemmatizer
        self._regex_cache: dict[tuple[str, int], bool] = {}
        self._lemma_cache: dict[tuple[int, int, int], int] = {}
        self._tested = [IDS[a] for a in _TESTED]
        self._written = [IDS[a] for a in _WRITTEN]
        self._lemma_key = [IDS["ORTH"], IDS["POS"], IDS["MORPH"]]
        self._lemma = [IDS["LEMMA"]]
        self._col_of = {a: i for i, a in enumerate(_TESTED)}
        self._out_of = {a: i for i, a in enumerate(_WRITTEN)}
        self.rules = [self._compile(p) for p in ruler.patterns]

    def _compile(self, rule: dict[str, Any]) -> tuple[list[list[tuple[int, int, Callable]]], int, int, dict[int, int]]:
        alternatives = []
        lengths = {len(p) for p in rule["patterns"]}
        if len(lengths) != 1:
            raise Unsupported("alternatives of different lengths")
        length = lengths.pop()
        for pattern in rule["patterns"]:
            tests = []
            for offset, token_spec in enumerate(pattern):
                for attr, spec in token_spec.items():
                    if attr not in self._col_of:
                        raise Unsupported(f"test on {attr}")
                    tests.append((offset, self._col_of[attr],
                                  _column_test(self.vocab, attr, spec, self._regex_cache)))
            alternatives.append(tests)
        index = rule.get("index", 0)
        index = index if index >= 0 else length + index
        if not 0 <= index < length:
            raise Unsupported(f"index {rule.get('index')} outside a {length}-token pattern")
        sets: dict[int, int] = {}
        for attr, value in rule["attrs"].items():
            if attr not in self._out_of:
                raise Unsupported(f"sets {attr}")
            if attr == "MORPH":
                key = self.vocab.morphology.add(value)
            else:
                key = self.vocab.strings.add(value)
            sets[self._out_of[attr]] = key
        return alternatives, length, index, sets

    def __call__(self, doc: "Doc") -> "Doc":
        n = len(doc)
        if n == 0:
            return doc
        tested = doc.to_array(self._tested)
        out = doc.to_array(self._written)
        for alternatives, length, index, sets in self.rules:
            if length > n:
                continue
            starts = n - length + 1
            matched = np.zeros(starts, dtype=bool)
            for tests in alternatives:
                mask = np.ones(starts, dtype=bool)
                for offset, col, test in tests:
                    mask &= test(tested[offset:offset + starts, col])
                matched |= mask
            if not matched.any():
                continue
            targets = np.flatnonzero(matched) + index
            for col, value in sets.items():
                out[targets, col] = value
        doc.from_array(self._written, out)
        self._lemmatize(doc, out[:, self._out_of["LEMMA"]])
        return doc

    def _lemmatize(self, doc: "Doc", lemmas: np.ndarray) -> None:
        """Lemmas for tokens the rules left without one, as the rule lemmatizer gives them
        (its result depends only on the word, its part of speech and its morphology: the
        key of its own cache)."""
        missing = np.flatnonzero(lemmas == 0)
        if not len(missing):
            return
        keys = doc.to_array(self._lemma_key)[missing].tolist()
        cache, strings, lemmatize = self._lemma_cache, self.vocab.strings, self.lemmatizer.lemmatize
        for i, key in zip(missing.tolist(), keys):
            key = tuple(key)
            value = cache.get(key)
            if value is None:
                value = cache[key] = strings.add(lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array(self._lemma, lemmas)


def install(nlp: "Language") -> bool:
    """Replace the pipeline's ``attribute_ruler`` and ``lemmatizer`` by one
    :class:`DocAttributes` step in the ruler's place (the ``newsprism_attributes``
    factory, registered with newsprism's other components); False (nothing changed) when
    the model's rules are outside what it reproduces."""
    if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
        return False
    if nlp.pipe_names.index("lemmatizer") != nlp.pipe_names.index("attribute_ruler") + 1:
        return False
    from newsprism.analyse._nlp import _register_components

    _register_components()
    try:
        nlp.add_pipe("newsprism_attributes", before="attribute_ruler")
    except Unsupported:  # raised while compiling, before anything is added
        return False
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return True
