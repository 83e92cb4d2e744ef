"""Cross-document entity resolution: spellings, scripts, titles, and people who only
share a surname."""

from __future__ import annotations

import pytest

from newsprism.compare.entities import MentionRef, ResolvedEntity, name_key, resolve_entities
from newsprism.records import EntityMention

_offsets: dict[str, int] = {}


def ref(article: str, text: str, label: str = "PERSON", *, source: str | None = None,
        language: str = "en", story: str | None = None) -> MentionRef:
    """A mention of ``text`` in ``article``, each at its own offset."""
    start = _offsets.get(article, 0)
    _offsets[article] = start + len(text) + 1
    mention = EntityMention(start=start, end=start + len(text), text=text, label=label, sentence=0,
                            key=name_key(text, language, label=label), extractor="test")
    return MentionRef(article_id=article, source=source, language=language, mention=mention, story=story)


def entity_of(entities: list[ResolvedEntity], variant: str) -> ResolvedEntity:
    found = [e for e in entities if variant in e.variants]
    assert len(found) == 1, f"{variant!r} is in {len(found)} entities"
    return found[0]


def test_transliterations_of_one_surname_are_one_person():
    refs = [ref("a1", "Igor Khovaev", source="Reuters"), ref("a1", "Khovaev", source="Reuters"),
            ref("a2", "Chovayev", source="Der Spiegel", language="de"),
            ref("a3", "Hovaev", source="Hetq"), ref("a4", "Khovayev", source="AP"),
            ref("a5", "Игорь Ховаев", source="TASS", language="ru"),
            ref("a6", "Igor Khovaev", source="AP")]
    entities = resolve_entities(refs)
    assert len(entities) == 1
    person = entities[0]
    assert person.label == "PERSON"
    assert person.canonical == "Igor Khovaev"
    assert len(person.mentions) == 7


def test_variants_are_recorded_with_their_outlets():
    refs = [ref("b1", "Igor Khovaev", source="Reuters"), ref("b2", "Chovayev", source="Der Spiegel"),
            ref("b3", "Igor Khovaev", source="AP"), ref("b4", "Chovayev")]
    (person,) = resolve_entities(refs)
    assert person.variants == {"Chovayev": ["Der Spiegel", "b4"], "Igor Khovaev": ["AP", "Reuters"]}
    assert ("b1", 0, len("Igor Khovaev")) in person.mentions


def test_full_name_and_surname_alone_are_one_person():
    entities = resolve_entities([ref("c1", "Toivo Klaar"), ref("c2", "Klaar"), ref("c3", "T. Klaar")])
    assert len(entities) == 1
    assert entities[0].canonical == "Toivo Klaar"


def test_initial_does_not_join_two_people_who_share_it():
    entities = resolve_entities([ref("d1", "Toivo Klaar"), ref("d2", "Tiit Klaar"), ref("d3", "T. Klaar")])
    assert entity_of(entities, "Toivo Klaar") is not entity_of(entities, "Tiit Klaar")
    assert entity_of(entities, "T. Klaar") not in (entity_of(entities, "Toivo Klaar"),
                                                  entity_of(entities, "Tiit Klaar"))


def test_different_surnames_are_different_people():
    entities = resolve_entities([ref("e1", "Igor Khovaev"), ref("e2", "Igor Galuzin"),
                                 ref("e3", "Khovaev"), ref("e4", "Galuzin")])
    assert len(entities) == 2
    assert entity_of(entities, "Khovaev") is entity_of(entities, "Igor Khovaev")
    assert entity_of(entities, "Galuzin") is entity_of(entities, "Igor Galuzin")


def test_surnames_sharing_a_prefix_are_not_merged():
    entities = resolve_entities([ref("f1", "Lavrov"), ref("f2", "Lavrentiev"),
                                 ref("f3", "Sergey Lavrov"), ref("f4", "Alexander Lavrentiev")])
    assert len(entities) == 2
    assert entity_of(entities, "Lavrov") is entity_of(entities, "Sergey Lavrov")
    assert entity_of(entities, "Lavrentiev") is entity_of(entities, "Alexander Lavrentiev")


def test_same_surname_different_given_names_are_two_people_and_bare_surname_stays_apart():
    entities = resolve_entities([ref("g1", "Ana Ferreira"), ref("g2", "Luis Ferreira"),
                                 ref("g3", "Ferreira")])
    assert len(entities) == 3
    assert entity_of(entities, "Ferreira").canonical == "Ferreira"


def test_equivalent_given_names_are_one_person():
    entities = resolve_entities([ref("h1", "Sergey Lavrov"), ref("h2", "Sergei Lavrov"),
                                 ref("h3", "Siergiej Ławrow", language="pl"),
                                 ref("h4", "Foreign Minister Sergei Lavrov"),
                                 ref("h5", "Лавров", language="ru")])
    assert len(entities) == 1


def test_person_never_merges_with_an_organisation():
    entities = resolve_entities([ref("i1", "Ford", "ORG"), ref("i2", "Gerald Ford"), ref("i3", "Ford")])
    assert entity_of(entities, "Gerald Ford").label == "PERSON"
    assert len(entities) == 2


def test_acronyms_and_aliases_join_their_long_form():
    refs = [ref("j1", "the EU", "ORG"), ref("j2", "European Union", "ORG"), ref("j3", "EU's", "ORG"),
            ref("j4", "UN", "ORG"), ref("j5", "United Nations", "ORG"),
            ref("j6", "US", "GPE"), ref("j7", "U.S.", "GPE"), ref("j8", "the United States", "GPE"),
            ref("j9", "United States", "GPE")]
    entities = resolve_entities(refs)
    assert len(entities) == 3
    assert entity_of(entities, "EU's").canonical == "European Union"
    assert entity_of(entities, "UN").canonical == "United Nations"
    assert set(entity_of(entities, "U.S.").variants) == {"US", "U.S.", "the United States", "United States"}


def test_acronym_built_from_an_unknown_long_form():
    entities = resolve_entities([ref("k1", "Organization for Security and Co-operation in Europe", "ORG"),
                                 ref("k2", "OSCE", "ORG")])
    assert len(entities) == 1


def test_washington_joins_the_us_only_as_an_actor():
    entities = resolve_entities([ref("l1", "the United States", "GPE"), ref("l2", "Washington", "ORG"),
                                 ref("l3", "Washington's", "GPE"), ref("l4", "Washington", "GPE")])
    us = entity_of(entities, "the United States")
    assert {m[0] for m in us.mentions} == {"l1", "l2", "l3"}
    city = next(e for e in entities if e is not us)
    assert city.mentions == [("l4", 0, len("Washington"))]
    assert city.label == "GPE"


def test_gpe_and_loc_labels_may_merge():
    entities = resolve_entities([ref("m1", "Nagorno-Karabakh", "GPE"), ref("m2", "Nagorno-Karabakh", "LOC")])
    assert len(entities) == 1


def test_store_scope_keeps_lone_surnames_of_different_stories_apart():
    refs = [ref("n1", "Toivo Klaar", story="s1"), ref("n2", "Klaar", story="s1"),
            ref("n3", "Klaar", story="s2"), ref("n4", "Toivo Klaar", story="s3")]
    entities = resolve_entities(refs, scope="store")
    klaar = entity_of(entities, "Toivo Klaar")
    assert {m[0] for m in klaar.mentions} == {"n1", "n2", "n4"}
    # The same input as one story: the lone surname has a unique full name to join.
    assert len(resolve_entities(refs, scope="story")) == 1


def test_canonical_prefers_the_majority_script_and_the_full_name():
    refs = [ref("o1", "Игорь Ховаев", language="ru"), ref("o2", "Igor Khovaev"),
            ref("o3", "Igor Khovaev"),
            ref("o4", "Chovayev"), ref("o5", "Chovayev"), ref("o6", "Chovayev")]
    (person,) = resolve_entities(refs)
    assert person.canonical == "Igor Khovaev"


def test_name_key_drops_titles_articles_and_possessives():
    assert name_key("President Putin's") == "putin"
    assert name_key("Игорь Ховаев", "ru") == "igor khovaev"
    assert name_key("the EU's") == "eu"
    assert name_key("Secretary of State Antony Blinken") == "antony blinken"
    assert name_key("U.S. President Barack Obama") == "barack obama"
    assert name_key("Dr. Ana Ferreira") == "ana ferreira"
    # A title alone is the whole mention; organisations keep their words.
    assert name_key("the President") == "president"
    assert name_key("General Motors", label="ORG") == "general motors"


def test_unknown_scope_is_rejected():
    with pytest.raises(ValueError, match="scope"):
        resolve_entities([], scope="world")  # type: ignore[arg-type]


def test_double_surname_joins_the_shorter_full_name():
    from newsprism.compare.entities import MentionRef, resolve_entities
    from newsprism.records import EntityMention

    def ref(aid, text, outlet):
        return MentionRef(aid, outlet, "es", EntityMention(0, len(text), text, "PERSON", 0, "", "t"))

    entities = resolve_entities([ref("a", "Rodrigo Salcedo Ibarra", "La Voz"), ref("b", "Rodrigo Salcedo", "Harbor"),
                                 ref("c", "Rodrigo Quispe", "Harbor")])
    people = sorted(sorted(e.variants) for e in entities)
    assert people == [["Rodrigo Quispe"], ["Rodrigo Salcedo", "Rodrigo Salcedo Ibarra"]]


def test_known_outlets_label_their_mentions_and_longer_names_that_start_with_them():
    from newsprism.analyse.entities import entity_key, label_outlets

    def mention(text: str) -> EntityMention:
        return EntityMention(start=0, end=len(text), text=text, label="ORG", sentence=0, key=entity_key(text),
                             extractor="test")

    found = [mention(t) for t in ("CNN", "CNN en Español", "CNNx Labs", "Fox", "Reuters")]
    label_outlets(found, ["cnn", "reuters", "", "fox news"])
    assert [m.label for m in found] == ["OUTLET", "OUTLET", "ORG", "ORG", "OUTLET"]


def test_a_country_named_in_each_outlets_language_is_one_place():
    refs = [ref("m1", "Germany", "GPE"), ref("m2", "Allemagne", "GPE", language="fr"),
            ref("m3", "Niemcy", "GPE", language="pl"), ref("m4", "Германия", "GPE", language="ru"),
            ref("m5", "Deutschland", "GPE", language="de"), ref("m6", "Alemania", "LOC", language="es"),
            ref("m7", "Unia Europejska", "ORG", language="pl"), ref("m8", "the European Union", "ORG"),
            ref("m9", "Stany Zjednoczone", "GPE", language="pl"), ref("m10", "the US", "GPE")]
    entities = resolve_entities(refs)
    assert len(entities) == 3
    assert set(entity_of(entities, "Allemagne").variants) == {
        "Germany", "Allemagne", "Niemcy", "Германия", "Deutschland", "Alemania"}
    assert set(entity_of(entities, "Unia Europejska").variants) == {"Unia Europejska", "the European Union"}
    assert set(entity_of(entities, "Stany Zjednoczone").variants) == {"Stany Zjednoczone", "the US"}


def test_a_country_name_of_another_language_is_not_read_into_english():
    # "Columbia" is Colombia in some language and a city in English; "IRA" is no Iran
    refs = [ref("n1", "Columbia", "GPE"), ref("n2", "Colombia", "GPE"),
            ref("n3", "IRA", "ORG"), ref("n4", "Iran", "GPE")]
    assert len(resolve_entities(refs)) == 4


def test_greek_armenian_and_azerbaijani_names_meet_their_press_spellings():
    refs = [ref("o1", "Kyriakos Mitsotakis"), ref("o2", "Κυριάκος Μητσοτάκης", language="el"),
            ref("o3", "Eleftherios Venizelos"), ref("o4", "Ελευθέριος Βενιζέλος", language="el"),
            ref("o5", "Ilham Aliyev"), ref("o6", "Իլհամ Ալիև", language="hy"),
            ref("o7", "İlham Əliyev", language="az"),
            ref("o8", "Robert Kocharyan"), ref("o9", "Ռոբերտ Քոչարյան", language="hy")]
    entities = resolve_entities(refs)
    assert len(entities) == 4
    assert set(entity_of(entities, "Ilham Aliyev").variants) == {"Ilham Aliyev", "Իլհամ Ալիև", "İlham Əliyev"}
    assert entity_of(entities, "Κυριάκος Μητσοτάκης").canonical == "Kyriakos Mitsotakis"


def test_english_short_forms_of_given_names_are_one_person_and_other_names_are_not():
    entities = resolve_entities([ref("p1", "Bill Clinton"), ref("p2", "William Clinton"),
                                 ref("p3", "Kate Forbes"), ref("p4", "Katherine Forbes"),
                                 ref("p5", "Fred Clinton"), ref("p6", "Robert Forbes")])
    assert set(entity_of(entities, "Bill Clinton").variants) == {"Bill Clinton", "William Clinton"}
    assert set(entity_of(entities, "Kate Forbes").variants) == {"Kate Forbes", "Katherine Forbes"}
    assert len(entities) == 4
