"""Analysis has a size budget per article: a text far longer than any news article (a
pasted book, a degenerate scrape) is analysed from its beginning, and says so."""

from __future__ import annotations

from newsprism.analyse import ANALYSIS_MAX_CHARS, analyse_article, analyse_articles, analysed_text
from newsprism.records import Article

LEAD = "Police said two people were hurt in a fire in Millbrook on Monday, officials said."


def test_a_news_length_text_is_analysed_whole():
    article = Article.create("Fire in Millbrook", [LEAD] * 50, language="en")
    assert analysed_text(article) == article.full_text
    assert not [w for w in analyse_article(article).warnings if "analysed the first" in w]


def test_an_overlong_text_is_analysed_from_its_beginning_at_a_paragraph_end():
    paragraph = "The council met again. " * 40  # about 900 characters
    article = Article.create("Council minutes", [LEAD] + [paragraph] * 400, language="en")
    assert len(article.full_text) > 3 * ANALYSIS_MAX_CHARS
    text = analysed_text(article)
    assert ANALYSIS_MAX_CHARS // 2 < len(text) <= ANALYSIS_MAX_CHARS
    assert article.full_text.startswith(text) and article.full_text[len(text):].startswith("\n\n")
    [analysis] = list(analyse_articles([article]))  # the batch path cuts the same way
    assert any(f"analysed the first {len(text):,}" in w for w in analysis.warnings)
    assert any(q.value == 2 for q in analysis.quantities)  # the lead is read
    for e in analysis.entities:
        assert e.end <= len(text) and article.full_text[e.start:e.end] == e.text


def test_one_sentence_without_breaks_is_cut_at_a_word_end():
    article = Article.create("Said", ["said " * 60_000], language="en")
    text = analysed_text(article)
    assert len(text) <= ANALYSIS_MAX_CHARS and text.endswith("said")
    analysis = analyse_article(article)
    assert any("analysed the first" in w for w in analysis.warnings)


def test_workers_started_ahead_analyse_as_this_process_does():
    from newsprism.analyse import AnalysisPool, analyse_articles
    from newsprism.records import Article, to_dict

    articles = [Article.create(f"Storm {n} hits the coast", [
        f"About {n * 10} people were hurt when the storm hit Galveston, Texas, on Monday, police said.",
        "\"We are still counting,\" the mayor told the Houston Chronicle."], language="en") for n in range(1, 6)]
    serial = [to_dict(a) for a in analyse_articles(articles, workers=1)]
    with AnalysisPool(2) as pool:
        assert pool.workers == 2
        pooled = [to_dict(a) for a in analyse_articles(articles, pool=pool)]
    assert [a["article_id"] for a in pooled] == [a.id for a in articles]  # in input order
    assert pooled == serial
