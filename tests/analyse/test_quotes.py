"""Quote and citation extraction: hand-made cases and the seed articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from unidecode import unidecode

from newsprism.analyse.entities import entity_key
from newsprism.analyse.quotes import extract_attributions
from newsprism.records import EntityMention, Sentence

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
DATELINE = re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4} \| updated")


@pytest.fixture(scope="module")
def nlp():
    from newsprism.analyse._nlp import load_pipeline

    try:
        return load_pipeline("en")
    except ImportError as exc:  # pragma: no cover - the model is pinned in requirements.lock
        pytest.skip(f"English spaCy model not installed: {exc}")


def analyse(nlp, text, known_outlets=(), credits=()):
    doc = nlp(text)
    sentences = [Sentence(s.start_char, s.end_char, 0) for s in doc.sents]
    entities = [EntityMention(e.start_char, e.end_char, e.text, e.label_, 0,
                              unidecode(e.text).casefold(), "test") for e in doc.ents]
    return extract_attributions(text, doc=doc, sentences=sentences, entities=entities,
                                known_outlets=known_outlets, credits=credits)


def load_seed(name_prefix):
    paths = sorted(SEEDS.glob(f"{name_prefix}*.txt")) if SEEDS.is_dir() else []
    if not paths:
        pytest.skip(f"seed article {name_prefix}* not found in {SEEDS}")
    lines = [line.strip() for line in paths[0].read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and not line.startswith("Read more:")
             and not DATELINE.match(line)]
    credits = []
    if lines[-1].endswith("(PAP)"):
        lines[-1] = lines[-1][: -len("(PAP)")].rstrip()
        credits = ["PAP"]
    return lines[0] + "\n\n" + "\n\n".join(lines[1:]), credits


# --------------------------------------------------------------------------- direct quotes


def test_said_after_quote_with_curly_marks(nlp):
    text = "“We will not retreat from this region under any circumstances,” said Maria Lopez."
    quotes, citations = analyse(nlp, text)
    [q] = quotes
    assert q.kind == "direct"
    assert q.content.text == "We will not retreat from this region under any circumstances,"
    assert q.speaker.text == "Maria Lopez" and q.cue.text == "said"
    assert text[q.content.start:q.content.end] == q.content.text
    assert [(c.kind, c.key) for c in citations] == [("person", "maria lopez")]


def test_speaker_before_quote_with_colon(nlp):
    text = 'The minister said: "The talks will continue next week in Geneva."'
    [q] = analyse(nlp, text)[0]
    assert q.kind == "direct"
    assert q.content.text == "The talks will continue next week in Geneva."
    assert q.speaker.text == "The minister"


def test_multi_paragraph_quote_runs_to_the_closing_mark(nlp):
    text = ("The mayor spoke for an hour.\n\n"
            "“We have waited too long for this bridge and the people deserve better.\n\n"
            "“Tomorrow we start building it, whatever the council decides,” she said.")
    quotes, _ = analyse(nlp, text)
    [q] = [q for q in quotes if q.kind == "direct"]
    assert q.content.text.startswith("We have waited too long")
    assert q.content.text.endswith("whatever the council decides,")
    assert q.speaker.text == "she"


def test_scare_quotes_are_not_quotes(nlp):
    text = ('Azerbaijan announced the launch of an "anti-terrorist" operation.\n\n'
            'Such meetings are a "rarity" in the region.')
    quotes, _ = analyse(nlp, text)
    assert not [q for q in quotes if q.kind == "direct"]
    assert all("rarity" not in q.content.text for q in quotes)
    # The quoted word inside reported speech only marks that quote as mixed.
    assert [q.kind for q in quotes if "anti-terrorist" in q.content.text] == ["mixed"]


def test_spanish_direct_quote_without_parser():
    text = "«Vamos a ganar las elecciones en noviembre», dijo el presidente Pedro Sánchez."
    quotes, _ = extract_attributions(text, doc=None, sentences=[], entities=[])
    [q] = quotes
    assert q.kind == "direct"
    assert q.content.text == "Vamos a ganar las elecciones en noviembre"
    assert q.cue.text == "dijo"
    assert q.speaker.text == "el presidente Pedro Sánchez"


def test_indirect_speech_without_parser_uses_complementiser():
    text = "El ministro dijo que el acuerdo está cerca."
    [q] = extract_attributions(text, doc=None, sentences=[], entities=[])[0]
    assert (q.kind, q.speaker.text, q.cue.text) == ("indirect", "El ministro", "dijo")
    assert q.content.text == "que el acuerdo está cerca"


# --------------------------------------------------------------------------- indirect speech


def test_indirect_speech_takes_full_subject_and_clause(nlp):
    text = "An American official familiar with the situation explained that the Kremlin still has influence."
    [q] = analyse(nlp, text)[0]
    assert q.kind == "indirect"
    assert q.speaker.text == "An American official familiar with the situation"
    assert q.content.text == "that the Kremlin still has influence"
    assert q.cue.text == "explained"


def test_cue_set_off_by_commas_reports_the_sentence_around_it(nlp):
    text = ("The mayor opened the museum on Friday. Too often, Mayor Ann Clarke said, the debate over "
            "the budget is infected with tribalism.")
    quotes = [q for q in analyse(nlp, text)[0] if q.cue and q.cue.text == "said"]
    assert len(quotes) == 1
    q = quotes[0]
    assert q.speaker.text == "Mayor Ann Clarke"
    assert q.content.text.startswith("Too often") and q.content.text.endswith("infected with tribalism")
    # a cue at the end is not a parenthetical: the content stays before it
    [q] = [q for q in analyse(nlp, "The debate is infected with tribalism, Mayor Ann Clarke said.")[0]]
    assert q.content.text == "The debate is infected with tribalism"


def test_communication_verb_takes_its_object_as_the_content(nlp):
    text = ("Former crew members spoke to reporters. They described crass behavior by the host behind "
            "the scenes of the hit show. The campaign later disclosed her illness.")
    quotes = {q.cue.text: q for q in analyse(nlp, text)[0] if q.cue}
    assert quotes["described"].speaker.text == "They"
    assert quotes["described"].content.text.startswith("crass behavior")
    assert quotes["disclosed"].speaker.text == "The campaign"
    assert quotes["disclosed"].content.text == "her illness"


def test_headline_of_the_form_source_colon_claim(nlp):
    text = ("Sanders: Clinton Must Leave the Personality Stuff Behind\n\n"
            "Senator Bernie Sanders said on Sunday that the campaign should change.")
    [q] = [q for q in analyse(nlp, text)[0] if q.cue and q.cue.text == ":"]
    assert q.speaker.text == "Sanders"  # the article names him in full: a person, not a label
    assert q.content.text == "Clinton Must Leave the Personality Stuff Behind"
    # a label before a colon is not a source
    for label in ("Photo: Jane Doe for the Daily Herald\n\nThe fair opened.",
                  "Washington: The Senate Passed the Bill on Friday\n\nIt did."):
        assert not [q for q in analyse(nlp, label)[0] if q.cue and q.cue.text == ":"], label


def test_quote_signed_with_a_dash_is_attributed_to_the_signature(nlp):
    text = ("Readers wrote to us after the debate.\n\n"
            "“He is ignorant of our culture and lives. He makes simple blanket statements.” ― Pamela Padilla\n\n"
            "“I cannot believe it happened in our town.” — Carla Sanchez, 34, a nurse\n")
    quotes = {q.speaker.text: q for q in analyse(nlp, text)[0] if q.speaker}
    assert quotes["Pamela Padilla"].content.text.startswith("He is ignorant")
    assert quotes["Pamela Padilla"].cue.text == "―"
    assert quotes["Carla Sanchez, 34, a nurse"].content.text == "I cannot believe it happened in our town."


def test_transcript_turn_is_attributed_to_its_speaker_label(nlp):
    text = ("The governor spoke to the host on Sunday.\n\n"
            "WALLACE: Let's start with the news on the debate. Will she be there?\n\n"
            "PENCE: She will not be attending the debate tomorrow night. That was a joke.\n")
    turns = {q.speaker.text: q for q in analyse(nlp, text)[0] if q.cue and q.cue.text == ":"}
    assert turns["WALLACE"].content.text == "Let's start with the news on the debate. Will she be there?"
    assert turns["PENCE"].content.text == "She will not be attending the debate tomorrow night. That was a joke."


def test_speaker_entity_links_to_the_overlapping_mention(nlp):
    text = "Angela Merkel warned that the coalition would not survive the winter."
    [q] = analyse(nlp, text)[0]
    assert q.speaker.text == "Angela Merkel"
    assert q.speaker_entity == "angela merkel"


def test_source_names_lose_outlet_suffix_and_are_transliterated():
    assert entity_key("Politico Portal") == "politico"
    assert entity_key("Gazeta Wyborcza daily") == "gazeta wyborcza"
    assert entity_key("Łódź TV") == "lodz"


# --------------------------------------------------------------------------- seed articles


def test_seed_politico_is_an_outlet_from_cue_patterns_alone(nlp):
    text, credits = load_seed("000_")
    quotes, citations = analyse(nlp, text, credits=credits)
    outlets = [c for c in citations if c.key == "politico"]
    assert outlets and all(c.kind == "outlet" for c in outlets)
    assert any(c.source.startswith("Politico") and "As reported by" in text[c.start - 20:c.start]
               for c in outlets)
    anonymous = [c for c in citations if c.source == "a Western diplomat"]
    assert [c.kind for c in anonymous] in (["official"], ["anonymous"])
    assert [(c.kind, c.key) for c in citations if c.kind == "agency"] == [("agency", "pap")]
    assert any(q.speaker and q.speaker.text == "Politico" and q.cue.text == "notes" and
               q.content.text == "Diplomatic meetings at such a high level are rare" for q in quotes)
    assert "PAP" not in text  # the credit travels as an argument, not in the text


def test_seed_politico_with_known_outlets(nlp):
    text, credits = load_seed("000_")
    _, citations = analyse(nlp, text, known_outlets=["Politico"], credits=credits)
    portal = [c for c in citations if c.source == "Politico Portal"]
    assert [(c.kind, c.key) for c in portal] == [("outlet", "politico")]


def test_seed_politico_said_in_a_report_citing_officials(nlp):
    text, _ = load_seed("004_")
    quotes, citations = analyse(nlp, text)
    [said] = [q for q in quotes if q.cue and q.cue.text == "said"]
    assert said.kind == "indirect" and said.speaker.text == "Politico"
    assert said.content.text.startswith("A secret meeting was held in Turkey")
    assert any(c.key == "politico" and c.kind == "outlet" for c in citations)
    officials = [c for c in citations if c.source.startswith("officials informed on the matter")]
    assert officials and officials[0].kind in ("official", "anonymous")


def test_seed_according_to_information_provided_by(nlp):
    text, _ = load_seed("004_")
    quotes, citations = analyse(nlp, text)
    [q] = [q for q in quotes if q.cue and q.cue.text == "according to"]
    assert q.speaker.text.startswith("Nazeli Baghdasaryan")
    assert q.content.text.startswith("Over 100,000 Nagorno-Karabakh residents")
    assert any(c.source == "Nazeli Baghdasaryan" and c.kind == "person" for c in citations)
    assert [c.kind for c in citations if c.key == "report"] == ["document"]
