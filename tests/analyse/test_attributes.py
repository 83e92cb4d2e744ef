"""The column-wise attribute ruler and lemmatizer give the stock components' annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.analyse import _attributes
from newsprism.analyse._nlp import bare_pipeline, load_pipeline

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
GVA = REPO.parent / "shared" / "data" / "gva-dev" / "articles.jsonl"


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "demo" / "corpus").rglob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    if GVA.exists():  # real articles nobody here wrote
        with GVA.open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line, _ in zip(lines, range(40))]
    # Forms the ruler's exceptions and regular expressions are there for.
    texts += ["Y'all ain't seen nothin' yet, and it isn't over: I'm sure they'd've told you and me.",
              "There are those who do, and that is what it is.  Whether he has or hasn't, it's his."]
    return texts


def _annotations(doc) -> list[tuple]:
    return [(t.pos, t.tag, t.morph.key, t.lemma, t.dep, t.head.i, t.ent_iob, t.ent_type) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    ours = load_pipeline("en")  # registers newsprism_paragraphs
    stock = bare_pipeline("en")
    stock.add_pipe("newsprism_paragraphs", before="parser")
    return stock, ours


def test_the_stock_components_are_replaced_in_place(pipelines):
    _stock, ours = pipelines
    names = ours.pipe_names
    assert "attribute_ruler" not in names and "lemmatizer" not in names
    assert names.index("parser") < names.index("newsprism_attributes") < names.index("ner")


def test_every_token_gets_the_stock_annotations(pipelines):
    stock, ours = pipelines
    texts = _texts()
    assert len(texts) > 20
    tokens = 0
    for a, b in zip(stock.pipe(texts), ours.pipe(texts)):
        assert [t.text for t in a] == [t.text for t in b]
        assert _annotations(a) == _annotations(b)
        tokens += len(a)
    assert tokens > 5_000


def test_rules_it_cannot_reproduce_keep_the_stock_components():
    nlp = bare_pipeline("en")
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    assert _attributes.install(nlp) is False
    assert "attribute_ruler" in nlp.pipe_names and "lemmatizer" in nlp.pipe_names
    doc = nlp("It was very very cold.")
    assert doc[2].pos_ == "ADV"


def test_an_empty_text_passes(pipelines):
    _stock, ours = pipelines
    assert len(ours("")) == 0
